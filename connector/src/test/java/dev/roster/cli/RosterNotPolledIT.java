package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.config.RosterConfig;
import dev.roster.poll.AccountsTable;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimAccountState;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every account Roster knows is on roster.poll-status, the ones it does not poll too: an account
 * Truto reports needs_reauth (found by discovery) and one the accounts file disables each get a
 * NOT_POLLED status saying why, written again on the discovery schedule, while the active account
 * is polled as before. Configured as an operator would: a properties file, an accounts file,
 * discovery on. Then discovery answers empty (a token of another environment): the accounts table
 * keeps every account until enough answers in a row confirm it.
 */
@ExtendWith(KafkaBroker.class)
class RosterNotPolledIT {

  private static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(2);

  /**
   * Answers after the first that must also miss an account: enough that the table can be read
   * between the last held answer and the one that removes.
   */
  private static final int CONFIRMATIONS = 3;

  @Test
  @Timeout(240)
  void anAccountNeedingReauthAndOneDisabledInTheFileEachSayWhyTheyAreNotPolledOnEveryRefresh(
      @TempDir Path dir) throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(17);
        EmbeddedSchemaRegistry registry = TestRoster.registry("not-polled")) {
      sim.addAccount(SimAccountSpec.of("active-1", "slack", "acme").users(15).materialised());
      sim.addAccount(SimAccountSpec.of("off-1", "okta", "acme").users(10).materialised());
      sim.addAccount(
          SimAccountSpec.of("reauth-1", "hubspot", "acme")
              .users(10)
              .state(SimAccountState.NEEDS_REAUTH));
      IntegratedAccount disabledInFile =
          IntegratedAccount.newBuilder(TestRoster.account("off-1", "okta", Map.of()))
              .setEnabled(false)
              .build();
      Map<String, String> discovery =
          Map.of(
              RosterConfig.ACCOUNTS_DISCOVERY_ENABLED,
              "true",
              RosterConfig.ACCOUNTS_DISCOVERY_INTERVAL,
              DISCOVERY_INTERVAL.toMillis() + "ms",
              RosterConfig.ACCOUNTS_REMOVAL_GUARD_CONFIRMATIONS,
              Integer.toString(CONFIRMATIONS));
      Path properties =
          RunConfigFile.write(
              dir,
              sim,
              registry.url(),
              KafkaBroker.bootstrapServers(),
              "roster-not-polled-" + UUID.randomUUID(),
              dir.resolve("state"),
              List.of(disabledInFile),
              discovery);
      RosterConfig config = RosterConfig.load(Optional.of(properties), Map.of());

      try (RosterService roster =
              RosterService.start(RosterSettings.from(config), Clock.systemUTC());
          PollHistory polls = new PollHistory(roster.topics());
          EventLedger events = new EventLedger(roster.topics().userEvents)) {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    notPolled(polls, "reauth-1").size() >= 2
                        && notPolled(polls, "off-1").size() >= 2
                        && polls.completedCount() >= 2);

        List<PollStatus> reauth = notPolled(polls, "reauth-1");
        assertThat(reauth)
            .allSatisfy(
                status -> {
                  assertThat(status.getErrorCategory()).isEqualTo(ErrorCategory.AUTH);
                  assertThat(status.getMessage())
                      .contains("needs re-authentication")
                      .contains("needs_reauth");
                  assertThat(status.getIntegration()).isEqualTo("hubspot");
                  assertThat(status.getLastCompletedAt()).as("never polled").isNull();
                });
        assertRefreshed(reauth);
        List<PollStatus> off = notPolled(polls, "off-1");
        assertThat(off)
            .allSatisfy(
                status -> {
                  assertThat(status.getErrorCategory()).as("nothing is wrong with it").isNull();
                  assertThat(status.getMessage())
                      .isEqualTo("disabled in the accounts file (enabled: false)");
                });
        assertRefreshed(off);

        // The active account is polled as before; the others are not polled at all.
        assertThat(polls.statuses("active-1", Instant.EPOCH))
            .extracting(PollStatus::getOutcome)
            .containsOnly(PollOutcome.COMPLETED);
        assertThat(polls.failures()).isEmpty();
        events.awaitAtLeast(15, Duration.ofSeconds(60));
        assertThat(events.events())
            .extracting(UserChangeEvent::getIntegratedAccountId)
            .containsOnly("active-1");
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        assertThat(
                sim.requests()
                    .matching(
                        request ->
                            request.path().startsWith(TrutoSimulator.USERS_PATH)
                                && List.of("off-1", "reauth-1").contains(request.accountId())))
            .as("user listings of accounts not polled")
            .isEmpty();

        // What an operator reads: the page and the metrics say "needs re-authentication", not
        // failing nor stale.
        String page = RosterServiceIT.get(roster.opsUrl().resolve("/")).body();
        assertThat(page)
            .contains("data-state=\"NEEDS_REAUTH\"", "data-state=\"DISABLED\"", "data-state=\"OK\"")
            .doesNotContain("data-state=\"FAILING\"", "data-state=\"STALE\"");
        assertThat(RosterServiceIT.get(roster.opsUrl().resolve("/metrics")).body())
            .contains(
                "roster_account_health{account=\"reauth-1\",integration=\"hubspot\",state=\"needs_reauth\"} 1.0")
            .contains(
                "roster_account_health{account=\"off-1\",integration=\"okta\",state=\"disabled\"} 1.0");

        anEmptyDiscoveryAnswerKeepsEveryAccountUntilConfirmed(sim, roster, config);
      }
    }
  }

  /**
   * Discovery answers empty: the two accounts only discovery names stay in the table (the one the
   * file names stays as the file says) through {@link #CONFIRMATIONS} answers, and go with the
   * next.
   */
  private static void anEmptyDiscoveryAnswerKeepsEveryAccountUntilConfirmed(
      TrutoSimulator sim, RosterService roster, RosterConfig config) throws Exception {
    AccountsTable table = new AccountsTable(roster.topics().accounts, config.kafkaClientProps());
    assertThat(table.read()).containsOnlyKeys("active-1", "off-1", "reauth-1");
    // Counted before the fault, so no empty answer goes uncounted.
    int before = discoveryAnswers(sim);
    sim.faults().emptyList();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> discoveryAnswers(sim) >= before + CONFIRMATIONS);
    assertThat(table.read())
        .as("after %d empty answers", CONFIRMATIONS)
        .containsOnlyKeys("active-1", "off-1", "reauth-1");
    assertThat(RosterServiceIT.get(roster.opsUrl().resolve("/metrics")).body())
        .containsPattern("roster_accounts_discovery_held_total [1-9]")
        .contains("roster_accounts_removals_held 2.0");

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(table.read())
                    .as("confirmed by %d answers in a row", CONFIRMATIONS + 1)
                    .containsOnlyKeys("off-1"));
    assertThat(discoveryAnswers(sim)).isGreaterThanOrEqualTo(before + CONFIRMATIONS + 1);
  }

  private static int discoveryAnswers(TrutoSimulator sim) {
    return sim.requests()
        .matching(request -> request.path().equals(TrutoSimulator.ACCOUNTS_PATH))
        .size();
  }

  private static List<PollStatus> notPolled(PollHistory polls, String accountId) {
    return polls.statuses(accountId, Instant.EPOCH).stream()
        .filter(status -> status.getOutcome() == PollOutcome.NOT_POLLED)
        .toList();
  }

  /** A later status re-states it: a newer time, a newer id. */
  private static void assertRefreshed(List<PollStatus> statuses) {
    PollStatus first = statuses.get(0);
    PollStatus last = statuses.get(statuses.size() - 1);
    assertThat(last.getEndedAt()).isAfter(first.getEndedAt());
    assertThat(last.getPollId()).isGreaterThan(first.getPollId());
  }
}
