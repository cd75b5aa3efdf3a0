package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
class KafkaBrokerIT {

  @Test
  void plainProducerAndConsumerGroupRoundTrip(KafkaBroker.Handle broker) throws Exception {
    String topic = broker.uniqueTopic("plain");
    broker.createTopic(topic, 3, Map.of());

    try (var producer =
        new KafkaProducer<>(
            broker.producerProps(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 6; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
      }
    }

    assertThat(consumeValues(broker, topic, "group-" + topic, 6))
        .containsExactlyInAnyOrder(
            "value-0", "value-1", "value-2", "value-3", "value-4", "value-5");
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly(KafkaBroker.Handle broker) {
    String topic = broker.uniqueTopic("transactional");
    broker.createTopic(topic, 1, Map.of());

    Map<String, Object> props = broker.producerProps();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + topic);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
      producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
      producer.commitTransaction();
    }

    // Had the aborted record leaked through, it would be the first of the two read here.
    assertThat(consumeValues(broker, topic, "group-" + topic, 2))
        .containsExactly("committed-1", "committed-2");
  }

  @Test
  void staticAccessorsNameTheSharedBroker(KafkaBroker.Handle broker) {
    assertThat(KafkaBroker.bootstrapServers()).isEqualTo(broker.bootstrapServers());
    assertThat(KafkaBroker.handle()).isSameAs(broker);
  }

  private static List<String> consumeValues(
      KafkaBroker.Handle broker, String topic, String group, int count) {
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            broker.consumerProps(group), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("records from " + topic)
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  values.add(record.value());
                }
                return values.size() >= count;
              });
      consumer.commitSync();
    }
    return values;
  }
}
