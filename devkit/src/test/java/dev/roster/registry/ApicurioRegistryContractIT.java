package dev.roster.registry;

import dev.roster.testing.ApicurioRegistryExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry contract against a real Apicurio Registry (its Confluent-compatible API), started
 * from Maven Central by the test setup. Apicurio's documented differences from Confluent: the
 * global level starts at NONE, and GET /config/{subject} answers the global level when the subject
 * has none of its own.
 */
@ExtendWith(ApicurioRegistryExtension.class)
class ApicurioRegistryContractIT extends SchemaRegistryContract {

  @Override
  String registryUrl() {
    return ApicurioRegistryExtension.registry().confluentApiUrl();
  }

  @Override
  CompatibilityLevel defaultLevel() {
    return CompatibilityLevel.NONE;
  }
}
