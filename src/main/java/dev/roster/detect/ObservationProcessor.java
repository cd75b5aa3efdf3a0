package dev.roster.detect;

import dev.roster.avro.ChangeType;
import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the poller's observations into the users table and change events. One instance per
 * Streams task, i.e. per partition of roster.observations: it sees every observation of the users
 * hashed to its partition, and every poll marker (they go to all partitions).
 */
final class ObservationProcessor implements Processor<UserKey, Observation, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ObservationProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();

  private final DetectorSettings settings;
  private final Clock clock;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, User> users;
  private KeyValueStore<String, SeenState> seen;
  private KeyValueStore<String, AccountState> accounts;

  ObservationProcessor(DetectorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.users = context.getStateStore(DetectorTopology.USERS_STORE);
    this.seen = context.getStateStore(DetectorTopology.SEEN_STORE);
    this.accounts = context.getStateStore(DetectorTopology.ACCOUNTS_STORE);
  }

  @Override
  public void process(Record<UserKey, Observation> record) {
    Observation observation = record.value();
    if (observation == null) {
      return;
    }
    Object payload = observation.getPayload();
    if (payload instanceof User user) {
      try {
        observe(user, observation.getPollId());
      } catch (RuntimeException e) {
        keepSeen(user, observation.getPollId());
        throw e; // to the processing-exception handler: logged and dead-lettered
      }
    } else if (payload instanceof PollCompleted completed) {
      complete(completed);
    } else if (payload instanceof PollAborted aborted) {
      LOG.info("Poll {} of account {} was aborted ({}): nothing is inferred from what it missed",
          aborted.getPollId(), aborted.getIntegratedAccountId(), aborted.getMessage());
    }
  }

  private void observe(User user, long pollId) {
    String accountId = user.getIntegratedAccountId();
    String key = StoreKeys.user(accountId, user.getId());
    SeenState before = seen.get(key);
    AccountState account = account(accountId);
    if (pollId <= account.lastCompletePoll()) {
      // A complete poll at least this new has settled the account already: it saw the user (newer state) or
      // missed it (removed, or held by the guard). The per-user check below cannot tell, because a removal
      // deletes the user's state: a late observation would bring a removed user back as USER_CREATED, or
      // reset a held removal's count of misses.
      LOG.debug("Ignored a late observation of user {} of account {} from poll {}: poll {} already completed",
          user.getId(), accountId, pollId, account.lastCompletePoll());
      return;
    }
    ObservationOutcome outcome = UserObservationRules.decide(
        before == null ? null : before.stored(), user, pollId, account.baselineDone(), settings.diffRules());
    if (outcome instanceof ObservationOutcome.Stale) {
      LOG.debug("Ignored a stale observation of user {} of account {} from poll {}", user.getId(), accountId, pollId);
    } else if (outcome instanceof ObservationOutcome.Repeat) {
      LOG.warn("User {} of account {} observed twice in poll {}; keeping the first", user.getId(), accountId, pollId);
    } else if (outcome instanceof ObservationOutcome.Appeared appeared) {
      // Every event is built before any store is written, so a failure to build one leaves the user's state as
      // it was (see keepSeen).
      UserChangeEvent event = ChangeEvents.appeared(user, appeared.type(), pollId, clock.instant());
      publishUser(key, user);
      seen.put(key, new SeenState(pollId, 0, Fingerprints.of(user, settings.diffRules())));
      emit(event, account);
    } else if (outcome instanceof ObservationOutcome.Unchanged unchanged) {
      seen.put(key, new SeenState(pollId, 0, unchanged.fingerprints()));
    } else if (outcome instanceof ObservationOutcome.QuietChange quiet) {
      publishUser(key, user);
      seen.put(key, new SeenState(pollId, 0, quiet.fingerprints()));
    } else if (outcome instanceof ObservationOutcome.NeedsComparison needs) {
      User previous = users.get(key);
      UserComparison comparison = UserDiff.compare(previous, user, settings.diffRules());
      UserChangeEvent event = comparison.raisesEvent() ? ChangeEvents.changed(previous, user, comparison, pollId, clock.instant()) : null;
      if (comparison.updatesTable()) {
        publishUser(key, user);
      }
      if (event != null) {
        emit(event, account);
      }
      seen.put(key, new SeenState(pollId, 0, needs.fingerprints()));
    }
  }

  /**
   * An observation the detector failed to process still proves the user exists: marked seen by its poll
   * (with the fingerprints it had), the poll's completion cannot remove it, and the next poll compares
   * with those fingerprints again, so a change it carried is reported then instead of lost.
   */
  private void keepSeen(User user, long pollId) {
    String key = StoreKeys.user(user.getIntegratedAccountId(), user.getId());
    SeenState before = seen.get(key);
    if (before != null && before.lastSeenPoll() < pollId) {
      seen.put(key, new SeenState(pollId, 0, before.fingerprints()));
    }
  }

  /**
   * The poll saw every user it could: users of this task's share that it missed are removed, unless
   * the mass-removal guard holds them for confirmation by later complete polls, or the poll itself
   * withholds its removals because it met entries in doubt. Users it listed but could not read are
   * kept as they were.
   */
  private void complete(PollCompleted completed) {
    String accountId = completed.getIntegratedAccountId();
    long pollId = completed.getPollId();
    AccountState account = account(accountId);
    if (pollId <= account.lastCompletePoll()) {
      LOG.debug("Ignored marker of poll {} of account {}: poll {} already completed", pollId, accountId, account.lastCompletePoll());
      return;
    }
    String withheld = completed.getRemovalsWithheld();
    Set<String> unconfirmed = Set.copyOf(completed.getUnconfirmedUserIds());
    RemovalVerdict verdict = RemovalGuard.judge(account.knownUsers(), completed.getUsersSeen(), settings.removalGuard());
    boolean held = verdict instanceof RemovalVerdict.Hold;
    long heldUsers = 0;
    for (KeyValue<String, SeenState> missed : missedBy(accountId, pollId)) {
      if (unconfirmed.contains(StoreKeys.userId(missed.key))) {
        seen.put(missed.key, new SeenState(pollId, 0, missed.value.fingerprints()));
        continue;
      }
      if (withheld != null) {
        heldUsers++; // not a miss: the poll cannot tell this user from the entries it dead-lettered
        continue;
      }
      SeenState state = missed.value.missedOnceMore();
      if (RemovalGuard.mayRemove(state.missedCompletePolls(), held, settings.removalGuard())) {
        User last = users.get(missed.key);
        users.delete(missed.key);
        seen.delete(missed.key);
        forwardTombstone(accountId, StoreKeys.userId(missed.key));
        if (last != null) {
          account = emit(ChangeEvents.removed(last, pollId, completed.getCompletedAt(), clock.instant()), account);
        }
      } else {
        seen.put(missed.key, state);
        heldUsers++;
      }
    }
    if (withheld != null) {
      LOG.debug("Account {} poll {} removes nobody: {}", accountId, pollId, withheld); // the poller said so at WARN, once
    } else if (held) {
      LOG.warn("Account {} poll {}: {}", accountId, pollId, ((RemovalVerdict.Hold) verdict).reason());
    }
    boolean removalsJudged = withheld == null && !held;
    AccountState done = account.completed(pollId, removalsJudged ? completed.getUsersSeen() : account.knownUsers());
    accounts.put(accountId, done);
    summarise(completed, done, heldUsers, held && withheld == null ? ((RemovalVerdict.Hold) verdict).reason() : null);
  }

  /** The users of {@code accountId} in this task that the complete poll {@code pollId} did not see. */
  private List<KeyValue<String, SeenState>> missedBy(String accountId, long pollId) {
    List<KeyValue<String, SeenState>> missed = new ArrayList<>();
    try (KeyValueIterator<String, SeenState> all = seen.prefixScan(StoreKeys.accountPrefix(accountId), KEYS)) {
      all.forEachRemaining(entry -> {
        if (entry.value.lastSeenPoll() < pollId) {
          missed.add(entry);
        }
      });
    }
    return missed;
  }

  private void summarise(PollCompleted completed, AccountState account, long heldUsers, String guardReason) {
    long pollId = completed.getPollId();
    PollSummary summary = PollSummary.newBuilder()
        .setIntegratedAccountId(completed.getIntegratedAccountId())
        .setIntegration(completed.getIntegration())
        .setTenantId(completed.getTenantId())
        .setPollId(pollId)
        .setPartition(context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1))
        .setUsersSeen(completed.getUsersSeen())
        .setDiscovered(account.count(ChangeType.USER_DISCOVERED, pollId))
        .setCreated(account.count(ChangeType.USER_CREATED, pollId))
        .setStatusChanged(account.count(ChangeType.USER_STATUS_CHANGED, pollId))
        .setUpdated(account.count(ChangeType.USER_UPDATED, pollId))
        .setRemoved(account.count(ChangeType.USER_REMOVED, pollId))
        .setRemovalsHeld(heldUsers)
        .setGuardReason(guardReason)
        .setRemovalsWithheld(completed.getRemovalsWithheld())
        .build();
    context.forward(new Record<Object, Object>(completed.getIntegratedAccountId(), summary, clock.millis()), DetectorTopology.SUMMARIES_SINK);
  }

  private void publishUser(String key, User user) {
    users.put(key, user);
    context.forward(new Record<Object, Object>(new UserKey(user.getIntegratedAccountId(), user.getId()), user, clock.millis()), DetectorTopology.USERS_SINK);
  }

  private void forwardTombstone(String accountId, String userId) {
    context.forward(new Record<Object, Object>(new UserKey(accountId, userId), null, clock.millis()), DetectorTopology.USERS_SINK);
  }

  private AccountState emit(UserChangeEvent event, AccountState account) {
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, byte[]> header : ChangeEvents.cloudEventHeaders(event).entrySet()) {
      headers.add(header.getKey(), header.getValue());
    }
    context.forward(new Record<Object, Object>(new UserKey(event.getIntegratedAccountId(), event.getUserId()), event,
        event.getEmittedAt().toEpochMilli(), headers), DetectorTopology.EVENTS_SINK);
    AccountState counted = account.counted(event.getType(), event.getPollId());
    accounts.put(event.getIntegratedAccountId(), counted);
    return counted;
  }

  private AccountState account(String accountId) {
    AccountState state = accounts.get(accountId);
    return state == null ? AccountState.NEW : state;
  }
}
