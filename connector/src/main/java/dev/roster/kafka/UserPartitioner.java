package dev.roster.kafka;

import dev.roster.avro.UserKey;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where a user's records go on roster.observations, roster.users and roster.user-events: a hash of
 * the account id and the user id themselves, never of the serialized key, whose bytes carry a
 * schema id that a UserKey schema change, a rolling deploy or a registry migration changes. A user
 * that moved partition would be missed by its old partition (a false removal) and found by the new
 * one (a false creation), and two detector tasks would write its roster.users row in no fixed
 * order.
 *
 * <p>The hash is Kafka's default partitioner applied to the UTF-8 bytes of {@code account id, NUL,
 * user id} (Truto ids never contain NUL), so any client can compute a user's partition from its ids
 * alone. It depends on the partition count too: start-up refuses a count that changed under
 * existing state (README.md, "Changing the number of partitions").
 */
public final class UserPartitioner implements StreamPartitioner<UserKey, Object> {

  /**
   * The partition of user {@code userId} of account {@code accountId} on a topic of {@code
   * partitions} partitions.
   */
  public static int partition(String accountId, String userId, int partitions) {
    return IdPairPartition.of(accountId, userId, partitions);
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, UserKey key, Object value, int numPartitions) {
    return Optional.of(
        Set.of(partition(key.getIntegratedAccountId(), key.getUserId(), numPartitions)));
  }
}
