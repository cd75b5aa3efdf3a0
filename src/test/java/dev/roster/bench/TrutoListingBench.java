package dev.roster.bench;

import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.truto.AccountContext;
import dev.roster.truto.ApiToken;
import dev.roster.truto.ListedItem;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.TrutoAccount;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import dev.roster.truto.UserListing;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the Truto client against the simulator (budgets lifted, so the figures show the client,
 * not Truto's caps): requests per poll against the minimum, and peak heap while listing a large
 * account. Run with bench/truto-listing.sh; not a test.
 */
public final class TrutoListingBench {

  private static final String TOKEN = "bench-token";

  public static void main(String[] args) throws Exception {
    int requestsAccountUsers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int heapAccountUsers = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int vendorPage = 100;
    try (TrutoSimulator sim = TrutoSimulator.start(SimulatorConfig.builder().port(0).apiToken(TOKEN).seed(1).unlimited().build());
        TrutoClient client = new TrutoClient(TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of(TOKEN))
            .withBudgets(new RequestBudget(1_000_000, Duration.ofSeconds(1)), new RequestBudget(1_000_000, Duration.ofSeconds(1)))
            .withPageSize(vendorPage))) {
      sim.addAccount(SimAccountSpec.of("full", "googleworkspace", "bench").users(requestsAccountUsers).generated().vendorPageSize(vendorPage));
      sim.addAccount(SimAccountSpec.of("partial", "okta", "bench").users(requestsAccountUsers).generated().vendorPageSize(vendorPage));
      sim.addAccount(SimAccountSpec.of("large", "googleworkspace", "bench").users(heapAccountUsers).generated().vendorPageSize(vendorPage));

      long pages = (requestsAccountUsers + vendorPage - 1) / vendorPage;
      report("full (googleworkspace)", client, "full", "googleworkspace", requestsAccountUsers, pages);
      report("partial (okta)", client, "partial", "okta", requestsAccountUsers, pages + requestsAccountUsers);

      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      AtomicLong seen = new AtomicLong();
      UserListing listing = list(client, "large", "googleworkspace", seen);
      double seconds = (System.nanoTime() - start) / 1e9;
      long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .mapToLong(pool -> pool.getPeakUsage().getUsed())
          .sum();
      System.out.printf("large: %d users, %s, %.1f s (%.0f users/s), peak heap %.1f MB (sum of heap pool peaks), max heap %d MB%n",
          seen.get(), listing.getClass().getSimpleName(), seconds, seen.get() / seconds, peakHeap / 1e6,
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
  }

  private static void report(String name, TrutoClient client, String account, String integration, int users, long minimum)
      throws InterruptedException {
    AtomicLong seen = new AtomicLong();
    UserListing listing = list(client, account, integration, seen);
    System.out.printf("%s: %d users, %s, %d requests per poll (minimum %d)%n",
        name, seen.get(), listing.getClass().getSimpleName(), listing.stats().apiCalls(), minimum);
  }

  private static UserListing list(TrutoClient client, String account, String integration, AtomicLong seen) throws InterruptedException {
    return client.listUsers(new TrutoAccount(new AccountContext(account, integration, "bench"), Map.of()), item -> {
      if (item instanceof ListedItem.Observed) {
        seen.incrementAndGet();
      }
    });
  }
}
