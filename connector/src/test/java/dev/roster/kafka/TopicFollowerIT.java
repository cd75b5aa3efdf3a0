package dev.roster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.testing.KafkaBroker;
import dev.roster.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
class TopicFollowerIT {

  private static final int RECORDS = 400;

  private static TopicSpec<String, String> topic(String prefix) {
    String name = KafkaBroker.handle().uniqueTopic(prefix);
    KafkaBroker.handle().createTopic(name, 3, Map.of());
    return new TopicSpec<>(name, Serdes.String(), Serdes.String(), 3, (short) 1, Map.of());
  }

  @Test
  void readToCurrentEndCompletesOnlyOnceEveryRecordCommittedBeforeWasHandedOn() throws Exception {
    TopicSpec<String, String> followed = topic("followed");
    try (var producer =
        new KafkaProducer<>(
            KafkaBroker.handle().producerProps(),
            Serdes.String().serializer(),
            Serdes.String().serializer())) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(followed.name(), "k" + i, "v" + i));
      }
      producer.flush();
    }
    AtomicInteger handedOn = new AtomicInteger();
    try (TopicFollower follower =
        new TopicFollower(
            "test-follower",
            List.of(followed),
            broker(),
            record -> {
              sleepBriefly(); // a slow reader: the records are not all handed on when the end is
              // asked for
              handedOn.incrementAndGet();
            },
            () -> {})) {
      var reachedEnd = follower.readToCurrentEnd(followed);

      reachedEnd.get(60, TimeUnit.SECONDS);

      assertThat(handedOn.get()).isEqualTo(RECORDS);
    }
  }

  @Test
  void aTopicThatIsNotFollowedIsSaidSo() throws Exception {
    TopicSpec<String, String> followed = topic("followed");
    TopicSpec<String, String> other = topic("other");
    try (TopicFollower follower =
        new TopicFollower("test-follower", List.of(followed), broker(), record -> {}, () -> {})) {
      assertThatThrownBy(() -> follower.readToCurrentEnd(other).get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("does not follow " + other.name());
    }
  }

  private static Map<String, Object> broker() {
    return Map.of("bootstrap.servers", KafkaBroker.bootstrapServers());
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
