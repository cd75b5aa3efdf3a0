package dev.roster.bench;

import dev.roster.sim.TrutoSimulator;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.UserListing;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the Truto client against the simulator (budgets lifted, so the figures show the client,
 * not Truto's caps): requests per poll against the minimum, and peak heap while listing a large
 * account. Run with bench/truto-listing.sh; not a test.
 */
public final class TrutoListingBench {

  public static void main(String[] args) throws Exception {
    int requestsAccountUsers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int heapAccountUsers = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    try (TrutoSimulator sim = BenchTruto.simulator(1, 10_000);
        TrutoClient client = new TrutoClient(BenchTruto.clientSettings(sim))) {
      sim.addAccount(BenchTruto.generated("full", "googleworkspace", requestsAccountUsers));
      sim.addAccount(BenchTruto.generated("partial", "okta", requestsAccountUsers));
      sim.addAccount(BenchTruto.generated("large", "googleworkspace", heapAccountUsers));

      report(
          "full (googleworkspace)",
          client,
          "full",
          "googleworkspace",
          requestsAccountUsers,
          BenchTruto.minimumRequests(requestsAccountUsers, false));
      report(
          "partial (okta)",
          client,
          "partial",
          "okta",
          requestsAccountUsers,
          BenchTruto.minimumRequests(requestsAccountUsers, true));

      BenchProbe.resetPeaks();
      long start = System.nanoTime();
      AtomicLong seen = new AtomicLong();
      UserListing listing = BenchTruto.list(client, "large", "googleworkspace", seen);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "large: %d users, %s, %.1f s (%.0f users/s), peak heap %.1f MB (sum of heap pool peaks), max heap %d MB%n",
          seen.get(),
          listing.getClass().getSimpleName(),
          seconds,
          seen.get() / seconds,
          BenchProbe.peakHeapBytes() / 1e6,
          BenchProbe.maxHeapBytes() / (1024 * 1024));
    }
  }

  private static void report(
      String name, TrutoClient client, String account, String integration, int users, long minimum)
      throws InterruptedException {
    AtomicLong seen = new AtomicLong();
    UserListing listing = BenchTruto.list(client, account, integration, seen);
    System.out.printf(
        "%s: %d users, %s, %d requests per poll (minimum %d)%n",
        name, seen.get(), listing.getClass().getSimpleName(), listing.stats().apiCalls(), minimum);
  }
}
