package dev.roster.detect;

import dev.roster.avro.ChangeType;
import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.avro.UserUnchanged;
import dev.roster.topics.UserRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
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
 * Turns the poller's observations into the users table and change events. One instance per Streams
 * task, i.e. per partition of roster.observations: it sees every observation of the users hashed to
 * its partition, and every poll marker (they go to all partitions).
 *
 * <p>State is written only after every record an observation or a marker produces has been
 * forwarded: a forward that fails leaves the state as it was, so the next poll finds the same
 * change again instead of a users store that already holds it.
 */
final class ObservationProcessor implements Processor<UserKey, Observation, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ObservationProcessor.class);
  private static final StringSerializer KEYS = new StringSerializer();

  /**
   * Polls whose share on a partition was incomplete, so removed nobody there: {@code <name>-total}
   * and {@code -rate}.
   */
  static final String INCOMPLETE_SHARES_METRIC = "incomplete-poll-shares";

  /**
   * At most this many user ids in a summary's {@code resend_user_ids}; more set {@code resend_all}
   * instead, so a summary stays a small record (a detector whose state was lost would otherwise
   * list every user of the account).
   */
  static final int MAX_RESEND_IDS = 1_000;

  private final DetectorSettings settings;
  private final Clock clock;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, User> users;
  private KeyValueStore<String, SeenState> seen;
  private KeyValueStore<String, AccountState> accounts;
  private KeyValueStore<String, ObservationTally> tallies;
  private KeyValueStore<String, Long> resend;
  private Sensor incompleteShares;

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
    this.tallies = context.getStateStore(DetectorTopology.TALLIES_STORE);
    this.resend = context.getStateStore(DetectorTopology.RESEND_STORE);
    this.incompleteShares =
        context
            .metrics()
            .addRateTotalSensor(
                DetectorTopology.METRICS_SCOPE,
                "task-" + context.taskId(),
                INCOMPLETE_SHARES_METRIC,
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void close() {
    context.metrics().removeSensor(incompleteShares);
  }

  @Override
  public void process(Record<UserKey, Observation> record) {
    Observation observation = record.value();
    if (observation == null) {
      return;
    }
    Object payload = observation.getPayload();
    if (payload instanceof User user) {
      // Counted before it is processed: one that fails to process was still read, and keepSeen
      // vouches for its user.
      tally(user.getIntegratedAccountId(), observation.getPollId());
      try {
        observe(user, observation.getPollId());
      } catch (RuntimeException e) {
        keepSeen(user, observation.getPollId());
        throw e; // to the processing-exception handler: logged and dead-lettered
      }
    } else if (payload instanceof UserUnchanged unchanged) {
      UserKey key = record.key();
      ObservationTally counted = tally(key.getIntegratedAccountId(), observation.getPollId());
      confirm(key, unchanged, observation.getPollId(), counted);
    } else if (payload instanceof PollCompleted completed) {
      complete(completed);
    } else if (payload instanceof PollAborted aborted) {
      LOG.info(
          "Poll {} of account {} was aborted ({}): nothing is inferred from what it missed",
          aborted.getPollId(),
          aborted.getIntegratedAccountId(),
          aborted.getMessage());
    }
  }

  private void observe(User user, long pollId) {
    String accountId = user.getIntegratedAccountId();
    String key = StoreKeys.user(accountId, user.getId());
    SeenState before = seen.get(key);
    AccountState account = account(accountId);
    if (settledAlready(account, accountId, user.getId(), pollId)) {
      return;
    }
    ObservationOutcome outcome =
        UserObservationRules.decide(
            before == null ? null : before.stored(),
            user,
            pollId,
            account.baselineDone(),
            settings.diffRules());
    if (outcome instanceof ObservationOutcome.Stale) {
      LOG.debug(
          "Ignored a stale observation of user {} of account {} from poll {}",
          user.getId(),
          accountId,
          pollId);
    } else if (outcome instanceof ObservationOutcome.Repeat) {
      LOG.warn(
          "User {} of account {} observed twice in poll {}; keeping the first",
          user.getId(),
          accountId,
          pollId);
    } else if (outcome instanceof ObservationOutcome.Appeared appeared) {
      // Built and forwarded before any store is written: a failure leaves the user's state as it
      // was (see keepSeen).
      UserChangeEvent event = ChangeEvents.appeared(user, appeared.type(), pollId, clock.instant());
      forwardUser(user, event);
      forwardEvent(event);
      users.put(key, user);
      seen.put(key, new SeenState(pollId, 0, Fingerprints.of(user, settings.diffRules())));
      accounts.put(accountId, account.counted(event.getType(), pollId));
    } else if (outcome instanceof ObservationOutcome.Unchanged unchanged) {
      seen.put(key, new SeenState(pollId, 0, unchanged.fingerprints()));
    } else if (outcome instanceof ObservationOutcome.QuietChange quiet) {
      forwardUser(user, null);
      users.put(key, user);
      seen.put(key, new SeenState(pollId, 0, quiet.fingerprints()));
    } else if (outcome instanceof ObservationOutcome.NeedsComparison needs) {
      User previous = users.get(key);
      UserComparison comparison = UserDiff.compare(previous, user, settings.diffRules());
      UserChangeEvent event =
          comparison.raisesEvent()
              ? ChangeEvents.changed(previous, user, comparison, pollId, clock.instant())
              : null;
      if (comparison.updatesTable()) {
        forwardUser(user, event);
      }
      if (event != null) {
        forwardEvent(event);
      }
      if (comparison.updatesTable()) {
        users.put(key, user);
      }
      seen.put(key, new SeenState(pollId, 0, needs.fingerprints()));
      if (event != null) {
        accounts.put(accountId, account.counted(event.getType(), pollId));
      }
    }
  }

  /**
   * A fingerprints-only observation: the user is seen, unchanged if the state confirms the
   * fingerprints. If it does not, the user is kept seen all the same (the poll did see it) and
   * asked for in full through the poll's summary, so whatever changed is read next poll, never lost
   * or taken for a removal.
   */
  private void confirm(
      UserKey userKey, UserUnchanged unchanged, long pollId, ObservationTally counted) {
    String accountId = userKey.getIntegratedAccountId();
    String key = StoreKeys.user(accountId, userKey.getUserId());
    AccountState account = account(accountId);
    if (settledAlready(account, accountId, userKey.getUserId(), pollId)) {
      return;
    }
    SeenState before = seen.get(key);
    Fingerprints claimed =
        new Fingerprints(unchanged.getContent(), unchanged.getQuiet(), unchanged.getRemoteData());
    ObservationOutcome outcome =
        UserObservationRules.confirm(before == null ? null : before.stored(), claimed, pollId);
    if (outcome instanceof ObservationOutcome.Unchanged) {
      seen.put(key, new SeenState(pollId, 0, claimed));
      tallies.put(accountId, counted.confirmedUnchanged(pollId));
    } else if (outcome instanceof ObservationOutcome.NotConfirmed notConfirmed) {
      LOG.info(
          "User {} of account {}, poll {}: asking for it in full next poll, {}",
          userKey.getUserId(),
          accountId,
          pollId,
          notConfirmed.why());
      if (before != null) {
        seen.put(key, new SeenState(pollId, 0, before.fingerprints()));
      }
      resend.put(key, pollId);
    } else {
      LOG.debug(
          "Ignored a {} fingerprints-only observation of user {} of account {} from poll {}",
          outcome instanceof ObservationOutcome.Stale ? "stale" : "repeated",
          userKey.getUserId(),
          accountId,
          pollId);
    }
  }

  /**
   * Whether a complete poll at least as new as {@code pollId} has settled the account already: it
   * saw the user (newer state) or missed it (removed, or held by the guard). The per-user checks
   * cannot tell, because a removal deletes the user's state: a late observation would bring a
   * removed user back as USER_CREATED, or reset a held removal's count of misses. So it is ignored.
   */
  private static boolean settledAlready(
      AccountState account, String accountId, String userId, long pollId) {
    if (pollId > account.lastCompletePoll()) {
      return false;
    }
    LOG.debug(
        "Ignored a late observation of user {} of account {} from poll {}: poll {} already completed",
        userId,
        accountId,
        pollId,
        account.lastCompletePoll());
    return true;
  }

  /** Counts one observation of {@code pollId} read for the account; returns the tally now. */
  private ObservationTally tally(String accountId, long pollId) {
    ObservationTally before = tallies.get(accountId);
    ObservationTally after = (before == null ? ObservationTally.NONE : before).counted(pollId);
    if (!after.equals(before)) {
      tallies.put(accountId, after);
    }
    return after;
  }

  /**
   * An observation the detector failed to process still proves the user exists: marked seen by its
   * poll (with the fingerprints it had), the poll's completion cannot remove it, and the next poll
   * compares with those fingerprints again, so a change it carried is reported then instead of
   * lost.
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
   * kept as they were. All of that only when this task read every observation the poll wrote to its
   * partition: otherwise a user whose observation it never read would look missing.
   */
  private void complete(PollCompleted completed) {
    String accountId = completed.getIntegratedAccountId();
    long pollId = completed.getPollId();
    AccountState account = account(accountId);
    if (pollId <= account.lastCompletePoll()) {
      LOG.debug(
          "Ignored marker of poll {} of account {}: poll {} already completed",
          pollId,
          accountId,
          account.lastCompletePoll());
      return;
    }
    ObservationTally tally = tallies.get(accountId);
    tally = tally == null ? ObservationTally.NONE : tally;
    Optional<String> shortfall = tally.shortfall(pollId, completed.getPartitionObservations());
    if (shortfall.isPresent()) {
      // Not a complete poll here: no removal, no baseline, no new normal for the guard. The next
      // complete poll
      // reads these users again.
      incompleteShares.record();
      LOG.warn(
          "Account {} poll {} removes nobody on partition {}: {}",
          accountId,
          pollId,
          partition(),
          shortfall.get());
      summarise(completed, account, tally, 0, null, shortfall.get());
      return;
    }
    String withheld = completed.getRemovalsWithheld();
    Set<String> unconfirmed = Set.copyOf(completed.getUnconfirmedUserIds());
    RemovalVerdict verdict =
        RemovalGuard.judge(account.knownUsers(), completed.getUsersSeen(), settings.removalGuard());
    boolean held = verdict instanceof RemovalVerdict.Hold;
    int heldPolls = held ? account.heldPolls() + 1 : 0;
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
        UserChangeEvent removed =
            last == null
                ? null
                : ChangeEvents.removed(last, pollId, completed.getCompletedAt(), clock.instant());
        forwardTombstone(accountId, StoreKeys.userId(missed.key), removed);
        if (removed != null) {
          forwardEvent(removed);
          account = account.counted(removed.getType(), pollId);
        }
        users.delete(missed.key);
        seen.delete(missed.key);
      } else {
        seen.put(missed.key, state);
        heldUsers++;
      }
    }
    String guardReason = null;
    AccountState done;
    if (withheld != null) {
      LOG.debug(
          "Account {} poll {} removes nobody: {}",
          accountId,
          pollId,
          withheld); // the poller said so at WARN, once
      done = account.completed(pollId, account.knownUsers(), account.heldPolls());
    } else if (held) {
      // Once confirmed, the hold is over: what this poll saw is the account's normal from now on.
      // Users who went
      // missing later in the hold still wait for their own confirmations, judged against that new
      // normal.
      boolean confirmed = RemovalGuard.holdConfirmed(heldPolls, settings.removalGuard());
      if (!confirmed || heldUsers > 0) {
        guardReason = ((RemovalVerdict.Hold) verdict).reason();
        LOG.warn("Account {} poll {}: {}", accountId, pollId, guardReason);
      }
      done =
          confirmed
              ? account.completed(pollId, completed.getUsersSeen(), 0)
              : account.completed(pollId, account.knownUsers(), heldPolls);
    } else {
      done = account.completed(pollId, completed.getUsersSeen(), 0);
    }
    accounts.put(accountId, done);
    summarise(completed, done, tally, heldUsers, guardReason, null);
  }

  /**
   * The users of {@code accountId} in this task that the complete poll {@code pollId} did not see.
   */
  private List<KeyValue<String, SeenState>> missedBy(String accountId, long pollId) {
    List<KeyValue<String, SeenState>> missed = new ArrayList<>();
    try (KeyValueIterator<String, SeenState> all =
        seen.prefixScan(StoreKeys.accountPrefix(accountId), KEYS)) {
      all.forEachRemaining(
          entry -> {
            if (entry.value.lastSeenPoll() < pollId) {
              missed.add(entry);
            }
          });
    }
    return missed;
  }

  private void summarise(
      PollCompleted completed,
      AccountState account,
      ObservationTally tally,
      long heldUsers,
      String guardReason,
      String shareIncomplete) {
    long pollId = completed.getPollId();
    PollSummary summary =
        PollSummary.newBuilder()
            .setIntegratedAccountId(completed.getIntegratedAccountId())
            .setIntegration(completed.getIntegration())
            .setTenantId(completed.getTenantId())
            .setPollId(pollId)
            .setPartition(partition())
            .setUsersSeen(completed.getUsersSeen())
            .setDiscovered(account.count(ChangeType.USER_DISCOVERED, pollId))
            .setCreated(account.count(ChangeType.USER_CREATED, pollId))
            .setStatusChanged(account.count(ChangeType.USER_STATUS_CHANGED, pollId))
            .setUpdated(account.count(ChangeType.USER_UPDATED, pollId))
            .setRemoved(account.count(ChangeType.USER_REMOVED, pollId))
            .setRemovalsHeld(heldUsers)
            .setGuardReason(guardReason)
            .setRemovalsWithheld(completed.getRemovalsWithheld())
            .setObservationsWritten(completed.getPartitionObservations())
            .setObservationsRead(tally.readOf(pollId))
            .setShareIncomplete(shareIncomplete)
            .setUnchanged(tally.unchangedOf(pollId))
            .build();
    List<String> asked = askInFull(completed.getIntegratedAccountId(), summary);
    context.forward(
        new Record<Object, Object>(completed.getIntegratedAccountId(), summary, clock.millis()),
        DetectorTopology.SUMMARIES_SINK);
    asked.forEach(resend::delete);
  }

  /**
   * Moves the users this task could not confirm from fingerprints (any poll's, up to this one) into
   * the summary, for the poller to send them in full next poll. A summary that reaches the poller
   * late or never costs nothing but time: a user still unconfirmed next poll is asked for again.
   *
   * @return the store keys asked for, to delete once the summary is forwarded
   */
  private List<String> askInFull(String accountId, PollSummary summary) {
    List<String> ids = new ArrayList<>();
    List<String> done = new ArrayList<>();
    try (KeyValueIterator<String, Long> all =
        resend.prefixScan(StoreKeys.accountPrefix(accountId), KEYS)) {
      all.forEachRemaining(
          entry -> {
            done.add(entry.key);
            if (ids.size() < MAX_RESEND_IDS) {
              ids.add(StoreKeys.userId(entry.key));
            }
          });
    }
    summary.setResendUserIds(ids);
    summary.setResendAll(done.size() > MAX_RESEND_IDS);
    return done;
  }

  private int partition() {
    return context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
  }

  /**
   * A users record, with the event that came with it in its headers ({@link UserRecordHeaders}).
   */
  private void forwardUser(User user, UserChangeEvent event) {
    context.forward(
        new Record<Object, Object>(
            new UserKey(user.getIntegratedAccountId(), user.getId()),
            user,
            clock.millis(),
            eventHeaders(event)),
        DetectorTopology.USERS_SINK);
  }

  private void forwardTombstone(String accountId, String userId, UserChangeEvent removal) {
    context.forward(
        new Record<Object, Object>(
            new UserKey(accountId, userId), null, clock.millis(), eventHeaders(removal)),
        DetectorTopology.USERS_SINK);
  }

  private static RecordHeaders eventHeaders(UserChangeEvent event) {
    RecordHeaders headers = new RecordHeaders();
    if (event != null) {
      headers.add(UserRecordHeaders.EVENT_ID, event.getEventId().getBytes(StandardCharsets.UTF_8));
      headers.add(
          UserRecordHeaders.EVENT_TYPE, event.getType().name().getBytes(StandardCharsets.UTF_8));
    }
    return headers;
  }

  private void forwardEvent(UserChangeEvent event) {
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, byte[]> header : ChangeEvents.cloudEventHeaders(event).entrySet()) {
      headers.add(header.getKey(), header.getValue());
    }
    context.forward(
        new Record<Object, Object>(
            new UserKey(event.getIntegratedAccountId(), event.getUserId()),
            event,
            event.getEmittedAt().toEpochMilli(),
            headers),
        DetectorTopology.EVENTS_SINK);
  }

  private AccountState account(String accountId) {
    AccountState state = accounts.get(accountId);
    return state == null ? AccountState.NEW : state;
  }
}
