package dev.roster.config;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Which pass-through Kafka client values are secrets, so that no message and no toString() shows them. */
final class Secrets {

  static final String HIDDEN = "[hidden]";

  /** The keys Kafka's own clients declare as passwords: ssl.keystore.password, sasl.jaas.config, … */
  private static final Set<String> KAFKA_CLIENT_PASSWORDS =
      Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
          .flatMap(definition -> definition.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(Collectors.toUnmodifiableSet());

  private Secrets() {}

  /**
   * Whether a Kafka client key (without {@code kafka.}) holds a secret. Names the clients do not
   * declare (a plug-in's options) are judged by their name, erring on the side of hiding.
   */
  static boolean isKafkaClientSecret(String clientKey) {
    String name = clientKey.toLowerCase(Locale.ROOT);
    return KAFKA_CLIENT_PASSWORDS.contains(name)
        || Stream.of("password", "secret", "jaas", "credential", "token").anyMatch(name::contains);
  }
}
