package dev.roster.testing;

import static org.awaitility.Awaitility.await;

import dev.roster.embedded.BrokerProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real in-process KRaft Kafka broker (one combined controller+broker node, the same jars as a
 * production broker) shared by every test class of the test JVM.
 *
 * <p>Use {@code @ExtendWith(KafkaBroker.class)} on a test class, then either the static accessors
 * ({@link #handle()}, {@link #bootstrapServers()}) or a {@link Handle} parameter. The broker starts
 * with the first class that needs it and stops when the test engine finishes: it lives in the root
 * store.
 */
public final class KafkaBroker implements BeforeAllCallback, ParameterResolver {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBroker.class);

  /**
   * Settings a one-node cluster needs and the test kit does not set: the demo broker's, so tests
   * and the demo run the same single-node configuration (docs/architecture.md#single-node-broker).
   */
  static final Map<String, String> SINGLE_NODE_SETTINGS = BrokerProperties.SINGLE_NODE_SETTINGS;

  private static volatile Handle running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Handle.class, type -> start(), Handle.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Handle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    beforeAll(context); // with @TestInstance(PER_CLASS) a constructor parameter is resolved before
    // beforeAll
    return running;
  }

  /**
   * The shared broker; the test class must be extended with {@code @ExtendWith(KafkaBroker.class)}.
   */
  public static Handle handle() {
    Handle handle = running;
    if (handle == null) {
      throw new IllegalStateException(
          "No Kafka broker: annotate the test class with @ExtendWith(KafkaBroker.class)");
    }
    return handle;
  }

  public static String bootstrapServers() {
    return handle().bootstrapServers();
  }

  private static Handle start() {
    long started = System.nanoTime();
    Handle handle = new Handle(startCluster(new TestKitNodes.Builder(), Map.of()));
    LOG.info(
        "Kafka broker ready at {} in {} ms",
        handle.bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
    return handle;
  }

  /**
   * A one-node cluster of its own, as the shared broker is made, with {@code nodes} choosing its
   * listeners (a SASL-only broker, say) and {@code brokerSettings} on top; the caller closes it.
   */
  public static KafkaClusterTestKit startCluster(
      TestKitNodes.Builder nodes, Map<String, String> brokerSettings) {
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
              nodes
                  .setCombined(true)
                  .setNumControllerNodes(1)
                  .setNumBrokerNodes(1)
                  .setBootstrapMetadata(productionFeatures())
                  .build());
      SINGLE_NODE_SETTINGS.forEach(builder::setConfigProp);
      brokerSettings.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      try {
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
      } catch (Exception | Error e) {
        cluster.close();
        throw e;
      }
      return cluster;
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the in-process Kafka broker", e);
    }
  }

  /**
   * The test kit boots unreleased metadata features by default; a real broker formats with the
   * latest production metadata version and each production feature at its default level for that
   * version.
   */
  private static BootstrapMetadata productionFeatures() {
    MetadataVersion metadataVersion = MetadataVersion.latestProduction();
    Map<String, Short> levels = new TreeMap<>();
    levels.put(MetadataVersion.FEATURE_NAME, metadataVersion.featureLevel());
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      levels.put(feature.featureName(), feature.defaultLevel(metadataVersion));
    }
    return BootstrapMetadata.fromVersions(metadataVersion, levels, "roster-tests");
  }

  /** The running broker and what tests need to talk to it. Closing it stops the broker. */
  public static final class Handle implements AutoCloseable {

    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger TOPIC_COUNTER = new AtomicInteger();

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private Handle(KafkaClusterTestKit cluster) {
      this.cluster = cluster;
      this.admin = Admin.create(adminConfig());
    }

    public String bootstrapServers() {
      return cluster.bootstrapServers();
    }

    /** A topic name no other test in this JVM uses, so tests need no clean-up between them. */
    public String uniqueTopic(String prefix) {
      return prefix
          + "-"
          + TOPIC_COUNTER.incrementAndGet()
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Creates the topic and waits until every partition has a leader, so clients can use it at
     * once.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
      try {
        admin
            .createTopics(List.of(topic))
            .all()
            .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        await("leaders of " + name)
            .atMost(TOPIC_READY_TIMEOUT)
            .until(() -> allPartitionsLed(name, partitions));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topic " + name, e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Could not create topic " + name, e);
      }
    }

    private boolean allPartitionsLed(String name, int partitions) throws Exception {
      TopicDescription description =
          admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
      return description.partitions().size() == partitions
          && description.partitions().stream().allMatch(partition -> partition.leader() != null);
    }

    public Map<String, Object> adminConfig() {
      Map<String, Object> config = new HashMap<>();
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      return config;
    }

    /**
     * Durable, idempotent producer settings without serializers (pass them to the constructor). Add
     * {@code transactional.id} for an exactly-once producer.
     */
    public Map<String, Object> producerProps() {
      Map<String, Object> props = new HashMap<>();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      return props;
    }

    /**
     * Consumer settings without deserializers: read_committed like every Roster consumer, from the
     * earliest offset because test topics are new.
     */
    public Map<String, Object> consumerProps(String groupId) {
      Map<String, Object> props = new HashMap<>();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      return props;
    }

    @Override
    public void close() {
      try {
        admin.close(Duration.ofSeconds(5));
        cluster.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while stopping the Kafka broker", e);
      } catch (Exception e) {
        throw new IllegalStateException("Could not stop the Kafka broker cleanly", e);
      }
    }
  }
}
