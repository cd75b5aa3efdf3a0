package dev.roster.kafka;

import dev.roster.avro.IdentityKey;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Where a person's records go on roster.identity-changes, roster.identities and
 * roster.identity-alerts: Kafka's default partitioner over the UTF-8 bytes of {@code tenant id,
 * NUL, identity key}, never over the serialized key, whose bytes carry a schema id (see {@link
 * UserPartitioner}). So one task holds each person, and its alerts keep their order.
 */
public final class IdentityPartitioner implements StreamPartitioner<IdentityKey, Object> {

  public static int partition(String tenantId, String identityKey, int partitions) {
    return IdPairPartition.of(tenantId, identityKey, partitions);
  }

  @Override
  public Optional<Set<Integer>> partitions(
      String topic, IdentityKey key, Object value, int numPartitions) {
    return Optional.of(Set.of(partition(key.getTenantId(), key.getIdentityKey(), numPartitions)));
  }
}
