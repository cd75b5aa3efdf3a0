package dev.roster.registry;

import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.testing.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry contract against Roster's embedded registry, backed by a real broker. */
@ExtendWith(KafkaBroker.class)
class EmbeddedRegistryContractIT extends SchemaRegistryContract {

  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
                .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-contract")));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Override
  String registryUrl() {
    return registry.url();
  }

  @Override
  CompatibilityLevel defaultLevel() {
    return CompatibilityLevel.BACKWARD;
  }
}
