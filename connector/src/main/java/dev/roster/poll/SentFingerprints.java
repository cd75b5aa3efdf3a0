package dev.roster.poll;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
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
 * <p>Per user it keeps a keyed 64-bit hash of the id and a 64-bit digest of the fingerprints in a
 * primitive map: 16 bytes and the table's slack, about 24 MB for a million users, twice that while
 * a poll of them runs. Two ids or two digests that collide only make the user go in full.
 */
public final class SentFingerprints implements OwnershipListener {

  private static final SecureRandom KEYS = new SecureRandom();

  private final boolean enabled;
  private final DiffRules rules;
  private final SipHash24 idHash = new SipHash24(KEYS.nextLong(), KEYS.nextLong());
  private final ConcurrentHashMap<String, LongLongHashMap> lastComplete = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongHashSet> askedInFull = new ConcurrentHashMap<>();

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

  /** Starts remembering one poll of {@code accountId}; one poll of an account runs at a time. */
  public PollFingerprints begin(String accountId) {
    LongLongHashMap previous = enabled ? lastComplete.get(accountId) : null;
    LongHashSet asked = askedInFull.remove(accountId);
    if (previous != null && asked != null) {
      previous = previous.clone(); // the next poll's memory replaces it; never edit what is shared
      LongLongHashMap remembered = previous;
      asked.forEach((com.carrotsearch.hppc.procedures.LongProcedure) remembered::remove);
    }
    return new PollFingerprints(accountId, previous);
  }

  /** The detector asks for users in full: they go in full in the account's next poll. */
  public void asked(PollSummary summary) {
    String accountId = summary.getIntegratedAccountId();
    if (summary.getResendAll()) {
      lastComplete.remove(accountId);
    }
    if (summary.getResendUserIds().isEmpty()) {
      return;
    }
    askedInFull.compute(
        accountId,
        (id, asked) -> {
          LongHashSet ids = asked == null ? new LongHashSet() : asked;
          summary.getResendUserIds().forEach(userId -> ids.add(hash(userId)));
          return ids;
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

  /** Accounts remembered, for tests. */
  int accounts() {
    return lastComplete.size();
  }

  private long hash(String userId) {
    return idHash.hash(userId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * 64 bits of the three fingerprints: equal fingerprints give equal digests; unequal ones that
   * collide only make the detector find the mismatch and ask for the user.
   */
  private static long digest(Fingerprints fingerprints) {
    return fingerprints.content()
        ^ Long.rotateLeft(fingerprints.quiet(), 21)
        ^ Long.rotateLeft(fingerprints.remoteData(), 42);
  }

  /** One poll of one account. Not thread-safe: one poll thread uses it. */
  public final class PollFingerprints {
    private final String accountId;
    private final LongLongHashMap previous;
    private final LongLongHashMap next;

    private PollFingerprints(String accountId, LongLongHashMap previous) {
      this.accountId = accountId;
      this.previous = previous;
      this.next = enabled ? new LongLongHashMap(previous == null ? 16 : previous.size()) : null;
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
      next.put(id, digest);
      boolean same = previous != null && previous.containsKey(id) && previous.get(id) == digest;
      return same ? Optional.of(fingerprints) : Optional.empty();
    }

    /** The poll completed: its users are what the account's next poll compares with. */
    public void completed() {
      if (enabled) {
        lastComplete.put(accountId, next);
      }
    }

    /**
     * The poll did not complete: some of what it sent may never reach the detector, so the next
     * poll sends every user in full.
     */
    public void abandoned() {
      lastComplete.remove(accountId);
    }
  }
}
