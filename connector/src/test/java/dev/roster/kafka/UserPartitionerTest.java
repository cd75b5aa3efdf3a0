package dev.roster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.UserKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class UserPartitionerTest {

  @Test
  void isKafkasDefaultPartitionerOverTheAccountIdNulAndTheUserId() {
    for (int n = 0; n < 200; n++) {
      byte[] canonical = ("acct-" + (n % 7) + "\u0000u" + n).getBytes(StandardCharsets.UTF_8);
      assertThat(UserPartitioner.partition("acct-" + (n % 7), "u" + n, 6))
          .isEqualTo(BuiltInPartitioner.partitionForKey(canonical, 6));
    }
  }

  @Test
  void theDetectorsSinksPutAUserWhereTheWriterPutItsObservations() {
    UserPartitioner sinks = new UserPartitioner();
    for (int n = 0; n < 200; n++) {
      assertThat(sinks.partitions("roster.users", new UserKey("acct-1", "u" + n), null, 6))
          .isEqualTo(Optional.of(Set.of(UserPartitioner.partition("acct-1", "u" + n, 6))));
    }
  }

  @Test
  void theSeparatorKeepsIdsApart() {
    long differing =
        IntStream.range(0, 100)
            .filter(
                n ->
                    UserPartitioner.partition("ab" + n, "c", 12)
                        != UserPartitioner.partition("a", "b" + n + "c", 12))
            .count();
    assertThat(differing).as("'ab'+'c' and 'a'+'bc' are different users").isGreaterThan(50);
  }

  @Test
  void spreadsUsersEvenly() {
    int[] perPartition = new int[6];
    IntStream.range(0, 60_000)
        .forEach(n -> perPartition[UserPartitioner.partition("acct-" + (n % 13), "00u" + n, 6)]++);
    assertThat(IntStream.of(perPartition).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(9_000, 11_000));
  }

  @Test
  void aTopicHasAtLeastOnePartition() {
    assertThatThrownBy(() -> UserPartitioner.partition("a", "u", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
