package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityChange;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IdentityState;
import dev.roster.avro.TrackedAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The identity stage's second half: one task holds each person ({@code tenant, identity key}),
 * applies the membership changes of roster.identity-changes, judges the person ({@link AlertRules},
 * {@link AlertBook}) and publishes the person on roster.identities and its alerts on
 * roster.identity-alerts, in the transaction that stores them. Grace periods end on a wall-clock
 * punctuation; every person is judged again each {@link IdentitySettings#sweepInterval()}.
 */
final class IdentityProcessor
    implements Processor<IdentityKey, IdentityChange, IdentityKey, Object> {

  /** How often ended grace periods are looked for. */
  static final Duration DUE_CHECK = Duration.ofSeconds(1);

  private final IdentitySettings settings;
  private final IdentityProviderView providers;
  private final Clock clock;
  private ProcessorContext<IdentityKey, Object> context;
  private KeyValueStore<String, IdentityState> people;
  private KeyValueStore<String, Long> due;

  IdentityProcessor(IdentitySettings settings, IdentityProviderView providers, Clock clock) {
    this.settings = settings;
    this.providers = providers;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<IdentityKey, Object> context) {
    this.context = context;
    this.people = context.getStateStore(IdentityTopology.PEOPLE_STORE);
    this.due = context.getStateStore(IdentityTopology.DUE_STORE);
    context.schedule(DUE_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> endGracePeriods());
    context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, now -> sweep());
  }

  @Override
  public void process(Record<IdentityKey, IdentityChange> record) {
    IdentityKey key = record.key();
    IdentityChange change = record.value();
    if (key == null || change == null) {
      return; // Roster writes neither; a foreign record changes nobody
    }
    IdentityState state = people.get(IdentityStoreKeys.person(key));
    Instant now = clock.instant();
    Identity before = state == null ? null : state.getIdentity();
    Identity after = IdentityMembership.apply(key, before, change, providers, now);
    judge(key, state, after, new Cause(change.getCauseEventId(), change.getBaseline()), now);
  }

  private void judge(
      IdentityKey key, IdentityState state, Identity after, Cause cause, Instant now) {
    List<TrackedAlert> tracked = state == null ? List.of() : state.getAlerts();
    List<AlertCondition> conditions =
        AlertRules.conditions(
            after, settings, providers.tenantHasIdentityProvider(key.getTenantId()));
    AlertBook.Outcome outcome =
        AlertBook.reconcile(key, after, tracked, conditions, cause, now, settings);
    // Forwarded before the stores are written, as the detector does: a failed forward leaves the
    // person as it was.
    for (IdentityAlert alert : outcome.published()) {
      context.forward(
          new Record<IdentityKey, Object>(key, alert, now.toEpochMilli()),
          IdentityTopology.ALERTS_SINK);
    }
    Identity before = state == null ? null : state.getIdentity();
    if (!IdentityMembership.sameContent(before, after)) {
      context.forward(
          new Record<IdentityKey, Object>(key, after, now.toEpochMilli()),
          IdentityTopology.IDENTITIES_SINK);
    }
    String storeKey = IdentityStoreKeys.person(key);
    if (after == null) {
      people.delete(storeKey);
    } else if (state == null
        || !IdentityMembership.sameContent(before, after)
        || !outcome.tracked().equals(state.getAlerts())) {
      people.put(storeKey, new IdentityState(after, outcome.tracked()));
    } // else unchanged: an hourly sweep of a quiet person writes nothing
    // A person has a deadline entry exactly while a grace period of theirs runs: most never do, and
    // writing (or deleting) theirs for every change would cost a store write and a changelog
    // record each.
    boolean hadDeadline = tracked.stream().anyMatch(t -> !t.getPublished());
    java.util.Optional<Instant> deadline = outcome.nextDue();
    if (deadline.isPresent()) {
      if (!deadline.equals(AlertBook.nextDue(tracked))) {
        due.put(storeKey, deadline.get().toEpochMilli());
      }
    } else if (hadDeadline) {
      due.delete(storeKey);
    }
  }

  private void endGracePeriods() {
    long now = clock.millis();
    List<String> ended;
    try (KeyValueIterator<String, Long> all = due.all()) {
      ended =
          iterate(all).stream()
              .filter(entry -> entry.value <= now)
              .map(entry -> entry.key)
              .toList();
    }
    for (String storeKey : ended) {
      IdentityState state = people.get(storeKey);
      if (state == null) {
        due.delete(storeKey);
        continue;
      }
      judge(
          IdentityStoreKeys.person(storeKey),
          state,
          state.getIdentity(),
          Cause.NONE,
          clock.instant());
    }
  }

  /** Judges every person again, with each account's identity-provider flag as it is now. */
  private void sweep() {
    try (KeyValueIterator<String, IdentityState> all = people.all()) {
      while (all.hasNext()) {
        KeyValue<String, IdentityState> entry = all.next();
        Instant now = clock.instant();
        Identity reflagged =
            IdentityMembership.reflagged(entry.value.getIdentity(), providers, now);
        judge(IdentityStoreKeys.person(entry.key), entry.value, reflagged, Cause.NONE, now);
      }
    }
  }

  private static <K, V> List<KeyValue<K, V>> iterate(KeyValueIterator<K, V> iterator) {
    List<KeyValue<K, V>> all = new java.util.ArrayList<>();
    iterator.forEachRemaining(all::add);
    return all;
  }
}
