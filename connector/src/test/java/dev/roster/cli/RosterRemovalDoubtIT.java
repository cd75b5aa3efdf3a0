package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollSummary;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Only absence from a complete listing removes a user (README.md, "No false removals"): a user
 * whose per-user get answers 404 while the list still shows it is kept as it was, and a poll that
 * dead-letters an entry without a usable id or meets an id twice removes nobody, saying why in its
 * summary; the first clean poll after it removes the user who really left.
 */
@ExtendWith(KafkaBroker.class)
class RosterRemovalDoubtIT {

  private static final int USERS = 24;
  private static final String GONE_ON_GET = "gone-on-get";
  private static final String BAD_ENTRY = "bad-entry";
  private static final String DUPLICATE = "duplicate";

  @Test
  void aUserListedButNotFoundOnGetIsKeptAndAPollInDoubtRemovesNobody() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(47);
        EmbeddedSchemaRegistry registry = TestRoster.registry("removal-doubt")) {
      // okta is a partial-response integration: every listed user is read again with a get.
      sim.addAccount(
          SimAccountSpec.of(GONE_ON_GET, "okta", "acme")
              .users(USERS)
              .vendorPageSize(8)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of(BAD_ENTRY, "slack", "acme")
              .users(USERS)
              .vendorPageSize(8)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of(DUPLICATE, "slack", "acme")
              .users(USERS)
              .vendorPageSize(8)
              .materialised());
      List<String> accountIds = List.of(GONE_ON_GET, BAD_ENTRY, DUPLICATE);
      List<IntegratedAccount> accounts =
          List.of(
              TestRoster.account(GONE_ON_GET, "okta", Map.of()),
              TestRoster.account(BAD_ENTRY, "slack", Map.of()),
              TestRoster.account(DUPLICATE, "slack", Map.of()));

      try (RosterService roster =
              RosterService.start(
                  TestRoster.settings(sim, registry, "roster-doubt-" + UUID.randomUUID(), accounts),
                  Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents);
          PollHistory polls = new PollHistory(roster.topics())) {
        events.awaitAtLeast(USERS * accounts.size(), Duration.ofSeconds(120));
        events.assertFoldEqualsSimulator(sim, accountIds);
        int mark = events.size();

        // A get that finds nothing, in two polls running: the user stays, and nothing is news when
        // it is read again.
        Instant goneFrom = Instant.now();
        sim.faults(GONE_ON_GET).userGoneOnGet(2);
        awaitCompletedPolls(polls, GONE_ON_GET, goneFrom, 3);
        assertThat(sim.requests().all())
            .as("gets that found nothing")
            .filteredOn(
                r -> GONE_ON_GET.equals(r.accountId()) && r.isUserGet() && r.status() == 404)
            .hasSize(2);
        assertThat(events.since(mark))
            .as("a user the list still shows is neither removed nor created again")
            .isEmpty();

        // An entry without an id, and one id listed twice, each in the same poll as a real
        // departure.
        // The entries go in first: every poll that starts after them is in doubt, so no clean poll
        // can see the leavers go.
        String twice = sim.account(DUPLICATE).userId(0);
        Instant doubtFrom = Instant.now();
        sim.faults(BAD_ENTRY).spliceIntoPage(2, utf8("{\"name\":\"No Id\"}"));
        sim.faults(DUPLICATE)
            .spliceIntoPage(
                2, utf8("{\"id\":\"" + twice + "\",\"name\":\"Impostor\",\"status\":\"active\"}"));
        polls.awaitEveryAccountCompletedSince(
            doubtFrom, List.of(BAD_ENTRY, DUPLICATE), Duration.ofSeconds(60));
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        String leaverOfBadEntry = removeOneUser(sim, BAD_ENTRY, changes);
        String leaverOfDuplicate = removeOneUser(sim, DUPLICATE, changes);
        assertThat(leaverOfDuplicate)
            .as("the seed must not remove the user whose id is listed twice")
            .isNotEqualTo(twice);
        Instant leftAt = Instant.now();
        awaitCompletedPolls(polls, BAD_ENTRY, leftAt, 2);
        awaitCompletedPolls(polls, DUPLICATE, leftAt, 2);

        assertThat(events.since(mark))
            .as("no removal while in doubt (other changes are reported)")
            .extracting(UserChangeEvent::getType)
            .doesNotContain(ChangeType.USER_REMOVED);
        for (String id : List.of(BAD_ENTRY, DUPLICATE)) {
          List<PollSummary> withheld =
              polls.summaries(id).stream().filter(s -> s.getRemovalsWithheld() != null).toList();
          assertThat(withheld)
              .as("summaries of %s say why it removed nobody", id)
              .isNotEmpty()
              .allSatisfy(
                  summary -> assertThat(summary.getRemovalsWithheld()).contains("removes nobody"));
          assertThat(polls.statuses(id, doubtFrom))
              .extracting(s -> s.getOutcome())
              .containsOnly(PollOutcome.COMPLETED);
        }
        assertThat(polls.summaries(BAD_ENTRY))
            .anySatisfy(s -> assertThat(s.getRemovalsWithheld()).contains("without a usable id"));
        assertThat(polls.summaries(DUPLICATE))
            .anySatisfy(s -> assertThat(s.getRemovalsWithheld()).contains("listed twice"));

        // Clean polls again: the users who really left are removed, once, and nothing else happens.
        sim.faults(BAD_ENTRY).clear();
        sim.faults(DUPLICATE).clear();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(events.since(mark))
                        .extracting(UserChangeEvent::getUserId)
                        .contains(leaverOfBadEntry, leaverOfDuplicate));
        events.awaitQuiet(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(events.since(mark))
            .filteredOn(e -> e.getType() == ChangeType.USER_REMOVED)
            .extracting(UserChangeEvent::getUserId)
            .containsExactlyInAnyOrder(leaverOfBadEntry, leaverOfDuplicate);
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds);
      }
    }
  }

  private static void awaitCompletedPolls(
      PollHistory polls, String accountId, Instant since, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(polls.statuses(accountId, since))
                    .filteredOn(status -> status.getOutcome() == PollOutcome.COMPLETED)
                    .hasSizeGreaterThanOrEqualTo(count));
  }

  /**
   * Churns {@code accountId} until one of the users Roster already reported has left (not one who
   * joined in this churn), adding every change to {@code changes}; returns that user.
   */
  private static String removeOneUser(
      TrutoSimulator sim, String accountId, List<SimChange> changes) {
    Set<String> known =
        sim.snapshot(accountId).stream()
            .map(user -> user.get("id").asText())
            .collect(Collectors.toSet());
    for (int tries = 0; tries < 200; tries++) {
      for (SimChange change : sim.churn(accountId, 1)) {
        changes.add(change);
        if (change.kind() == SimChange.Kind.REMOVED && known.contains(change.userId())) {
          return change.userId();
        }
      }
    }
    throw new AssertionError("no user of " + accountId + " left in " + changes.size() + " changes");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
