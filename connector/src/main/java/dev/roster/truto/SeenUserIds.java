package dev.roster.truto;

import com.carrotsearch.hppc.LongHashSet;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The user ids already listed in one poll, to report duplicates. Keeps a 64-bit hash per id rather
 * than the id itself, in a primitive open-addressing set: 8 bytes an id plus the table's slack
 * (about 16 MB for a million ids, where boxed {@code Long}s in a HashSet took about 50).
 *
 * <p>The hash is SipHash-2-4 under a random 128-bit key drawn for each listing, because the ids
 * come from the vendor and so, in the end, from whoever can create users there. With an unkeyed
 * hash (this class used FNV-1a) such a person can pick an id whose hash equals another user's: the
 * real user then looks like a repeat, is dropped from the poll, and its change events are lost.
 * Without the key no id can be aimed at another; two ids still collide by accident with probability
 * 2^-64 a pair (about 1 in 10^7 for a million ids). Such a collision is harmless: the second id is
 * reported as a duplicate, and a poll that met a duplicate removes nobody (see PollRunner), so it
 * costs at most one poll's sighting of one user, and the next listing draws a new key.
 */
final class SeenUserIds {

  private static final SecureRandom KEYS = new SecureRandom();

  private final SipHash24 hash = new SipHash24(KEYS.nextLong(), KEYS.nextLong());
  private final LongHashSet hashes = new LongHashSet();

  /** Records {@code id}; false when it was already recorded. */
  boolean firstTime(String id) {
    return hashes.add(hash(id));
  }

  /** The hash of {@code id} under this listing's key. */
  long hash(String id) {
    return hash.hash(id.getBytes(StandardCharsets.UTF_8));
  }
}
