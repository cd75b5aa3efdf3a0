package dev.roster.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ContractFixtures;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.AvroSerializer;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's consumer reads change events as Roster writes them: registry framing, a tombstone
 * after a removal.
 */
@ExtendWith(KafkaBroker.class)
class UserEventsConsumerIT {

  @Test
  void readsTheEventsRosterWritesAndSkipsTombstones() throws Exception {
    String topic = KafkaBroker.handle().uniqueTopic("user-events");
    UserChangeEvent event = ContractFixtures.statusChange("00u1");
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
                .withTopic(KafkaBroker.handle().uniqueTopic("_schemas")))) {
      SchemaRegistryClient client =
          new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
      try (var producer =
          new KafkaProducer<>(
              KafkaBroker.handle().producerProps(),
              new AvroSerializer<UserKey>(client, AvroSerdeConfig.DEFAULTS, true),
              new AvroSerializer<UserChangeEvent>(client, AvroSerdeConfig.DEFAULTS, false))) {
        producer.send(new ProducerRecord<>(topic, ContractFixtures.key("00u1"), event)).get();
        producer.send(new ProducerRecord<>(topic, ContractFixtures.key("00u2"), null)).get();
      }

      List<UserChangeEvent> received = new ArrayList<>();
      try (UserEventsConsumer consumer =
          new UserEventsConsumer(
              KafkaBroker.bootstrapServers(), registry.url(), "example", topic)) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  consumer.poll(received::add);
                  return !received.isEmpty();
                });
        consumer.poll(received::add);
      }

      assertThat(received).containsExactly(event);
    }
  }
}
