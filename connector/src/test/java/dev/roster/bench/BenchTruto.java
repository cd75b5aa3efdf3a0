package dev.roster.bench;

import dev.roster.avro.IntegratedAccount;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.truto.ApiToken;
import dev.roster.truto.ListedItem;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import dev.roster.truto.UserListing;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Truto side every benchmark shares: the simulator with its caps lifted, and client settings
 * with Roster's request budgets lifted, so the figures show Roster and the machine, not Truto's
 * rate limits (which would make every figure a multiple of 50 requests per 10 s).
 */
final class BenchTruto {

  static final String TOKEN = "bench-token";
  static final String TENANT = "bench";

  /** Users per list page, both asked for and served: the default {@code truto.page-size}. */
  static final int PAGE_SIZE = 100;

  private static final RequestBudget LIFTED = new RequestBudget(1_000_000, Duration.ofSeconds(1));

  private BenchTruto() {}

  /**
   * A simulator on a free loopback port, without rate limits, keeping {@code requestLog} requests.
   */
  static TrutoSimulator simulator(long seed, int requestLog) {
    return TrutoSimulator.start(
        SimulatorConfig.builder()
            .port(0)
            .apiToken(TOKEN)
            .seed(seed)
            .unlimited()
            .requestLogCapacity(requestLog)
            .build());
  }

  /**
   * A generated account of {@code users} users of the bench tenant, served in vendor pages of 100.
   */
  static SimAccountSpec generated(String id, String integration, int users) {
    return SimAccountSpec.of(id, integration, TENANT)
        .users(users)
        .generated()
        .vendorPageSize(PAGE_SIZE);
  }

  static TrutoClientSettings clientSettings(TrutoSimulator sim) {
    return TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of(TOKEN))
        .withBudgets(LIFTED, LIFTED)
        .withPageSize(PAGE_SIZE);
  }

  /** Lists one account with the Truto client alone (no Kafka), counting the users it maps. */
  static UserListing list(TrutoClient client, String accountId, String integration, AtomicLong seen)
      throws InterruptedException {
    return client.listUsers(
        IntegratedAccount.newBuilder()
            .setId(accountId)
            .setIntegration(integration)
            .setTenantId(TENANT)
            .build(),
        item -> {
          if (item instanceof ListedItem.Observed) {
            seen.incrementAndGet();
          }
        });
  }

  /**
   * Requests one poll needs at least: every page, plus one get per user when list items are
   * partial.
   */
  static long minimumRequests(long users, boolean partialResponse) {
    long pages = Math.max(1, (users + PAGE_SIZE - 1) / PAGE_SIZE);
    return pages + (partialResponse ? users : 0);
  }
}
