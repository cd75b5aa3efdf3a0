package dev.roster.detect;

import static dev.roster.detect.DetectorHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.License;
import dev.roster.avro.PollSummary;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.KeyValue;

/**
 * Properties of the whole detector topology (TopologyTestDriver through {@link DetectorHarness})
 * over random sequences of complete, incomplete and aborted polls of one account whose directory
 * changes between polls.
 *
 * <p>Each try plays a {@link Scenario} into a fresh account of a shared detector ({@link Account})
 * and records, for every single input piped in (one observation, one marker), what came out: a
 * {@link Delivery}. The properties are checks over that log, so a failure names the exact input
 * that produced the wrong output.
 *
 * <p>Every input costs a commit of the test driver, so scenarios stay modest: up to 8 polls of up
 * to 30 users from a pool of 40 ids. The class runs in about 15 s.
 */
class DetectorPropertiesTest {

  /** Never holds a removal back: every user a complete poll misses is removed by that poll. */
  static final DetectorSettings GUARD_OFF =
      new DetectorSettings(
          DiffRules.defaults(), new RemovalGuardSettings(1.0, Integer.MAX_VALUE, 1));

  static final DiffRules RULES = DiffRules.defaults();
  static final int POOL = 40;
  static final int MAX_INITIAL_USERS = 30;
  static final int MAX_POLLS = 8;
  static final RandomDistribution UNIFORM = RandomDistribution.uniform();
  static final Instant LAST_LOGIN = Instant.parse("2026-11-01T08:00:00Z");

  // ---------------------------------------------------------------------------------------------------------
  // 1. Replaying the events, and compacting the users topic, reconstruct the last complete poll.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void eventsAndTheCompactedUsersTopicReconstructEveryCompletePoll(
      @ForAll("scenarios") Scenario scenario) {
    Run run = play(scenario, GUARD_OFF);

    assertReconstructsEveryCompletePoll(run);
    Statistics.label("complete polls").collect(run.count(InputKind.COMPLETED));
    Statistics.label("removals")
        .collect(run.events().stream().anyMatch(e -> e.getType() == ChangeType.USER_REMOVED));
    Statistics.label("removals")
        .coverage(coverage -> coverage.check(true).percentage(share -> share >= 15));
  }

  /**
   * Replays the events from empty (appeared, changed: put after; removed: delete) and compacts the
   * users topic, and after every complete poll's marker compares both with what that poll saw.
   */
  private static void assertReconstructsEveryCompletePoll(Run run) {
    Map<String, User> replayed = new HashMap<>();
    Map<String, User> compacted = new HashMap<>();
    boolean baselineDone = false;
    for (Delivery delivery : run.deliveries()) {
      for (UserChangeEvent event : delivery.events()) {
        String id = event.getUserId();
        switch (event.getType()) {
          case USER_DISCOVERED, USER_CREATED -> {
            assertThat(event.getType())
                .as("baseline is not news: %s", delivery)
                .isEqualTo(baselineDone ? ChangeType.USER_CREATED : ChangeType.USER_DISCOVERED);
            assertThat(replayed)
                .as("%s of a user the events already hold: %s", event.getType(), delivery)
                .doesNotContainKey(id);
            replayed.put(id, event.getAfter());
          }
          case USER_STATUS_CHANGED, USER_UPDATED -> {
            assertThat(replayed)
                .as("%s of a user the events never made: %s", event.getType(), delivery)
                .containsKey(id);
            replayed.put(id, event.getAfter());
          }
          case USER_REMOVED -> {
            assertThat(replayed)
                .as("removal of a user the events never made: %s", delivery)
                .containsKey(id);
            replayed.remove(id);
          }
          default -> throw new AssertionError("unexpected event type " + event.getType());
        }
      }
      applyTo(compacted, delivery);
      if (delivery.input().kind() == InputKind.COMPLETED) {
        baselineDone = true;
        Map<String, User> expected = delivery.directory();
        assertSameUsers(replayed, expected, false, "events replayed after " + delivery.input());
        assertSameUsers(
            compacted, expected, true, "users topic compacted after " + delivery.input());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2. Only a complete poll's marker removes; incomplete and aborted polls never do.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void removalsAppearOnlyRightAfterACompletePollsMarker(
      @ForAll("scenarios") Scenario scenario, @ForAll boolean defaultGuard) {
    Run run = play(scenario, defaultGuard ? DetectorSettings.defaults() : GUARD_OFF);

    for (Delivery delivery : run.deliveries()) {
      List<UserChangeEvent> removals =
          delivery.events().stream()
              .filter(event -> event.getType() == ChangeType.USER_REMOVED)
              .toList();
      Set<String> tombstones =
          delivery.users().stream()
              .filter(record -> record.value == null)
              .map(record -> record.key.getUserId())
              .collect(Collectors.toSet());
      if (delivery.input().kind() != InputKind.COMPLETED) {
        assertThat(removals).as("removals after %s", delivery.input()).isEmpty();
        assertThat(tombstones).as("tombstones after %s", delivery.input()).isEmpty();
        continue;
      }
      assertThat(removals)
          .as("removals belong to the poll whose marker made them: %s", delivery)
          .allSatisfy(event -> assertThat(event.getPollId()).isEqualTo(delivery.input().pollId()));
      assertThat(removals)
          .extracting(UserChangeEvent::getUserId)
          .as("a tombstone for every removal: %s", delivery)
          .containsExactlyInAnyOrderElementsOf(tombstones);
      assertThat(removals)
          .as("only users the poll missed: %s", delivery)
          .noneMatch(event -> delivery.directory().containsKey(event.getUserId()));
      assertThat(delivery.summaries())
          .singleElement()
          .satisfies(summary -> assertThat(summary.getRemoved()).isEqualTo(removals.size()));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // 3. No event and no users-table write without a change; re-polling the same directory is silent.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void noEventAndNoTableWriteWithoutAChange(@ForAll("scenarios") Scenario scenario) {
    Run run = play(scenario, GUARD_OFF, true);

    Map<String, User> compacted = new HashMap<>();
    for (Delivery delivery : run.deliveries()) {
      Map<String, User> written = new HashMap<>();
      delivery.users().forEach(record -> written.put(record.key.getUserId(), record.value));
      for (UserChangeEvent event : delivery.events()) {
        String id = event.getUserId();
        switch (event.getType()) {
          case USER_STATUS_CHANGED, USER_UPDATED -> {
            UserComparison comparison =
                UserDiff.compare(event.getBefore(), event.getAfter(), RULES);
            assertThat(event.getChangedFields())
                .as("changed fields of %s", event)
                .isNotEmpty()
                .isEqualTo(comparison.changedFields());
            assertThat(event.getType())
                .as("status change wins: %s", event)
                .isEqualTo(
                    comparison.statusChanged()
                        ? ChangeType.USER_STATUS_CHANGED
                        : ChangeType.USER_UPDATED);
            assertThat(json(event.getBefore()))
                .as("before is the user as last published: %s", delivery)
                .isEqualTo(json(compacted.get(id)));
            assertThat(json(event.getAfter()))
                .as("after is the user as now published: %s", delivery)
                .isEqualTo(json(written.get(id)));
          }
          case USER_DISCOVERED, USER_CREATED -> {
            assertThat(compacted)
                .as("a user appears only when absent: %s", delivery)
                .doesNotContainKey(id);
            assertThat(json(event.getAfter()))
                .as("after is the user as now published: %s", delivery)
                .isEqualTo(json(written.get(id)));
          }
          case USER_REMOVED -> {
            assertThat(json(event.getBefore()))
                .as("before is the user as last published: %s", delivery)
                .isEqualTo(json(compacted.get(id)));
          }
          default -> throw new AssertionError("unexpected event type " + event.getType());
        }
      }
      delivery.users().stream()
          .filter(record -> record.value != null)
          .forEach(
              record -> {
                User previous = compacted.get(record.key.getUserId());
                if (previous != null) {
                  assertThat(UserDiff.compare(previous, record.value, RULES).updatesTable())
                      .as("a users-table write that changes nothing: %s", delivery)
                      .isTrue();
                }
              });
      applyTo(compacted, delivery);
      if (delivery.input().kind() == InputKind.COMPLETED
          && delivery.unchangedSinceLastCompletePoll()) {
        assertThat(run.outputsOfPoll(delivery.input().pollId()))
            .as("a complete poll of the same directory as the previous one changes nothing")
            .isEmpty();
      }
    }

    // Poll the final directory twice more: the first may catch up, the second must be silent.
    assertThat(run.repollEvents()).as("events of an identical re-poll").isEmpty();
    assertThat(run.repollUsers()).as("users-table writes of an identical re-poll").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------
  // 4. At most one event per user per poll; event ids unique and deterministic.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void atMostOneEventPerUserPerPollAndUniqueEventIds(
      @ForAll("scenarios") Scenario scenario, @ForAll boolean defaultGuard) {
    Run run = play(scenario, defaultGuard ? DetectorSettings.defaults() : GUARD_OFF);

    Map<String, List<UserChangeEvent>> byUserAndPoll =
        run.events().stream()
            .collect(Collectors.groupingBy(event -> event.getUserId() + "@" + event.getPollId()));
    assertThat(byUserAndPoll)
        .allSatisfy(
            (userAndPoll, events) -> assertThat(events).as("events of %s", userAndPoll).hasSize(1));
    assertThat(run.events()).extracting(UserChangeEvent::getEventId).doesNotHaveDuplicates();
    assertThat(run.events())
        .allSatisfy(
            event ->
                assertThat(event.getEventId())
                    .isEqualTo(
                        ChangeEvents.eventId(
                            run.account(), event.getUserId(), event.getPollId(), event.getType())));
  }

  // ---------------------------------------------------------------------------------------------------------
  // 5. The default mass-removal guard: a poll that sees (almost) nothing removes nobody until
  // confirmed.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50)
  void theDefaultGuardHoldsAMassRemovalUntilTwoMoreCompletePollsConfirmIt(
      @ForAll("massRemovals") MassRemoval plan) {
    Account account = new Account(DetectorSettings.defaults());
    DetectorHarness detector = account.detector;
    List<User> everyone = plan.baseline().stream().map(account::user).toList();
    List<User> survivors = plan.survivors().stream().map(account::user).toList();
    Set<String> missing = ids(everyone);
    missing.removeAll(ids(survivors));
    long pollId = 0;

    account.poll(++pollId, everyone);
    for (Set<Integer> partial : plan.before()) {
      pollId++;
      if (partial.isEmpty()) {
        account.poll(pollId, stamped(everyone, pollId));
      } else {
        // Incomplete, aborted when the subset's size is even: neither removes anything nor moves
        // the guard.
        account.observe(
            pollId,
            stamped(everyone.stream().filter(u -> partial.contains(index(u))).toList(), pollId));
        if (partial.size() % 2 == 0) {
          account.abort(pollId);
        }
      }
    }
    drain(detector);

    // The shrunken poll and its first confirmation: nobody removed, every missing user held.
    for (int shrunk = 1; shrunk <= 2; shrunk++) {
      for (Set<Integer> partial : plan.between()) {
        // Incomplete polls of survivors only: they neither confirm nor cancel the hold.
        account.observe(
            ++pollId,
            stamped(survivors.stream().filter(u -> partial.contains(index(u))).toList(), pollId));
      }
      account.poll(++pollId, stamped(survivors, pollId));
      assertThat(types(detector.drainEvents()))
          .as("events of shrunken complete poll %d", shrunk)
          .doesNotContain(ChangeType.USER_REMOVED);
      assertThat(detector.users.readKeyValuesToList())
          .as("tombstones of shrunken complete poll %d", shrunk)
          .noneMatch(record -> record.value == null);
      PollSummary summary = detector.summaries.readValue();
      assertThat(summary.getRemovalsHeld()).isEqualTo(missing.size());
      assertThat(summary.getGuardReason()).contains("of " + everyone.size() + " known users");
      if (plan.comeBack() && shrunk == 1) {
        // The missing users are listed again: the hold is cancelled, and the count of misses starts
        // over.
        account.poll(++pollId, stamped(everyone, pollId));
        assertThat(drain(detector))
            .as("events of the poll the missing users came back in")
            .isEmpty();
      }
    }

    account.poll(++pollId, stamped(survivors, pollId));
    List<UserChangeEvent> events = detector.drainEvents();
    if (plan.comeBack()) {
      assertThat(events).as("only two misses in a row since the users came back").isEmpty();
    } else {
      assertThat(events)
          .as("the second confirmation removes exactly the missing users")
          .allSatisfy(event -> assertThat(event.getType()).isEqualTo(ChangeType.USER_REMOVED))
          .extracting(UserChangeEvent::getUserId)
          .containsExactlyInAnyOrderElementsOf(missing);
    }
    Statistics.label("survivors").collect(survivors.isEmpty() ? "none" : "some");
  }

  // ---------------------------------------------------------------------------------------------------------
  // 6. Late observations from an older poll change nothing.
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 50, edgeCases = EdgeCasesMode.NONE)
  void lateObservationsFromAnOlderPollChangeNothing(
      @ForAll("scenariosWithLateObservations") Scenario scenario, @ForAll boolean defaultGuard) {
    Run run = play(scenario, defaultGuard ? DetectorSettings.defaults() : GUARD_OFF);

    for (Delivery delivery : run.deliveries()) {
      if (delivery.input().kind() == InputKind.LATE_OBSERVATION) {
        assertThat(delivery.events()).as("events of %s", delivery.input()).isEmpty();
        assertThat(delivery.users()).as("users-table writes of %s", delivery.input()).isEmpty();
      }
    }
    if (!defaultGuard) {
      // Ignored means ignored: what later complete polls reconstruct is as if the late ones never
      // came.
      assertReconstructsEveryCompletePoll(run);
    }
    Statistics.label("late observations delivered")
        .collect(run.count(InputKind.LATE_OBSERVATION) > 0);
    Statistics.label("late observations delivered")
        .coverage(coverage -> coverage.check(true).percentage(share -> share >= 30));
  }

  /**
   * What the property above shrank to before the fix: a late observation brought a removed user
   * back.
   */
  @Example
  void aLateObservationDoesNotBringARemovedUserBack() {
    try (DetectorHarness detector = new DetectorHarness(GUARD_OFF)) {
      detector.poll(1, List.of(user(1)));
      detector.poll(2, List.of(user(1)));
      detector.poll(3, List.of());
      assertThat(types(drain(detector)))
          .containsExactly(ChangeType.USER_DISCOVERED, ChangeType.USER_REMOVED);

      detector.observe(2, List.of(stamped(user(1), 2)));

      assertThat(detector.drainEvents())
          .as("no USER_CREATED from poll 2, older than the removal")
          .isEmpty();
      assertThat(detector.users.readKeyValuesToList()).isEmpty();
    }
  }

  /**
   * The same cause under the guard: a late observation reset the count of misses of a held removal.
   */
  @Example
  void aLateObservationDoesNotPostponeAHeldRemoval() {
    try (DetectorHarness detector = new DetectorHarness(DetectorSettings.defaults())) {
      List<User> everyone = IntStream.range(0, 10).mapToObj(DetectorPropertiesTest::user).toList();
      detector.poll(1, everyone);
      // Poll 2 saw user 0 but never completed; its observation arrives only after poll 3, which saw
      // nobody.
      detector.poll(3, List.of());
      detector.observe(2, List.of(stamped(user(0), 2)));
      detector.poll(4, List.of());
      detector.poll(5, List.of());

      assertThat(drain(detector))
          .filteredOn(event -> event.getType() == ChangeType.USER_REMOVED)
          .extracting(UserChangeEvent::getUserId)
          .as("all ten removed once two more empty polls confirm")
          .containsExactlyInAnyOrderElementsOf(ids(everyone));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Scenarios: what the account's directory does, and how each poll sees it. Properties over them
  // turn off
  // jqwik's edge cases: they are mostly the one-poll, no-user scenario, and would take up a third
  // of the tries.
  // ---------------------------------------------------------------------------------------------------------

  enum PollKind {
    COMPLETE,
    INCOMPLETE,
    ABORTED
  }

  /** What happens to one user of the directory between two polls. */
  enum Change {
    JOIN,
    LEAVE,
    STATUS,
    TITLE,
    ROLES,
    REORDERED_ROLES,
    TWO_FACTOR,
    LAST_LOGIN,
    LICENSE_ACTIVITY,
    REMOTE_DATA_ONLY
  }

  record Mutation(Change change, int user) {}

  /**
   * After the poll, an observation of {@code user} from {@code pollsBack} polls earlier arrives,
   * carrying the user with {@code change} applied (so that, were it taken, it would show).
   */
  record Late(int user, int pollsBack, Change change) {}

  /**
   * @param mutations applied to the directory before the poll
   * @param observed which of the pool's users an incomplete or aborted poll got to (a complete poll
   *     sees all)
   */
  record Step(PollKind kind, List<Mutation> mutations, Set<Integer> observed, List<Late> late) {}

  record Scenario(Set<Integer> initialUsers, List<Step> polls) {}

  /**
   * An account of at least 10 users whose complete poll suddenly misses more than 20% of them.
   *
   * @param before polls between the baseline and the shrunken poll: partial (incomplete) ones of a
   *     subset, or complete ones of everyone when the subset is empty
   * @param between incomplete polls of subsets of the survivors before each shrunken complete poll
   * @param comeBack whether everyone is listed again right after the first shrunken poll
   */
  record MassRemoval(
      Set<Integer> baseline,
      Set<Integer> survivors,
      List<Set<Integer>> before,
      List<Set<Integer>> between,
      boolean comeBack) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return scenarios(false);
  }

  @Provide
  Arbitrary<Scenario> scenariosWithLateObservations() {
    return scenarios(true);
  }

  private static Arbitrary<Scenario> scenarios(boolean withLateObservations) {
    Arbitrary<Integer> user = Arbitraries.integers().between(0, POOL - 1);
    Arbitrary<Change> change =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(Change.JOIN)),
            Tuple.of(5, Arbitraries.just(Change.LEAVE)),
            Tuple.of(
                8,
                Arbitraries.of(
                    Change.STATUS,
                    Change.TITLE,
                    Change.ROLES,
                    Change.REORDERED_ROLES,
                    Change.TWO_FACTOR,
                    Change.LAST_LOGIN,
                    Change.LICENSE_ACTIVITY,
                    Change.REMOTE_DATA_ONLY)));
    Arbitrary<PollKind> kind =
        Arbitraries.frequency(
            Tuple.of(3, PollKind.COMPLETE),
            Tuple.of(1, PollKind.INCOMPLETE),
            Tuple.of(1, PollKind.ABORTED));
    Arbitrary<List<Late>> late =
        withLateObservations
            ? Combinators.combine(user, Arbitraries.integers().between(1, 3), change)
                .as(Late::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
            : Arbitraries.just(List.of());
    // Uniform sizes: jqwik's default favours tiny collections, which would leave most tries a poll
    // or two of a
    // user or two, with hardly a removal.
    Arbitrary<Step> step =
        Combinators.combine(
                kind,
                Combinators.combine(change, user)
                    .as(Mutation::new)
                    .list()
                    .ofMaxSize(8)
                    .withSizeDistribution(UNIFORM),
                user.set().withSizeDistribution(UNIFORM),
                late)
            .as(Step::new);
    return Combinators.combine(
            user.set().ofMaxSize(MAX_INITIAL_USERS).withSizeDistribution(UNIFORM),
            step.list().ofMinSize(1).ofMaxSize(MAX_POLLS).withSizeDistribution(UNIFORM))
        .as(Scenario::new);
  }

  @Provide
  Arbitrary<MassRemoval> massRemovals() {
    Arbitrary<Integer> user = Arbitraries.integers().between(0, POOL - 1);
    Arbitrary<Set<Integer>> baseline =
        user.set().ofMinSize(10).ofMaxSize(MAX_INITIAL_USERS).withSizeDistribution(UNIFORM);
    return baseline.flatMap(
        everyone -> {
          // More than 20% missing: fewer than 80% survive. Usually nobody survives (an empty list).
          int maxSurvivors = (int) Math.ceil(everyone.size() * 0.8) - 1;
          Arbitrary<Set<Integer>> survivors =
              Arbitraries.frequencyOf(
                  Tuple.of(2, Arbitraries.just(Set.of())),
                  Tuple.of(1, Arbitraries.subsetOf(everyone).ofMaxSize(maxSurvivors)));
          Arbitrary<List<Set<Integer>>> partials =
              Arbitraries.subsetOf(everyone).list().ofMaxSize(2);
          return Combinators.combine(survivors, partials, partials, Arbitraries.of(true, false))
              .as(
                  (alive, before, between, comeBack) ->
                      new MassRemoval(everyone, alive, before, between, comeBack));
        });
  }

  // ---------------------------------------------------------------------------------------------------------
  // One fresh account per try, in a detector shared by the tries.
  // ---------------------------------------------------------------------------------------------------------

  private static final Map<DetectorSettings, DetectorHarness> DETECTORS = new HashMap<>();
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @AfterContainer
  static void closeDetectors() {
    DETECTORS.values().forEach(DetectorHarness::close);
    DETECTORS.clear();
  }

  /**
   * One try's account. The detector keeps all its state per account, so a new account id starts
   * from nothing, as a new detector would, without paying for a new TopologyTestDriver, RocksDB
   * stores and schema registry (about 200 ms) on every try. Sharing the stores also shows one
   * account's polls never touch another's.
   */
  static final class Account {
    final DetectorHarness detector;
    final String id;

    Account(DetectorSettings settings) {
      detector = DETECTORS.computeIfAbsent(settings, DetectorHarness::new);
      id = "acct-try-" + ACCOUNTS.incrementAndGet();
      drain(detector); // whatever a failed earlier try left unread
    }

    User user(int n) {
      return DetectorPropertiesTest.user(id, n);
    }

    void observe(long pollId, List<User> users) {
      detector.observe(pollId, users);
    }

    void abort(long pollId) {
      detector.abort(id, pollId);
    }

    /** A complete poll that saw exactly {@code users}. */
    void poll(long pollId, List<User> users) {
      detector.observe(pollId, users);
      detector.complete(id, pollId, users.size());
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Playing a scenario and recording what each input produced.
  // ---------------------------------------------------------------------------------------------------------

  enum InputKind {
    OBSERVATION,
    LATE_OBSERVATION,
    COMPLETED,
    ABORTED
  }

  record Input(InputKind kind, long pollId, String userId) {
    @Override
    public String toString() {
      return kind + " of poll " + pollId + (userId == null ? "" : " for " + userId);
    }
  }

  /**
   * One input and everything it produced.
   *
   * @param directory for a complete poll's marker: the users that poll saw, by id; empty otherwise
   * @param unchangedSinceLastCompletePoll for a complete poll's marker: every poll since the
   *     previous complete poll (and this one) saw the very directory that poll saw
   */
  record Delivery(
      Input input,
      List<UserChangeEvent> events,
      List<KeyValue<UserKey, User>> users,
      List<PollSummary> summaries,
      Map<String, User> directory,
      boolean unchangedSinceLastCompletePoll) {
    @Override
    public String toString() {
      return input
          + " -> events "
          + events.stream().map(e -> e.getType() + " " + e.getUserId()).toList()
          + ", users "
          + users.stream().map(r -> r.key.getUserId() + (r.value == null ? "=null" : "")).toList();
    }
  }

  record Run(
      String account,
      List<Delivery> deliveries,
      List<UserChangeEvent> repollEvents,
      List<KeyValue<UserKey, User>> repollUsers) {

    List<UserChangeEvent> events() {
      return deliveries.stream().flatMap(delivery -> delivery.events().stream()).toList();
    }

    int count(InputKind kind) {
      return (int) deliveries.stream().filter(delivery -> delivery.input().kind() == kind).count();
    }

    /** Events and users-table writes that poll's observations and marker produced. */
    List<Object> outputsOfPoll(long pollId) {
      List<Object> outputs = new ArrayList<>();
      deliveries.stream()
          .filter(
              d -> d.input().pollId() == pollId && d.input().kind() != InputKind.LATE_OBSERVATION)
          .forEach(
              d -> {
                outputs.addAll(d.events());
                outputs.addAll(d.users());
              });
      return outputs;
    }
  }

  static Run play(Scenario scenario, DetectorSettings settings) {
    return play(scenario, settings, false);
  }

  /**
   * Plays the scenario, one input at a time, recording what each produced.
   *
   * @param repoll then poll the final directory twice more, completely, and record what the second
   *     re-poll produced; off unless needed, since every input costs a commit of the test driver
   */
  static Run play(Scenario scenario, DetectorSettings settings, boolean repoll) {
    Account account = new Account(settings);
    DetectorHarness detector = account.detector;
    List<Delivery> deliveries = new ArrayList<>();
    Map<Integer, User> directory = new TreeMap<>();
    scenario.initialUsers().forEach(n -> directory.put(n, account.user(n)));
    Map<Integer, User> directoryAtLastCompletePoll = null;
    boolean unchangedSinceLastCompletePoll = false;
    // What makes an observation stale: the newest poll that saw each user, and the newest complete
    // poll.
    Map<String, Long> lastSeenPoll = new HashMap<>();
    long lastCompletePoll = 0;

    long pollId = 0;
    for (Step step : scenario.polls()) {
      pollId++;
      for (Mutation mutation : step.mutations()) {
        apply(mutation, directory, account.id);
      }
      // Compared as JSON: User.equals cannot compare the Instants inside licenses (see json()).
      unchangedSinceLastCompletePoll &=
          String.valueOf(directory).equals(String.valueOf(directoryAtLastCompletePoll));
      List<User> seen = new ArrayList<>();
      for (User user : directory.values()) {
        if (step.kind() == PollKind.COMPLETE || step.observed().contains(index(user))) {
          seen.add(stamped(user, pollId));
        }
      }
      for (User user : seen) {
        detector.observe(pollId, List.of(user));
        deliveries.add(
            delivered(
                detector, new Input(InputKind.OBSERVATION, pollId, user.getId()), Map.of(), false));
        lastSeenPoll.put(user.getId(), pollId);
      }
      switch (step.kind()) {
        case COMPLETE -> {
          detector.complete(account.id, pollId, seen.size());
          deliveries.add(
              delivered(
                  detector,
                  new Input(InputKind.COMPLETED, pollId, null),
                  byId(seen),
                  unchangedSinceLastCompletePoll));
          lastCompletePoll = pollId;
          directoryAtLastCompletePoll = new TreeMap<>(directory);
          unchangedSinceLastCompletePoll = true;
        }
        case ABORTED -> {
          detector.abort(account.id, pollId);
          deliveries.add(
              delivered(detector, new Input(InputKind.ABORTED, pollId, null), Map.of(), false));
        }
        case INCOMPLETE -> {
          // No marker: the poller died, or is still going.
        }
      }
      for (Late late : step.late()) {
        long olderPoll = pollId - late.pollsBack();
        String id = id(late.user());
        // Only stale ones: from a poll no newer than the newest that saw the user, or than the
        // newest complete
        // poll (which saw the whole directory, so it knows better whether and how the user exists).
        // Others
        // are news that merely came late, and taking them is right.
        boolean stale =
            olderPoll >= 1
                && (olderPoll <= lastSeenPoll.getOrDefault(id, 0L)
                    || olderPoll <= lastCompletePoll);
        if (!stale) {
          continue;
        }
        User then =
            changed(late.change(), directory.getOrDefault(late.user(), account.user(late.user())));
        detector.observe(olderPoll, List.of(stamped(then, olderPoll)));
        deliveries.add(
            delivered(
                detector, new Input(InputKind.LATE_OBSERVATION, olderPoll, id), Map.of(), false));
      }
    }

    if (!repoll) {
      return new Run(account.id, deliveries, List.of(), List.of());
    }
    List<User> finalDirectory = new ArrayList<>(directory.values());
    account.poll(++pollId, stamped(finalDirectory, pollId));
    drain(detector);
    account.poll(++pollId, stamped(finalDirectory, pollId));
    return new Run(
        account.id, deliveries, detector.drainEvents(), detector.users.readKeyValuesToList());
  }

  private static Delivery delivered(
      DetectorHarness detector,
      Input input,
      Map<String, User> directory,
      boolean unchangedSinceLastCompletePoll) {
    return new Delivery(
        input,
        detector.drainEvents(),
        detector.users.readKeyValuesToList(),
        detector.summaries.readValuesToList(),
        directory,
        unchangedSinceLastCompletePoll);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Users of the pool and their changes.
  // ---------------------------------------------------------------------------------------------------------

  static String id(int n) {
    return String.format("00u%02d", n);
  }

  static int index(User user) {
    return Integer.parseInt(user.getId().substring(3));
  }

  /**
   * User {@code n} as it joins the directory; two roles, so that reordering them means something.
   */
  static User user(int n) {
    return user(ACCOUNT, n);
  }

  static User user(String account, int n) {
    return User.newBuilder()
        .setId(id(n))
        .setIntegratedAccountId(account)
        .setIntegration("okta")
        .setTenantId("acme")
        .setName("User " + n)
        .setTitle("Engineer")
        .setStatus("ACTIVE")
        .setStatusCategory(StatusCategory.ACTIVE)
        .setIs2faEnabled(false)
        .setRoles(
            List.of(
                new Role("r1", "Member", null, null, null),
                new Role("r2", "Viewer", null, null, null)))
        .setLicenses(List.of(new License("lic-sso", "SSO", null, LAST_LOGIN)))
        .setRemoteData("{\"n\":" + n + ",\"etag\":0}")
        .setLastLoginAt(LAST_LOGIN)
        .setObservedAt(DetectorHarness.START)
        .build();
  }

  private static void apply(Mutation mutation, Map<Integer, User> directory, String account) {
    int n = mutation.user();
    switch (mutation.change()) {
      case JOIN -> directory.putIfAbsent(n, user(account, n));
      case LEAVE -> directory.remove(n);
      default -> directory.computeIfPresent(n, (key, user) -> changed(mutation.change(), user));
    }
  }

  /**
   * The user after {@code change}; joining and leaving are the directory's business, not the
   * user's.
   */
  static User changed(Change change, User user) {
    User.Builder next = User.newBuilder(user);
    switch (change) {
      case STATUS -> {
        boolean active = user.getStatusCategory() == StatusCategory.ACTIVE;
        next.setStatus(active ? "SUSPENDED" : "ACTIVE")
            .setStatusCategory(active ? StatusCategory.INACTIVE : StatusCategory.ACTIVE);
      }
      case TITLE -> next.setTitle(user.getTitle().equals("Engineer") ? "Manager" : "Engineer");
      case ROLES -> {
        List<Role> roles = new ArrayList<>(user.getRoles());
        if (!roles.removeIf(role -> role.getId().equals("r0"))) {
          roles.add(new Role("r0", "Admin", null, null, null));
        }
        next.setRoles(roles);
      }
      case REORDERED_ROLES -> next.setRoles(TestUsers.reversed(user.getRoles()));
      case TWO_FACTOR -> next.setIs2faEnabled(!user.getIs2faEnabled());
      case LAST_LOGIN -> next.setLastLoginAt(user.getLastLoginAt().plusSeconds(3600));
      case LICENSE_ACTIVITY ->
          next.setLicenses(
              user.getLicenses().stream()
                  .map(
                      license ->
                          License.newBuilder(license)
                              .setLastActiveAt(license.getLastActiveAt().plusSeconds(3600))
                              .build())
                  .toList());
      case REMOTE_DATA_ONLY -> next.setRemoteData(user.getRemoteData() + " ");
      case JOIN, LEAVE -> {
        // Not a change of the user.
      }
    }
    return next.build();
  }

  /** As the poller would send it: observed when that poll ran (observed_at is not a change). */
  static User stamped(User user, long pollId) {
    return User.newBuilder(user)
        .setObservedAt(DetectorHarness.START.plusSeconds(pollId * 60))
        .build();
  }

  static List<User> stamped(List<User> users, long pollId) {
    return users.stream().map(user -> stamped(user, pollId)).toList();
  }

  private static Map<String, User> byId(List<User> users) {
    Map<String, User> byId = new LinkedHashMap<>();
    users.forEach(user -> byId.put(user.getId(), user));
    return byId;
  }

  private static Set<String> ids(List<User> users) {
    return users.stream().map(User::getId).collect(Collectors.toCollection(TreeSet::new));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Checks.
  // ---------------------------------------------------------------------------------------------------------

  /**
   * The compacted view of the users topic after this delivery: last value per key, a tombstone
   * deletes.
   */
  private static void applyTo(Map<String, User> compacted, Delivery delivery) {
    for (KeyValue<UserKey, User> record : delivery.users()) {
      if (record.value == null) {
        compacted.remove(record.key.getUserId());
      } else {
        compacted.put(record.key.getUserId(), record.value);
      }
    }
  }

  /**
   * Same ids and, under the diff rules, the same content (and quiet values if asked); remote data
   * and observed_at may differ, since neither is news nor a reason to rewrite the table.
   */
  private static void assertSameUsers(
      Map<String, User> actual, Map<String, User> expected, boolean quietToo, String what) {
    assertThat(new TreeSet<>(actual.keySet())).as(what).isEqualTo(new TreeSet<>(expected.keySet()));
    expected.forEach(
        (id, user) -> {
          UserComparison comparison = UserDiff.compare(user, actual.get(id), RULES);
          assertThat(comparison.changedFields()).as("%s: fields of %s", what, id).isEmpty();
          if (quietToo) {
            assertThat(comparison.quietChanged()).as("%s: quiet fields of %s", what, id).isFalse();
          }
        });
  }

  private static List<UserChangeEvent> drain(DetectorHarness detector) {
    List<UserChangeEvent> events = detector.drainEvents();
    detector.users.readKeyValuesToList();
    detector.summaries.readValuesToList();
    return events;
  }

  /**
   * A User's JSON rendering, to compare users exactly: the generated User.equals throws on the
   * Instants inside licenses (Avro's GenericData.compare resolves the union without the
   * logical-type conversions).
   */
  private static String json(User user) {
    return String.valueOf(user);
  }

  private static List<ChangeType> types(List<UserChangeEvent> events) {
    return events.stream().map(UserChangeEvent::getType).toList();
  }
}
