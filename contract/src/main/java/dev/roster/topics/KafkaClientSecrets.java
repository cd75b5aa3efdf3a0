package dev.roster.topics;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which Kafka client settings are secrets (sasl.jaas.config, ssl.keystore.password, ...), so that
 * whatever prints a client configuration — a settings record, a start-up line, a configuration
 * problem — can hide them.
 */
public final class KafkaClientSecrets {

  /** What a hidden value prints as: the same as Kafka's own {@code Password}. */
  public static final String HIDDEN = "[hidden]";

  /**
   * The keys Kafka's own clients declare as passwords: ssl.keystore.password, sasl.jaas.config, …
   */
  private static final Set<String> DECLARED_PASSWORDS =
      Stream.of(
              ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
          .flatMap(definition -> definition.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(Collectors.toUnmodifiableSet());

  private KafkaClientSecrets() {}

  /**
   * Whether a Kafka client key holds a secret. Names the clients do not declare (a plug-in's
   * options) are judged by their name, erring on the side of hiding.
   */
  public static boolean isSecret(String clientKey) {
    String name = clientKey.toLowerCase(Locale.ROOT);
    return DECLARED_PASSWORDS.contains(name)
        || Stream.of("password", "secret", "jaas", "credential", "token").anyMatch(name::contains);
  }

  /**
   * The client configuration, sorted, with every secret value shown as {@link #HIDDEN}: safe to
   * print.
   */
  public static Map<String, Object> masked(Map<String, ?> clientProps) {
    Map<String, Object> shown = new TreeMap<>();
    clientProps.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : value));
    return shown;
  }
}
