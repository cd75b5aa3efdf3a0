package dev.roster.config;

import dev.roster.topics.KafkaClientSecrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The configuration as written, before validation: every value given and where it came from (the
 * file or an environment variable), so that a problem can say where to fix it.
 *
 * @param values keys to values as written, declared and {@code kafka.*} keys alike
 * @param origins keys to where their value came from; keys given in code have none
 */
record ConfigSources(Map<String, String> values, Map<String, String> origins) {

  static final String ENVIRONMENT_PREFIX = "ROSTER_";
  static final String KAFKA_PREFIX = "kafka.";
  private static final String KAFKA_ENVIRONMENT_PREFIX = ENVIRONMENT_PREFIX + "KAFKA_";
  private static final String FILE_VARIABLE_SUFFIX = "_FILE";

  ConfigSources {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    origins = Map.copyOf(origins);
  }

  static ConfigSources given(Map<String, String> values) {
    return new ConfigSources(values, Map.of());
  }

  /**
   * The file's values, then the environment's on top: for each declared key its variable, and every
   * {@code ROSTER_KAFKA_<REST>} as {@code kafka.<rest>}, or as {@code kafka.<secret>-file} when
   * {@code <REST>} is a Kafka client secret followed by {@code _FILE} (see {@link SecretFiles}).
   * Empty variables count as unset, because container templates often render an unset variable as
   * an empty one.
   */
  static ConfigSources read(
      Optional<Path> file, Map<String, String> environment, Set<String> declaredKeys) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    file.ifPresent(
        path ->
            readFile(path)
                .forEach(
                    (key, value) -> {
                      values.put(key, value);
                      origins.put(key, path.toString());
                    }));
    environment.forEach(
        (variable, value) -> {
          if (!value.isEmpty()) {
            keyOf(variable, declaredKeys)
                .ifPresent(
                    key -> {
                      values.put(key, value);
                      origins.put(key, "environment variable " + variable);
                    });
          }
        });
    return new ConfigSources(values, origins);
  }

  /** {@code truto.api-token} → {@code ROSTER_TRUTO_API_TOKEN}. */
  static String environmentVariable(String key) {
    return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Optional<String> keyOf(String variable, Set<String> declaredKeys) {
    if (variable.startsWith(KAFKA_ENVIRONMENT_PREFIX)) {
      String rest = variable.substring(KAFKA_ENVIRONMENT_PREFIX.length());
      if (rest.endsWith(FILE_VARIABLE_SUFFIX)) {
        // ROSTER_KAFKA_SASL_JAAS_CONFIG_FILE: the secret's file, not a client key ending in .file.
        String secret =
            kafkaClientKey(rest.substring(0, rest.length() - FILE_VARIABLE_SUFFIX.length()));
        if (KafkaClientSecrets.isSecret(secret)) {
          return Optional.of(KAFKA_PREFIX + secret + SecretFiles.SUFFIX);
        }
      }
      return Optional.of(KAFKA_PREFIX + kafkaClientKey(rest));
    }
    return declaredKeys.stream()
        .filter(key -> environmentVariable(key).equals(variable))
        .findFirst();
  }

  /** {@code SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
  private static String kafkaClientKey(String variableRest) {
    return variableRest.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  ConfigSources with(String key, String value) {
    Map<String, String> newValues = new LinkedHashMap<>(values);
    newValues.put(key, value);
    Map<String, String> newOrigins = new LinkedHashMap<>(origins);
    newOrigins.remove(key);
    return new ConfigSources(newValues, newOrigins);
  }

  /** Keys and origins only: the values are as written, secrets among them. */
  @Override
  public String toString() {
    return "ConfigSources[keys=" + values.keySet() + ", origins=" + origins + "]";
  }

  Optional<String> origin(String key) {
    return Optional.ofNullable(origins.get(key));
  }

  /**
   * " (from <origin>)" for a problem about {@code key}, or nothing when the key was given in code.
   */
  String where(String key) {
    return origin(key).map(origin -> " (from " + origin + ")").orElse("");
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigProblems(List.of("configuration file " + path + " does not exist"));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigProblems(
          List.of("configuration file " + path + " cannot be read: " + e.getMessage()));
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().stream()
        .sorted()
        .forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }
}
