package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.AccountSources;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.RateBudget;
import dev.roster.sim.SimRequest;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import dev.roster.truto.RequestBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three instances share one API token whose budget the accounts need more than, and discover the
 * accounts through it: the simulator, which enforces the token's budget, never sees more than it in
 * any window and answers no 429; one instance at a time syncs the accounts table; when the leader
 * stops, the survivors take its share and its lead in the rebalance that follows, and every account
 * is polled again.
 */
@ExtendWith(KafkaBroker.class)
class RosterTokenBudgetIT {

  /**
   * 40 requests per 2 s for the token, shared by three instances; 12 accounts of 7 pages every 2 s
   * would need 84.
   */
  static final RequestBudget TOKEN_BUDGET = new RequestBudget(40, Duration.ofSeconds(2));

  static final int ACCOUNTS = 12;

  @Test
  void threeInstancesStayWithinOneTokenBudgetAndTheSurvivorsTakeOverTheLeadersShare()
      throws Exception {
    try (TrutoSimulator sim =
            TrutoSimulator.start(
                SimulatorConfig.builder()
                    .port(0)
                    .apiToken(TestRoster.TOKEN)
                    .seed(12)
                    .accountBudget(RateBudget.unlimited())
                    .tokenBudget(RateBudget.of(TOKEN_BUDGET.requests(), TOKEN_BUDGET.window()))
                    .build());
        EmbeddedSchemaRegistry registry = TestRoster.registry("budget")) {
      List<IntegratedAccount> accounts =
          TestRoster.addAccounts(sim, "budget", ACCOUNTS, List.of("slack"), n -> 300);
      String applicationId = "roster-budget-" + UUID.randomUUID();
      // The accounts come from Truto's discovery, through each instance's one client and its share
      // of the budget.
      AccountSources discovery =
          new AccountSources(
              RosterConfig.fromMap(Map.of(RosterConfig.ACCOUNTS_DISCOVERY_ENABLED, "true")));
      List<AtomicInteger> syncs = new ArrayList<>();
      List<RosterService> instances = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          AtomicInteger synced = new AtomicInteger();
          syncs.add(synced);
          RosterSettings base = TestRoster.settings(sim, registry, applicationId, accounts);
          RosterSettings settings =
              new RosterSettings(
                  base.truto()
                      .withBudgets(new RequestBudget(10_000, Duration.ofSeconds(1)), TOKEN_BUDGET)
                      .withPageSize(50),
                  base.kafkaClientProps(),
                  base.registry(),
                  base.serde(),
                  base.topics(),
                  base.detector(),
                  base.identities(),
                  base.scheduling(),
                  applicationId,
                  base.stateDir(),
                  truto -> {
                    synced.incrementAndGet();
                    return discovery.apply(truto);
                  },
                  Duration.ofSeconds(5),
                  base.accountsGuard(),
                  base.ops(),
                  base.detectorMemoryBytes(),
                  base.shutdownTimeout(),
                  base.unchangedAsFingerprints());
          instances.add(RosterService.start(settings, Clock.systemUTC()));
        }
        List<String> ids = accounts.stream().map(IntegratedAccount::getId).toList();
        try (PollHistory polls = new PollHistory(instances.get(0).topics())) {
          polls.awaitEveryAccountCompletedSince(Instant.EPOCH, ids, Duration.ofSeconds(120));
          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(
                  () ->
                      assertThat(instances)
                          .extracting(RosterService::tokenShare)
                          .as("one partition each: a third of the budget each")
                          .containsOnly(TOKEN_BUDGET.requests() / 3));
          syncs.forEach(synced -> synced.set(0));
          await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(syncs) >= 0);
          await()
              .during(Duration.ofSeconds(7))
              .atMost(Duration.ofSeconds(10)) // longer than the refresh: a second syncer would show
              .until(() -> syncs.stream().filter(synced -> synced.get() > 0).count() == 1);
          int leader = leaderOf(syncs);

          RosterService stopped = instances.remove(leader);
          stopped.close();
          syncs.remove(leader);
          syncs.forEach(synced -> synced.set(0));
          Instant afterStop = Instant.now();

          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () ->
                      assertThat(instances.stream().mapToInt(RosterService::tokenShare).sum())
                          .as("the survivors own every partition between them")
                          .isEqualTo(
                              TOKEN_BUDGET.requests() / 3 + TOKEN_BUDGET.requests() * 2 / 3));
          await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(syncs) >= 0);
          polls.awaitEveryAccountCompletedSince(afterStop, ids, Duration.ofSeconds(120));
          assertThat(polls.failures()).as("no poll failed, none was rate limited").isEmpty();
        }
      } finally {
        instances.forEach(RosterService::close);
      }

      List<SimRequest> requests = sim.requests().all();
      assertThat(requests)
          .as("discovery ran, within the same budget")
          .anyMatch(request -> request.path().equals(TrutoSimulator.ACCOUNTS_PATH));
      assertThat(sim.requests().dropped()).as("the request log kept every request").isZero();
      assertThat(requests)
          .as("no 429 from the token's budget (the accounts' budgets are unlimited)")
          .noneMatch(request -> request.status() == 429);
      assertThat(busiestWindow(requests, TOKEN_BUDGET.window()))
          .as("most requests in any window of the token's budget")
          .isGreaterThan(TOKEN_BUDGET.requests() / 2)
          .isLessThanOrEqualTo(TOKEN_BUDGET.requests());
    }
  }

  /** The index of the instance that synced the accounts table, or -1 while none has. */
  private static int leaderOf(List<AtomicInteger> syncs) {
    for (int i = 0; i < syncs.size(); i++) {
      if (syncs.get(i).get() > 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The most requests that arrived within any {@code window}, each window starting at a request.
   */
  private static long busiestWindow(List<SimRequest> requests, Duration window) {
    long[] at = requests.stream().mapToLong(SimRequest::receivedAtNanos).sorted().toArray();
    long busiest = 0;
    int end = 0;
    for (int start = 0; start < at.length; start++) {
      while (end < at.length && at[end] < at[start] + window.toNanos()) {
        end++;
      }
      busiest = Math.max(busiest, end - start);
    }
    return busiest;
  }
}
