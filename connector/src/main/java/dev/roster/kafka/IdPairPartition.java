package dev.roster.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The one hash Roster places records by: Kafka's default partitioner applied to the UTF-8 bytes of
 * two ids joined by NUL (ids never contain NUL), never to a serialized key. {@link UserPartitioner}
 * uses it for (account, user), {@link IdentityPartitioner} for (tenant, identity key).
 */
final class IdPairPartition {

  private static final char SEPARATOR = '\u0000';

  private IdPairPartition() {}

  static int of(String first, String second, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
    }
    byte[] canonical = (first + SEPARATOR + second).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(canonical)) % partitions;
  }
}
