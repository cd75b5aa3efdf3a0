package dev.roster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.detect.ChangeDetector;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * No consumer of Roster's may create a topic
 * (docs/architecture.md#internal-topics-and-consumer-groups).
 */
class ConsumerPropsTest {

  private static final Map<String, Object> CLIENT = Map.of("bootstrap.servers", "127.0.0.1:9");

  @Test
  void aRosterConsumerNeitherCreatesTopicsNorCommitsByItself() {
    ConsumerConfig config = consumerConfig(ConsumerProps.of(CLIENT));

    assertThat(config.getBoolean(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG)).isFalse();
    assertThat(config.getBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isFalse();
    assertThat(config.getList(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG))
        .containsExactly("127.0.0.1:9");
  }

  @Test
  void theStreamsApplicationsConsumersCreateNoTopicEither() {
    StreamsConfig streams =
        new StreamsConfig(
            ChangeDetector.streamsConfig(
                "roster-test",
                CLIENT,
                new RosterTopics(
                    TopicSettings.singleBroker("roster.", 3),
                    new SchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:9")),
                    AvroSerdeConfig.DEFAULTS),
                (short) 1,
                Path.of("s")));

    for (Map<String, Object> consumer :
        List.of(
            streams.getMainConsumerConfigs("roster-test", "c", 0),
            streams.getRestoreConsumerConfigs("c"),
            streams.getGlobalConsumerConfigs("c"))) {
      assertThat(consumer.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG))
          .as("Kafka Streams' own consumer default")
          .hasToString("false");
    }
  }

  /**
   * Every consumer in Roster's code starts from {@link ConsumerProps}, but for Kafka Streams' own
   * (made by its client supplier in SizeCheckedProducer, from the configuration checked above).
   */
  @Test
  void everyConsumerInTheCodeStartsFromConsumerProps() throws IOException {
    Path main = Path.of("connector/src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      List<Path> consumers =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> read(file).contains("new KafkaConsumer<>("))
              .filter(file -> !file.endsWith("detect/SizeCheckedProducer.java"))
              .toList();

      assertThat(consumers).isNotEmpty();
      assertThat(consumers)
          .allSatisfy(file -> assertThat(read(file)).contains("ConsumerProps.of("));
    }
  }

  private static ConsumerConfig consumerConfig(Map<String, Object> props) {
    Map<String, Object> withSerdes = new java.util.HashMap<>(props);
    withSerdes.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    withSerdes.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    return new ConsumerConfig(withSerdes);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
