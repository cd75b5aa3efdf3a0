package dev.roster.cli;

import dev.roster.config.RosterConfig;
import dev.roster.kafka.ConsumerProps;
import dev.roster.registry.AvroDeserializer;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a topic as JSON lines, decoding Avro through the schema registry. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description =
        "Print the records of a topic as JSON lines ({\"partition\",\"offset\",\"key\",\"value\"}), decoded with the schema registry. "
            + "Reads committed records only.")
final class TailCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Parameters(paramLabel = "TOPIC", description = "The topic, e.g. roster.user-events")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the oldest record instead of the newest.")
  boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stop after N records (default: follow until stopped).")
  Long max;

  @Override
  public Integer call() {
    RosterConfig loaded = config.load();
    SchemaRegistryClient registry = new SchemaRegistryClient(loaded.registryClientConfig());
    Map<String, Object> props = ConsumerProps.of(loaded.kafkaClientProps());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "roster-tail-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroDeserializer<GenericRecord> avro =
        new AvroDeserializer<>(registry, AvroSerdeConfig.DEFAULTS, false);
    AvroDeserializer<GenericRecord> avroKeys =
        new AvroDeserializer<>(registry, AvroSerdeConfig.DEFAULTS, true);
    StringDeserializer text = new StringDeserializer();
    AtomicBoolean running = new AtomicBoolean(true);
    long printed = 0;
    try (var consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    running.set(false);
                    consumer.wakeup();
                  }));
      consumer.subscribe(List.of(topic));
      while (running.get() && (max == null || printed < max)) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          String line;
          try {
            line =
                "{\"partition\":"
                    + record.partition()
                    + ",\"offset\":"
                    + record.offset()
                    + ",\"key\":"
                    + decode(avroKeys, text, record.key())
                    + ",\"value\":"
                    + decode(avro, text, record.value())
                    + "}";
          } catch (SerializationException e) {
            // One record that cannot be read (docs/architecture.md#bounded-decoding) is said and
            // passed over, not the end of the tail.
            System.err.println(
                "Skipping "
                    + topic
                    + "-"
                    + record.partition()
                    + " offset "
                    + record.offset()
                    + ": "
                    + e.getMessage());
            continue;
          }
          System.out.println(line);
          if (max != null && ++printed >= max) {
            break;
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // stopped
    }
    return 0;
  }

  /**
   * Avro through the registry when framed so, else the bytes as a JSON string (account ids are
   * plain strings).
   */
  private String decode(
      AvroDeserializer<GenericRecord> avro, StringDeserializer text, byte[] bytes) {
    if (bytes == null) {
      return "null";
    }
    if (bytes.length > 5 && bytes[0] == 0) {
      return avro.deserialize(topic, bytes).toString();
    }
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text.deserialize(topic, bytes))
        .toString();
  }
}
