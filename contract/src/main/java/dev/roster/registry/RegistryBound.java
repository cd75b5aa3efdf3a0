package dev.roster.registry;

import java.util.Map;

/**
 * What Roster's serializer and deserializer share: the registry client, the serde settings and
 * whether they handle keys, given either at construction (sharing a client with other serdes) or by
 * Kafka's {@code configure} from client properties. Whichever comes first wins, so a serde built
 * with its client is never reconfigured behind its back.
 */
abstract class RegistryBound {

  SchemaRegistryClient client;
  AvroSerdeConfig config;
  boolean isKey;

  RegistryBound() {}

  RegistryBound(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
    this.client = client;
    this.config = config;
    this.isKey = isKey;
  }

  public void configure(Map<String, ?> configs, boolean isKey) {
    if (client == null) {
      configure(
          new SchemaRegistryClient(AvroSerdeConfig.registryClientConfig(configs)),
          AvroSerdeConfig.from(configs),
          isKey);
    }
  }

  /** Lets a serde configure its serializer and deserializer with one shared client. */
  void configure(SchemaRegistryClient sharedClient, AvroSerdeConfig settings, boolean isKey) {
    if (client == null) {
      this.client = sharedClient;
      this.config = settings;
      this.isKey = isKey;
    }
  }

  /** Fails with what to set when neither construction nor configure supplied a registry. */
  void requireConfigured(String role) {
    if (client == null) {
      throw new IllegalStateException(
          role + " is not configured: set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
  }
}
