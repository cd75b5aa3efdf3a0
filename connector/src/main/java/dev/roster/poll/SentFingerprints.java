package dev.roster.poll;

import com.carrotsearch.hppc.BufferAllocationException;
import com.carrotsearch.hppc.IntIntHashMap;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.predicates.IntIntPredicate;
import com.carrotsearch.hppc.procedures.LongProcedure;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.detect.DiffRules;
import dev.roster.detect.Fingerprints;
import dev.roster.truto.SipHash24;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the poller remembers of the accounts it owns, so that a user who has not changed costs a few
 * bytes on roster.observations instead of the whole User: for each account, the fingerprints of
 * every user its last complete poll sent (docs/architecture.md#unchanged-users). A user whose
 * fingerprints equal those is sent as a {@code UserUnchanged}.
 *
 * <p>This memory is an economy, never a source of truth: the change detector compares the
 * fingerprints with its own state, keeps the user seen whatever it finds, and asks for the user in
 * full (in the poll's summary) when they differ. So a wrong memory costs a poll's delay, not a
 * change. It is forgotten where it could be wrong: for an account whose poll did not complete, for
 * an account that leaves this instance (another instance polled it meanwhile), for the users the
 * detector asks for, and for a whole account when it asks for more than a summary can list.
 *
 * <p>Per user it keeps, in 8 bytes, 32 bits of a keyed hash of the id and, in one int, 24 bits of a
 * digest of the fingerprints and 8 bits of the poll that wrote them, in primitive maps that a poll
 * updates in place: about 17 MB for a million users with the tables' slack. An account's users are
 * spread over {@link #SHARDS} maps by other bits of their id hash, so that no table of a large
 * account is one huge array: in a small heap a single 16 MB array cannot always be found in one
 * piece, and a table that must double would need half as much again at once. When memory runs out
 * all the same, the poll goes on sending in full, without a memory, rather than fail. Two ids or
 * two digests that collide (about 1 in 16 million for a changed user's digest) only make the user
 * go in full, or the detector find the mismatch and ask for it.
 */
public final class SentFingerprints implements OwnershipListener {

  private static final SecureRandom KEYS = new SecureRandom();
  private static final int GENERATION_BITS = 8;
  private static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;

  /** Maps per account, picked by the id hash's top bits. */
  static final int SHARDS = 64;

  private static final int SHARD_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SHARDS);

  private static final Logger LOG = LoggerFactory.getLogger(SentFingerprints.class);

  /**
   * One account's memory: digests by user-id hash, in {@link #SHARDS} maps, and the poll generation
   * that wrote them.
   */
  private record Memory(IntIntHashMap[] digests, int generation) {

    static IntIntHashMap[] empty() {
      IntIntHashMap[] shards = new IntIntHashMap[SHARDS];
      for (int i = 0; i < SHARDS; i++) {
        shards[i] = new IntIntHashMap();
      }
      return shards;
    }

    /** The map of the user whose id hashes to {@code id}: picked by its top bits. */
    static IntIntHashMap shard(IntIntHashMap[] shards, long id) {
      return shards[(int) (id >>> SHARD_SHIFT)];
    }

    /** The user's key in its map: the id hash's low 32 bits. */
    static int key(long id) {
      return (int) id;
    }

    int size() {
      int size = 0;
      for (IntIntHashMap shard : digests) {
        size += shard.size();
      }
      return size;
    }
  }

  /** What the detector asked for since the account's last poll began. */
  private record Asked(boolean all, LongHashSet userIds) {}

  private final boolean enabled;
  private final DiffRules rules;
  private final SipHash24 idHash = new SipHash24(KEYS.nextLong(), KEYS.nextLong());
  private final ConcurrentHashMap<String, Memory> lastComplete = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Asked> askedInFull = new ConcurrentHashMap<>();

  /**
   * The accounts this instance owns: every instance reads every summary, and keeps only what the
   * detector asks of its own accounts.
   */
  private final Set<String> owned = ConcurrentHashMap.newKeySet();

  /**
   * @param enabled false to send every user in full (config {@code
   *     poll.unchanged-as-fingerprints}), e.g. while older detectors that cannot read {@code
   *     UserUnchanged} still run
   * @param rules the detector's, so the fingerprints are the ones its state holds
   */
  public SentFingerprints(boolean enabled, DiffRules rules) {
    this.enabled = enabled;
    this.rules = rules;
  }

  /**
   * Starts one poll of {@code accountId} (one poll of an account runs at a time). The poll takes
   * the account's memory: until it completes, the account has none, so a poll that does not
   * complete leaves none behind.
   */
  public PollFingerprints begin(String accountId) {
    Memory memory = enabled ? lastComplete.remove(accountId) : null;
    Asked asked = askedInFull.remove(accountId);
    if (memory != null && asked != null) {
      if (asked.all()) {
        memory = null;
      } else {
        IntIntHashMap[] digests = memory.digests();
        asked
            .userIds()
            .forEach((LongProcedure) id -> Memory.shard(digests, id).remove(Memory.key(id)));
      }
    }
    return new PollFingerprints(accountId, memory);
  }

  /** The detector asks for users in full: they go in full in the account's next poll. */
  public void asked(PollSummary summary) {
    if (!owned.contains(summary.getIntegratedAccountId())
        || (!summary.getResendAll() && summary.getResendUserIds().isEmpty())) {
      return;
    }
    askedInFull.compute(
        summary.getIntegratedAccountId(),
        (id, before) -> {
          Asked asked = before == null ? new Asked(false, new LongHashSet()) : before;
          summary.getResendUserIds().forEach(userId -> asked.userIds().add(hash(userId)));
          return summary.getResendAll() ? new Asked(true, asked.userIds()) : asked;
        });
  }

  @Override
  public void released(String accountId) {
    owned.remove(accountId);
    lastComplete.remove(accountId);
    askedInFull.remove(accountId);
  }

  /** Nothing to remember yet: the account's first poll here sends every user in full. */
  @Override
  public void owned(IntegratedAccount account) {
    owned.add(account.getId());
  }

  /** Users remembered for {@code accountId}, for tests. */
  int remembered(String accountId) {
    Memory memory = lastComplete.get(accountId);
    return memory == null ? 0 : memory.size();
  }

  private long hash(String userId) {
    return idHash.hash(userId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * 24 bits of the three fingerprints, in the high bits: equal fingerprints give equal digests;
   * unequal ones that collide only make the detector find the mismatch and ask for the user.
   */
  private static int digest(Fingerprints fingerprints) {
    long mixed =
        fingerprints.content()
            ^ Long.rotateLeft(fingerprints.quiet(), 21)
            ^ Long.rotateLeft(fingerprints.remoteData(), 42);
    return (int) (mixed ^ (mixed >>> 32)) & ~GENERATION_MASK;
  }

  /** One poll of one account. Not thread-safe: one poll thread uses it. */
  public final class PollFingerprints {
    private final String accountId;
    private IntIntHashMap[] digests;
    private final int previous;
    private final int generation;

    private PollFingerprints(String accountId, Memory memory) {
      this.accountId = accountId;
      this.digests = !enabled ? null : memory == null ? Memory.empty() : memory.digests();
      // -1 matches no stored generation: without a memory, nothing is unchanged.
      this.previous = memory == null ? -1 : memory.generation();
      this.generation = memory == null ? 0 : (memory.generation() + 1) & GENERATION_MASK;
    }

    /**
     * The fingerprints to send instead of {@code user} when the last complete poll sent the same,
     * else empty (send it in full). Remembers them for the next poll either way.
     */
    public Optional<Fingerprints> unchanged(User user) {
      if (digests == null) {
        return Optional.empty();
      }
      Fingerprints fingerprints = Fingerprints.of(user, rules);
      long id = hash(user.getId());
      int digest = digest(fingerprints);
      IntIntHashMap shard = Memory.shard(digests, id);
      int slot = shard.indexOf(Memory.key(id));
      boolean same =
          shard.indexExists(slot)
              && (shard.indexGet(slot) & GENERATION_MASK) == previous
              && (shard.indexGet(slot) & ~GENERATION_MASK) == digest;
      try {
        shard.put(Memory.key(id), digest | generation);
      } catch (BufferAllocationException e) {
        // The memory is an economy: without room for it, this poll sends the rest in full and
        // leaves no memory behind, and the account's next poll tries again.
        LOG.warn(
            "Account {}: no heap left to remember its users' fingerprints ({}); this poll sends the"
                + " rest of them in full",
            accountId,
            e.getMessage());
        digests = null;
        return Optional.empty();
      }
      return same ? Optional.of(fingerprints) : Optional.empty();
    }

    /**
     * The poll completed: its users, and only they, are what the account's next poll compares with.
     */
    public void completed() {
      if (digests != null) {
        for (IntIntHashMap shard : digests) {
          shard.removeAll((IntIntPredicate) (id, value) -> (value & GENERATION_MASK) != generation);
        }
        lastComplete.put(accountId, new Memory(digests, generation));
      }
    }

    /**
     * The poll did not complete: some of what it sent may never reach the detector, so the
     * account's next poll sends every user in full (the memory this poll took is not given back).
     */
    public void abandoned() {
      lastComplete.remove(accountId);
    }
  }
}
