package dev.roster.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of Roster's Avro serde. The keys are Confluent's, so a client configuration written for
 * Confluent's serializer works unchanged.
 *
 * @param autoRegister register unknown schemas on first use (else only look up existing ids)
 * @param keySubjectStrategy how key schemas name their subject
 * @param valueSubjectStrategy how value schemas name their subject
 * @param specificReader decode into generated SpecificRecord classes rather than GenericRecord
 * @param specificKeyType the class keys are read into (else the class named by the writer schema)
 * @param specificValueType the class values are read into (else the class named by the writer
 *     schema)
 */
public record AvroSerdeConfig(
    boolean autoRegister,
    SubjectNameStrategy keySubjectStrategy,
    SubjectNameStrategy valueSubjectStrategy,
    boolean specificReader,
    Optional<Class<?>> specificKeyType,
    Optional<Class<?>> specificValueType) {

  /** Comma-separated base URLs of the registry. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** {@code user:secret} for HTTP basic auth (Confluent Cloud API key and secret). */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Only {@code USER_INFO} is supported; kept so Confluent configs are accepted as they are. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Register schemas on first use. Default true. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * Subject strategy for keys: topic (default), record, topic_record, or Confluent's class names.
   */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /**
   * Subject strategy for values: topic (default), record, topic_record, or Confluent's class names.
   */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Decode into generated classes. Default false (GenericRecord). */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** Class that keys are decoded into when specific.avro.reader is true. */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  /** Class that values are decoded into when specific.avro.reader is true. */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  /** Registry request timeout in milliseconds. Default 30000. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  public static final AvroSerdeConfig DEFAULTS =
      new AvroSerdeConfig(
          true,
          SubjectNameStrategy.TOPIC,
          SubjectNameStrategy.TOPIC,
          false,
          Optional.empty(),
          Optional.empty());

  public SubjectNameStrategy subjectStrategy(boolean isKey) {
    return isKey ? keySubjectStrategy : valueSubjectStrategy;
  }

  public Optional<Class<?>> specificType(boolean isKey) {
    return isKey ? specificKeyType : specificValueType;
  }

  public AvroSerdeConfig withAutoRegister(boolean enabled) {
    return new AvroSerdeConfig(
        enabled,
        keySubjectStrategy,
        valueSubjectStrategy,
        specificReader,
        specificKeyType,
        specificValueType);
  }

  public AvroSerdeConfig withSubjectStrategies(SubjectNameStrategy key, SubjectNameStrategy value) {
    return new AvroSerdeConfig(
        autoRegister, key, value, specificReader, specificKeyType, specificValueType);
  }

  public AvroSerdeConfig withSpecificReader(boolean enabled) {
    return new AvroSerdeConfig(
        autoRegister,
        keySubjectStrategy,
        valueSubjectStrategy,
        enabled,
        specificKeyType,
        specificValueType);
  }

  /** Reads the serde settings from a Kafka client configuration map. */
  public static AvroSerdeConfig from(Map<String, ?> configs) {
    return new AvroSerdeConfig(
        bool(configs, AUTO_REGISTER_SCHEMAS, DEFAULTS.autoRegister),
        strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
        strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
        bool(configs, SPECIFIC_AVRO_READER, DEFAULTS.specificReader),
        type(configs, SPECIFIC_AVRO_KEY_TYPE),
        type(configs, SPECIFIC_AVRO_VALUE_TYPE));
  }

  /** Reads where the registry is from a Kafka client configuration map; fails naming the key. */
  public static RegistryClientConfig registryClientConfig(Map<String, ?> configs) {
    Object urls = configs.get(SCHEMA_REGISTRY_URL);
    if (urls == null || urls.toString().isBlank()) {
      throw new ConfigException(
          SCHEMA_REGISTRY_URL, urls, "is required: the base URL of the schema registry");
    }
    Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
    if (source != null && !"USER_INFO".equalsIgnoreCase(source.toString())) {
      throw new ConfigException(
          BASIC_AUTH_CREDENTIALS_SOURCE, source, "only USER_INFO is supported");
    }
    RegistryClientConfig config;
    try {
      config = RegistryClientConfig.of(urls.toString());
    } catch (IllegalArgumentException e) {
      // Not the value itself: it may carry credentials, which the message has left out.
      throw new ConfigException(SCHEMA_REGISTRY_URL + ": " + e.getMessage());
    }
    Object timeout = configs.get(REQUEST_TIMEOUT_MS);
    if (timeout != null) {
      config =
          config.withTimeouts(
              config.connectTimeout(),
              Duration.ofMillis(positiveLong(REQUEST_TIMEOUT_MS, timeout)));
    }
    Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
    if (userInfo != null && !userInfo.toString().isBlank()) {
      if (!userInfo.toString().contains(":")) {
        // The value is a secret: never echo it.
        throw new ConfigException(BASIC_AUTH_USER_INFO + " must have the form user:secret");
      }
      config = config.withBasicAuth(userInfo.toString());
    }
    return config;
  }

  private static long positiveLong(String key, Object value) {
    try {
      long parsed = Long.parseLong(value.toString().trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(key, value, "must be a positive number of milliseconds");
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
    Object value = configs.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new ConfigException(key, value, "must be true or false");
  }

  private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return SubjectNameStrategy.TOPIC;
    }
    if (value instanceof Class<?> type) {
      value = type.getName();
    }
    try {
      return SubjectNameStrategy.parse(value.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, value, e.getMessage());
    }
  }

  private static Optional<Class<?>> type(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Class<?> type) {
      return Optional.of(type);
    }
    try {
      return Optional.of(Class.forName(value.toString().trim()));
    } catch (ClassNotFoundException e) {
      throw new ConfigException(key, value, "no such class on the classpath");
    }
  }
}
