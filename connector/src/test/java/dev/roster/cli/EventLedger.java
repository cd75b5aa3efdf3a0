package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.detect.DiffRules;
import dev.roster.detect.Fingerprints;
import dev.roster.sim.SimAccount;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.topics.TopicSpec;
import dev.roster.truto.MappedUser;
import dev.roster.truto.MappingSettings;
import dev.roster.truto.UserMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every change event Roster has committed (read from the start with read_committed, as a consumer
 * would), and the checks that the stream equals the simulator's truth: each event_id once, each
 * user's events a gapless chain, and their net effect the simulator's users, field by field.
 *
 * <p>Content is compared through the production {@link UserMapper} and {@link Fingerprints}: two
 * users are "the same" exactly when Roster's own diff rules would raise no event between them.
 */
final class EventLedger implements AutoCloseable {

  private static final UserMapper MAPPER = new UserMapper(MappingSettings.defaults());
  private static final DiffRules RULES = DiffRules.defaults();

  private final List<UserChangeEvent> events = new CopyOnWriteArrayList<>();
  private final Tail<UserChangeEvent> tail;

  /** Reads the events from the test broker. */
  EventLedger(TopicSpec<UserKey, UserChangeEvent> userEvents) {
    tail = new Tail<>(userEvents, events::add);
  }

  /** Reads the events from the broker at {@code bootstrapServers}, e.g. one a test restarts. */
  EventLedger(TopicSpec<UserKey, UserChangeEvent> userEvents, String bootstrapServers) {
    tail = new Tail<>(userEvents, bootstrapServers, events::add);
  }

  /** Reads the events with these client settings: a secured broker's, say. */
  EventLedger(
      TopicSpec<UserKey, UserChangeEvent> userEvents, Map<String, Object> kafkaClientProps) {
    tail = new Tail<>(userEvents, kafkaClientProps, events::add);
  }

  int size() {
    return events.size();
  }

  List<UserChangeEvent> events() {
    return List.copyOf(events);
  }

  List<UserChangeEvent> since(int mark) {
    return List.copyOf(events.subList(mark, events.size()));
  }

  /** Waits until at least {@code count} events are readable. */
  void awaitAtLeast(int count, Duration atMost) {
    await().atMost(atMost).until(() -> events.size() >= count);
  }

  /**
   * Waits until no event has arrived for {@code quietFor}: the polls since then found nothing new.
   * Pick {@code quietFor} longer than a poll interval plus a commit interval.
   */
  void awaitQuiet(Duration quietFor, Duration atMost) {
    int[] last = {-1};
    long[] since = {System.nanoTime()};
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              int now = events.size();
              if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
              }
              return System.nanoTime() - since[0] >= quietFor.toNanos();
            });
  }

  /** No event_id is published twice, whatever restarts happened. */
  void assertNoDuplicates() {
    Map<String, Long> counts =
        events.stream()
            .collect(Collectors.groupingBy(UserChangeEvent::getEventId, Collectors.counting()));
    assertThat(
            counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList())
        .as("event ids published more than once")
        .isEmpty();
  }

  /**
   * The events since {@code mark} are exactly the net effect of the simulator's recorded {@code
   * changes}: one event per changed user, of the right type, carrying the simulator's content.
   */
  void assertNetEffect(int mark, List<SimChange> changes, TrutoSimulator sim) {
    assertNetEffect(mark, changes, sim, event -> true);
  }

  /**
   * As {@link #assertNetEffect(int, List, TrutoSimulator)}, for the events of {@code accountIds}
   * alone: when other accounts are still publishing their baseline after {@code mark}.
   */
  void assertNetEffect(
      int mark, List<SimChange> changes, TrutoSimulator sim, Collection<String> accountIds) {
    assertNetEffect(
        mark,
        changes.stream().filter(change -> accountIds.contains(change.accountId())).toList(),
        sim,
        event -> accountIds.contains(event.getIntegratedAccountId()));
  }

  private void assertNetEffect(
      int mark, List<SimChange> changes, TrutoSimulator sim, Predicate<UserChangeEvent> counted) {
    Map<String, ChangeType> expected = SimTruth.expectedEvents(changes);
    Map<String, UserChangeEvent> reported = new TreeMap<>();
    for (UserChangeEvent event : since(mark).stream().filter(counted).toList()) {
      UserChangeEvent twin = reported.put(userKey(event), event);
      assertThat(twin).as("a second event for %s in one round: %s", userKey(event), event).isNull();
    }
    assertThat(
            reported.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getType())))
        .as("event type per changed user")
        .isEqualTo(expected);
    for (UserChangeEvent event : reported.values()) {
      if (event.getAfter() != null) {
        assertThat(content(event.getAfter()))
            .as("content of %s", userKey(event))
            .isEqualTo(content(simUser(sim, event.getIntegratedAccountId(), event.getUserId())));
      }
    }
  }

  /**
   * The whole stream, folded user by user, gives the simulator's current users; and each user's
   * events form a chain (every event starts from the state the previous one ended in), so a lost or
   * repeated change shows even when later changes cover it.
   */
  void assertFoldEqualsSimulator(TrutoSimulator sim, Collection<String> accountIds) {
    assertFoldEqualsSimulator(sim, accountIds, Set.of());
  }

  /**
   * As {@link #assertFoldEqualsSimulator(TrutoSimulator, Collection)}, but users with the ids
   * {@code extraUserIds} are left out of the comparison: users a test spliced into the simulator's
   * pages, which the simulator's own users do not know.
   */
  void assertFoldEqualsSimulator(
      TrutoSimulator sim, Collection<String> accountIds, Set<String> extraUserIds) {
    List<String> broken = new ArrayList<>();
    Map<String, User> folded = fold(broken);
    assertThat(broken).as("events that do not continue their user's previous event").isEmpty();
    for (String accountId : accountIds) {
      Map<String, Long> expected = new TreeMap<>();
      for (ObjectNode json : sim.snapshot(accountId)) {
        expected.put(json.path("id").asText(), content(map(sim.account(accountId), json)));
      }
      Map<String, Long> actual = new TreeMap<>();
      folded.forEach(
          (key, user) -> {
            if (user.getIntegratedAccountId().equals(accountId)
                && !extraUserIds.contains(user.getId())) {
              actual.put(user.getId(), content(user));
            }
          });
      assertThat(actual)
          .as("users of %s according to the event stream", accountId)
          .isEqualTo(expected);
    }
  }

  /**
   * The user as the event stream has it now: the fold of its events; empty if it is unknown or
   * removed.
   */
  Optional<User> current(String accountId, String userId) {
    return Optional.ofNullable(fold(new ArrayList<>()).get(accountId + "/" + userId));
  }

  /**
   * Every user's latest state, by account/user; events that do not continue their user's chain go
   * to {@code broken}.
   */
  private Map<String, User> fold(List<String> broken) {
    Map<String, User> folded = new HashMap<>();
    for (UserChangeEvent event : events) {
      String key = userKey(event);
      User previous = folded.get(key);
      boolean appears =
          event.getType() == ChangeType.USER_DISCOVERED
              || event.getType() == ChangeType.USER_CREATED;
      if (appears
          ? previous != null
          : previous == null || content(previous) != content(event.getBefore())) {
        broken.add(
            event.getType()
                + " "
                + key
                + " in poll "
                + event.getPollId()
                + (previous == null ? " (unknown user)" : ""));
      }
      if (event.getType() == ChangeType.USER_REMOVED) {
        folded.remove(key);
      } else {
        folded.put(key, event.getAfter());
      }
    }
    return folded;
  }

  /**
   * The baseline is exactly {@code baselineUsers} (account/user keys), each discovered, none of
   * them ever reported as created: restarts and rebalances must not turn old users into news.
   */
  void assertBaselineIs(Collection<String> baselineUsers) {
    assertThat(
            events.stream()
                .filter(e -> e.getType() == ChangeType.USER_DISCOVERED)
                .map(EventLedger::userKey)
                .sorted()
                .toList())
        .as("users discovered by the baseline")
        .isEqualTo(baselineUsers.stream().sorted().toList());
    assertThat(
            events.stream()
                .filter(e -> e.getType() == ChangeType.USER_CREATED)
                .map(EventLedger::userKey)
                .filter(baselineUsers::contains)
                .toList())
        .as("baseline users reported as created")
        .isEmpty();
  }

  /**
   * Every USER_CREATED is a join and every USER_REMOVED a removal the simulator made: a false
   * removal shows here even when a later "creation" of the same user hides it from the fold.
   */
  void assertCreationsAndRemovalsIn(List<SimChange> truth) {
    Map<SimChange.Kind, List<String>> made =
        truth.stream()
            .collect(
                Collectors.groupingBy(
                    SimChange::kind,
                    Collectors.mapping(
                        c -> c.accountId() + "/" + c.userId(), Collectors.toList())));
    assertThat(keysOf(ChangeType.USER_CREATED))
        .as("users reported created that never joined")
        .isSubsetOf(made.getOrDefault(SimChange.Kind.JOINED, List.of()));
    assertThat(keysOf(ChangeType.USER_REMOVED))
        .as("users reported removed that the simulator never removed")
        .isSubsetOf(made.getOrDefault(SimChange.Kind.REMOVED, List.of()));
  }

  private List<String> keysOf(ChangeType type) {
    return events.stream().filter(e -> e.getType() == type).map(EventLedger::userKey).toList();
  }

  /** Events per type, for the test's log line. */
  Map<ChangeType, Long> countsByType() {
    return events.stream()
        .collect(
            Collectors.groupingBy(
                UserChangeEvent::getType, LinkedHashMap::new, Collectors.counting()));
  }

  @Override
  public void close() throws InterruptedException {
    tail.close();
  }

  private static String userKey(UserChangeEvent event) {
    return event.getIntegratedAccountId() + "/" + event.getUserId();
  }

  private static long content(User user) {
    return Fingerprints.of(user, RULES).content();
  }

  private static User simUser(TrutoSimulator sim, String accountId, String userId) {
    SimAccount account = sim.account(accountId);
    ObjectNode json =
        account
            .user(userId)
            .orElseThrow(
                () -> new AssertionError("the simulator has no user " + accountId + "/" + userId));
    return map(account, json);
  }

  private static User map(SimAccount account, ObjectNode json) {
    IntegratedAccount listedFrom =
        IntegratedAccount.newBuilder()
            .setId(account.id())
            .setIntegration(account.spec().integration())
            .setTenantId(account.spec().tenantId())
            .build();
    MappedUser mapped = MAPPER.map(json, listedFrom, Instant.EPOCH);
    if (mapped instanceof MappedUser.Mapped ok) {
      return ok.user();
    }
    throw new AssertionError("the simulator serves a user Roster rejects: " + mapped);
  }
}
