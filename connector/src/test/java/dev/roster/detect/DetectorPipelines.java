package dev.roster.detect;

import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.testing.KafkaBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link DetectorPipeline}s for an IT class on the shared broker
 * ({@code @ExtendWith(KafkaBroker.class)} first): one embedded schema registry for the class, and
 * every pipeline a test made closed after it.
 */
final class DetectorPipelines implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private final String name;
  private final int partitions;
  private final List<DetectorPipeline> open = new ArrayList<>();
  private EmbeddedSchemaRegistry registry;

  DetectorPipelines(String name, int partitions) {
    this.name = name;
    this.partitions = partitions;
  }

  DetectorPipeline create() {
    DetectorPipeline pipeline = new DetectorPipeline(registry.url(), partitions);
    open.add(pipeline);
    return pipeline;
  }

  String registryUrl() {
    return registry.url();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
                .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-" + name)));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (DetectorPipeline pipeline : open) {
      pipeline.close();
    }
    open.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    registry.close();
  }
}
