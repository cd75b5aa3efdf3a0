package dev.roster.poll;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.predicates.LongLongPredicate;
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
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Per user it keeps a keyed 64-bit hash of the id and, in one long, 56 bits of a digest of the
 * fingerprints and 8 bits of the poll that wrote them, in one primitive map per account that a poll
 * updates in place: 16 bytes a user and the table's slack, about 32 MB for a million users. Two ids
 * or two digests that collide only make the user go in full.
 */
public final class SentFingerprints implements OwnershipListener {

  private static final SecureRandom KEYS = new SecureRandom();
  private static final int GENERATION_BITS = 8;
  private static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;

  /** One account's memory: digests by user-id hash, and the poll generation that wrote them. */
  private record Memory(LongLongHashMap digests, long generation) {}

  /** What the detector asked for since the account's last poll began. */
  private record Asked(boolean all, LongHashSet userIds) {}

  private final boolean enabled;
  private final DiffRules rules;
  private final SipHash24 idHash = new SipHash24(KEYS.nextLong(), KEYS.nextLong());
  private final ConcurrentHashMap<String, Memory> lastComplete = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Asked> askedInFull = new ConcurrentHashMap<>();

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
        LongLongHashMap digests = memory.digests();
        asked.userIds().forEach((LongProcedure) digests::remove);
      }
    }
    return new PollFingerprints(accountId, memory);
  }

  /** The detector asks for users in full: they go in full in the account's next poll. */
  public void asked(PollSummary summary) {
    if (!summary.getResendAll() && summary.getResendUserIds().isEmpty()) {
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
    lastComplete.remove(accountId);
    askedInFull.remove(accountId);
  }

  @Override
  public void owned(IntegratedAccount account) {
    // Nothing to remember yet: the account's first poll here sends every user in full.
  }

  /** Users remembered for {@code accountId}, for tests. */
  int remembered(String accountId) {
    Memory memory = lastComplete.get(accountId);
    return memory == null ? 0 : memory.digests().size();
  }

  private long hash(String userId) {
    return idHash.hash(userId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * 56 bits of the three fingerprints, in the high bits: equal fingerprints give equal digests;
   * unequal ones that collide only make the detector find the mismatch and ask for the user.
   */
  private static long digest(Fingerprints fingerprints) {
    long mixed =
        fingerprints.content()
            ^ Long.rotateLeft(fingerprints.quiet(), 21)
            ^ Long.rotateLeft(fingerprints.remoteData(), 42);
    return mixed & ~GENERATION_MASK;
  }

  /** One poll of one account. Not thread-safe: one poll thread uses it. */
  public final class PollFingerprints {
    private final String accountId;
    private final LongLongHashMap digests;
    private final long previous;
    private final long generation;

    private PollFingerprints(String accountId, Memory memory) {
      this.accountId = accountId;
      this.digests = memory == null ? new LongLongHashMap() : memory.digests();
      // -1 matches no stored generation: without a memory, nothing is unchanged.
      this.previous = memory == null ? -1 : memory.generation();
      this.generation = memory == null ? 0 : (memory.generation() + 1) & GENERATION_MASK;
    }

    /**
     * The fingerprints to send instead of {@code user} when the last complete poll sent the same,
     * else empty (send it in full). Remembers them for the next poll either way.
     */
    public Optional<Fingerprints> unchanged(User user) {
      if (!enabled) {
        return Optional.empty();
      }
      Fingerprints fingerprints = Fingerprints.of(user, rules);
      long id = hash(user.getId());
      long digest = digest(fingerprints);
      int slot = digests.indexOf(id);
      long before = digests.indexExists(slot) ? digests.indexGet(slot) : 0;
      boolean same =
          digests.indexExists(slot)
              && (before & GENERATION_MASK) == previous
              && (before & ~GENERATION_MASK) == digest;
      digests.put(id, digest | generation);
      return same ? Optional.of(fingerprints) : Optional.empty();
    }

    /**
     * The poll completed: its users, and only they, are what the account's next poll compares with.
     */
    public void completed() {
      if (enabled) {
        digests.removeAll(
            (LongLongPredicate) (id, value) -> (value & GENERATION_MASK) != generation);
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
