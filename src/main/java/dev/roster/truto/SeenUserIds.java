package dev.roster.truto;

import com.carrotsearch.hppc.LongHashSet;
import java.nio.charset.StandardCharsets;

/**
 * The user ids already listed in one poll, to report duplicates. Keeps a 64-bit FNV-1a hash per id
 * rather than the id itself, in a primitive open-addressing set: 8 bytes an id plus the table's
 * slack (about 16 MB for a million ids, where boxed {@code Long}s in a HashSet took about 50). A
 * false duplicate needs a 64-bit collision (about 1 in 10^7 for a million ids).
 */
final class SeenUserIds {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final LongHashSet hashes = new LongHashSet();

  /** Records {@code id}; false when it was already recorded. */
  boolean firstTime(String id) {
    return hashes.add(hash(id));
  }

  static long hash(String id) {
    long hash = FNV_OFFSET;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
