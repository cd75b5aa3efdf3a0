package dev.roster.examples;

import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.AvroDeserializer;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A downstream service reading {@code roster.user-events} with the contract module alone: Roster's
 * generated classes and its registry deserializer. The README quotes this class between its snippet
 * markers (ReadmeExampleTest keeps the two the same).
 */
public final class UserEventsConsumer implements AutoCloseable {

  // README snippet start
  private final KafkaConsumer<UserKey, UserChangeEvent> consumer;

  public UserEventsConsumer(
      String bootstrapServers, String registryUrl, String groupId, String topic) {
    SchemaRegistryClient registry = new SchemaRegistryClient(RegistryClientConfig.of(registryUrl));
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // Roster writes in transactions: read only what it committed.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            AvroDeserializer.specific(registry, UserKey.class, true),
            AvroDeserializer.specific(registry, UserChangeEvent.class, false));
    consumer.subscribe(List.of(topic)); // roster.user-events, or topics.prefix + "user-events"
  }

  /** Hands the change events one poll brings to {@code handler}; returns how many there were. */
  public int poll(Consumer<UserChangeEvent> handler) {
    int count = 0;
    for (ConsumerRecord<UserKey, UserChangeEvent> record : consumer.poll(Duration.ofSeconds(1))) {
      UserChangeEvent event = record.value();
      if (event != null) { // a tombstone follows a removal, for compaction
        // e.g. event.getType() == ChangeType.USER_STATUS_CHANGED: event.getAfter().getStatus()
        handler.accept(event);
        count++;
      }
    }
    return count;
  }

  // README snippet end

  @Override
  public void close() {
    consumer.close();
  }
}
