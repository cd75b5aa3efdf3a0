package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.LogCapture;
import dev.roster.truto.MappingSettings;
import java.io.ByteArrayOutputStream;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invariant 7 end to end: Truto pages carrying users without ids, duplicate ids, absurdly large
 * fields, unknown statuses and bytes that are not UTF-8, each on an account of its own, in one
 * Roster instance. Records that cannot be users go to the dead letter with the reason and the poll
 * goes on; a duplicate keeps the first entry; an absurd field is cut, published, and dead-lettered;
 * a page that is not UTF-8 is a malformed page (nothing after the bad byte can be trusted, the
 * cursor included), so that account's poll fails, removes nothing, and recovers once the page is
 * clean. Every other user and account is untouched.
 */
@ExtendWith(KafkaBroker.class)
class RosterBadInputIT {

  private static final int USERS = 30;
  private static final int VENDOR_PAGE_SIZE = 10;
  private static final int CHANGES_PER_ACCOUNT = 4;
  private static final String NO_IDS = "no-ids";
  private static final String DUPLICATES = "duplicates";
  private static final String OVERSIZED = "oversized";
  private static final String NOT_UTF8 = "not-utf8";
  private static final String BYSTANDER = "bystander";
  private static final int HUGE_NAME_CHARS = 1024 * 1024;
  private static final int MANY_ROLES = 100_000;

  /**
   * Users spliced into the oversized account's pages, which the simulator's own users do not know.
   */
  private static final Set<String> SPLICED_USERS =
      Set.of(
          "huge-name", "many-roles", "wide-text", "odd-status-1", "odd-status-2", "odd-status-3");

  /**
   * Three-byte characters, more of them than one string may keep, in each of three fields of one
   * user.
   */
  private static final String WIDE_TEXT = "\u4e2d".repeat(100_000);

  private static final byte[] NOT_UTF8_ITEM = {
    '{', '"', 'i', 'd', '"', ':', '"', 'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '"', '}'
  };

  @Test
  void badRecordsGoToTheDeadLetterWithTheirReasonAndEverythingElseGoesOn() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(31);
        EmbeddedSchemaRegistry registry = TestRoster.registry("bad-input");
        LogCapture logs = new LogCapture()) {
      List<String> accountIds = List.of(NO_IDS, DUPLICATES, OVERSIZED, NOT_UTF8, BYSTANDER);
      List<IntegratedAccount> accounts =
          accountIds.stream()
              .map(
                  id -> {
                    sim.addAccount(
                        SimAccountSpec.of(id, "slack", "acme")
                            .users(USERS)
                            .vendorPageSize(VENDOR_PAGE_SIZE)
                            .materialised());
                    return TestRoster.account(id, "slack", Map.of());
                  })
              .toList();
      sim.faults(NO_IDS)
          .spliceIntoPage(
              2,
              utf8("{\"name\":\"No Id\"},{\"id\":\"  \"},{\"id\":{\"nested\":1}},\"not a user\""));
      String first = sim.account(DUPLICATES).userId(0);
      String second = sim.account(DUPLICATES).userId(1);
      sim.faults(DUPLICATES).spliceIntoPage(2, utf8(impostor(first) + "," + impostor(second)));
      sim.faults(OVERSIZED).spliceIntoPage(3, oversizedUsers("active"));

      try (RosterService roster =
              RosterService.start(
                  TestRoster.settings(
                      sim, registry, "roster-bad-input-" + UUID.randomUUID(), accounts),
                  Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents);
          PollHistory polls = new PollHistory(roster.topics());
          DeadLetters deadLetters = new DeadLetters(roster.topics().deadLetter)) {
        Instant started = Instant.now();
        events.awaitAtLeast(
            USERS * accounts.size() + SPLICED_USERS.size(), Duration.ofSeconds(120));
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        events.assertFoldEqualsSimulator(sim, accountIds, SPLICED_USERS);
        assertAbsurdFieldsCutAndOddStatusesKept(events);

        // Now a page that is not UTF-8, mid-poll, while every account but the one with duplicates
        // churns.
        int mark = events.size();
        sim.truth().clear();
        sim.faults(NOT_UTF8).spliceIntoPage(2, NOT_UTF8_ITEM);
        List<SimChange> changes = new ArrayList<>();
        // Not NO_IDS nor DUPLICATES: their polls dead-letter entries, so they remove nobody
        // (RosterRemovalDoubtIT), and churn
        // could remove a user or an original its impostor copies.
        for (String id : List.of(OVERSIZED, NOT_UTF8, BYSTANDER)) {
          changes.addAll(sim.churn(id, CHANGES_PER_ACCOUNT));
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(polls.statuses(NOT_UTF8, started))
                      .as("the poll of the page that is not UTF-8")
                      .anyMatch(
                          s ->
                              s.getOutcome() == PollOutcome.FAILED
                                  && s.getErrorCategory() == ErrorCategory.INVALID_RESPONSE);
                  assertThat(deadLetters.of(NOT_UTF8))
                      .as("the bad page, dead-lettered")
                      .isNotEmpty();
                });
        sim.faults(NOT_UTF8).clear();
        Instant cleaned = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> polls.completedSince(NOT_UTF8, cleaned));

        events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(60));
        events.awaitQuiet(
            Duration.ofSeconds(5), Duration.ofSeconds(60)); // further polls must add nothing
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds, SPLICED_USERS);
        for (String id : List.of(NO_IDS, DUPLICATES, OVERSIZED, BYSTANDER)) {
          assertThat(polls.statuses(id, started))
              .as("polls of %s go on", id)
              .isNotEmpty()
              .extracting(PollStatus::getOutcome)
              .containsOnly(PollOutcome.COMPLETED);
        }

        assertDeadLetters(deadLetters, first, second);
        assertThat(logs.lines())
            .as("a clear log line for each kind of bad input")
            .anyMatch(line -> line.contains("Account " + NO_IDS + ": skipped a user entry"))
            .anyMatch(
                line ->
                    line.contains(
                        "Account " + DUPLICATES + ": user " + first + " listed twice in one poll"))
            .anyMatch(
                line ->
                    line.contains(
                        "Account "
                            + OVERSIZED
                            + ": user huge-name published with absurdly large fields cut"))
            .anyMatch(
                line ->
                    line.contains("account " + NOT_UTF8)
                        && line.contains("INVALID_RESPONSE")
                        && line.contains("UTF-8"));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(metricLines(roster))
                        .as("dead letters, cuts and the failed poll are counted")
                        .anyMatch(
                            line ->
                                line.startsWith("roster_dead_letters_total")
                                    && !line.endsWith(" 0.0"))
                        .anyMatch(
                            line ->
                                line.startsWith("roster_mapping_issues_total")
                                    && line.contains("\"LIST_TRUNCATED\"")
                                    && line.contains("\"oversized\""))
                        .anyMatch(
                            line ->
                                line.startsWith("roster_poll_errors_total")
                                    && line.contains("\"INVALID_RESPONSE\"")
                                    && line.contains("\"not-utf8\"")));

        // The wide user's change event carries it twice, before and after: that too must fit one
        // record, and the
        // detector must go on for everyone.
        sim.faults(OVERSIZED).spliceIntoPage(3, oversizedUsers("suspended"));
        int beforeWideChange = events.size();
        SimChange later = noticeableChange(sim, BYSTANDER);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(events.since(beforeWideChange))
                        .anySatisfy(e -> assertThat(e.getUserId()).isEqualTo("wide-text"))
                        .anySatisfy(e -> assertThat(e.getUserId()).isEqualTo(later.userId())));
        assertThat(events.current(OVERSIZED, "wide-text").orElseThrow().getStatus())
            .isEqualTo("suspended");
      }
    }
  }

  /**
   * The spliced users arrive, their absurd fields cut to the caps; unknown statuses stay raw,
   * categorised UNKNOWN.
   */
  private static void assertAbsurdFieldsCutAndOddStatusesKept(EventLedger events) {
    User hugeName = events.current(OVERSIZED, "huge-name").orElseThrow();
    assertThat(hugeName.getName()).hasSize(MappingSettings.DEFAULT_MAX_STRING_CHARS);
    User manyRoles = events.current(OVERSIZED, "many-roles").orElseThrow();
    assertThat(manyRoles.getRoles()).hasSize(MappingSettings.DEFAULT_MAX_LIST_ELEMENTS);
    assertThat(List.of("odd-status-1", "odd-status-2", "odd-status-3"))
        .map(id -> events.current(OVERSIZED, id).orElseThrow())
        .allSatisfy(user -> assertThat(user.getStatusCategory()).isEqualTo(StatusCategory.UNKNOWN))
        .extracting(User::getStatus)
        .containsExactly("SUSPENDED_BY_ADMIN", "", "42");
  }

  private static void assertDeadLetters(DeadLetters deadLetters, String first, String second) {
    assertThat(deadLetters.of(NO_IDS))
        .extracting(DeadLetters.DeadLetter::reason)
        .anyMatch(reason -> reason.contains("MISSING_ID"))
        .anyMatch(reason -> reason.contains("BLANK_ID"))
        .anyMatch(reason -> reason.contains("ID_NOT_STRING_OR_NUMBER"))
        .anyMatch(reason -> reason.contains("NOT_AN_OBJECT"));
    assertThat(deadLetters.of(NO_IDS))
        .extracting(DeadLetters.DeadLetter::valueText)
        .anyMatch(value -> value.contains("No Id"));
    assertThat(deadLetters.of(DUPLICATES))
        .isNotEmpty()
        .allSatisfy(
            letter -> {
              assertThat(letter.reason())
                  .containsAnyOf(first, second)
                  .contains("listed twice")
                  .contains("first entry is kept");
              assertThat(letter.valueText()).contains("Impostor");
            });
    assertThat(deadLetters.of(OVERSIZED))
        .extracting(DeadLetters.DeadLetter::reason)
        .anyMatch(
            reason ->
                reason.contains("huge-name")
                    && reason.contains("name " + HUGE_NAME_CHARS + " chars cut to"))
        .anyMatch(
            reason ->
                reason.contains("many-roles")
                    && reason.contains("roles " + MANY_ROLES + " elements cut to"))
        .noneMatch(reason -> reason.contains("odd-status"));
    assertThat(deadLetters.of(OVERSIZED))
        .as("a snippet, not the whole megabyte")
        .allSatisfy(letter -> assertThat(letter.value().length).isBetween(1, 4 * 1024));
    assertThat(deadLetters.of(NOT_UTF8))
        .allSatisfy(
            letter -> {
              assertThat(letter.reason()).contains("malformed page").contains("UTF-8");
              assertThat(letter.source()).isEqualTo("truto");
              assertThat(letter.value())
                  .as("the page as Truto sent it")
                  .containsSequence(NOT_UTF8_ITEM);
            });
    assertThat(deadLetters.of(BYSTANDER)).isEmpty();
  }

  /**
   * One change to {@code accountId} that raises an event: a login touches only quiet fields, so it
   * is churned past.
   */
  private static SimChange noticeableChange(TrutoSimulator sim, String accountId) {
    for (int tries = 0; tries < 100; tries++) {
      SimChange change = sim.churn(accountId, 1).get(0);
      if (change.kind() != SimChange.Kind.LOGIN) {
        return change;
      }
    }
    throw new AssertionError("100 changes to " + accountId + " were all logins");
  }

  private static String impostor(String userId) {
    return "{\"id\":\"" + userId + "\",\"name\":\"Impostor\",\"status\":\"active\"}";
  }

  /**
   * A user with a 1 MB name, one with 100,000 roles, one with three fields of wide text and the
   * given status, and three with statuses no table knows.
   */
  private static byte[] oversizedUsers(String wideTextStatus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        utf8(
            "{\"id\":\"wide-text\",\"status\":\""
                + wideTextStatus
                + "\",\"name\":\""
                + WIDE_TEXT
                + "\",\"bio\":\""
                + WIDE_TEXT
                + "\",\"title\":\""
                + WIDE_TEXT
                + "\"},"));
    out.writeBytes(
        utf8(
            "{\"id\":\"huge-name\",\"status\":\"active\",\"name\":\""
                + "n".repeat(HUGE_NAME_CHARS)
                + "\"},"));
    out.writeBytes(
        utf8(
            "{\"id\":\"many-roles\",\"status\":\"active\",\"roles\":["
                + IntStream.range(0, MANY_ROLES)
                    .mapToObj(i -> "{\"id\":\"r" + i + "\",\"name\":\"Role " + i + "\"}")
                    .collect(Collectors.joining(","))
                + "]},"));
    out.writeBytes(
        utf8(
            "{\"id\":\"odd-status-1\",\"status\":\"SUSPENDED_BY_ADMIN\"},{\"id\":\"odd-status-2\",\"status\":\"\"},"
                + "{\"id\":\"odd-status-3\",\"status\":42}"));
    return out.toByteArray();
  }

  private static List<String> metricLines(RosterService roster) throws Exception {
    return RosterServiceIT.get(roster.opsUrl().resolve("/metrics")).body().lines().toList();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
