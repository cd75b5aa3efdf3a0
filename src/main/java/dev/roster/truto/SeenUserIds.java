package dev.roster.truto;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The user ids already listed in one poll, to report duplicates. Keeps a 64-bit FNV-1a hash per id
 * rather than the id itself, so a million-user account costs a few tens of MB at most; a false
 * duplicate needs a 64-bit collision (about 1 in 10^7 for a million ids).
 */
final class SeenUserIds {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final Set<Long> hashes = new HashSet<>();

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
