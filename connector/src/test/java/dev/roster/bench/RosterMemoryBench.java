package dev.roster.bench;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.sim.SimAccountSpec;
import dev.roster.topics.RosterTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figure 3 of docs/benchmarks.md: heap and resident memory while Roster polls one generated account
 * of {@code users} users end to end (every user event readable read_committed), and, when {@code
 * polls} says so, re-polls it unchanged. Run it with the heap capped (bench/roster.sh uses
 * -Xmx256m) at two account sizes: flat means the live heap does not grow with the account.
 * Everything runs in this JVM (broker, registry, simulator, Roster, the benchmark's readers), so
 * the figures are an upper bound for Roster alone. Not a test.
 */
public final class RosterMemoryBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int polls = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int partitions = 6;
    try (BenchRig rig = BenchRig.start(17, 1_000)) {
      rig.addAccount(
          SimAccountSpec.of("large", "googleworkspace", BenchTruto.TENANT)
              .users(users)
              .generated());
      RosterSettings settings = rig.settings("bench-memory", partitions, 8);
      AtomicLong maxLiveHeap = new AtomicLong();
      AtomicLong maxRss = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  maxLiveHeap.accumulateAndGet(BenchProbe.heapAfterLastGcBytes(), Math::max);
                  maxRss.accumulateAndGet(BenchProbe.rssBytes(), Math::max);
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-memory-sampler");
      sampler.setDaemon(true);

      try (RosterService roster = RosterService.start(settings, Clock.systemUTC())) {
        BenchRig.awaitReady(roster);
        RosterTopics topics = roster.topics();
        CommittedReader.Counter<byte[], byte[]> events = new CommittedReader.Counter<>();
        CommittedReader.Counter<byte[], byte[]> summaries = new CommittedReader.Counter<>();
        try (var eventReader =
                CommittedReader.committedBytes(
                    rig.bootstrapServers(), topics.userEvents.name(), events);
            var summaryReader =
                CommittedReader.committedBytes(
                    rig.bootstrapServers(), topics.pollSummaries.name(), summaries)) {
          BenchProbe.resetPeaks();
          sampler.start();
          for (int poll = 1; poll <= polls; poll++) {
            rig.sim().requests().clear();
            long wanted = (long) partitions * poll;
            rig.pollAllNow(settings, topics.accounts);
            BenchRig.await(
                "poll " + poll,
                TIMEOUT,
                () -> summaries.count() >= wanted && events.count() >= users);
            double seconds = (summaries.lastNanos() - rig.firstRequestNanos()) / 1e9;
            System.out.printf(
                "%s poll of %,d users: %.1f s (%.0f users/s) end to end, load average %s; so far: peak heap %s (sum of heap pool peaks, "
                    + "garbage included), most heap live after a GC %s, peak RSS %s (VmHWM), max heap %s%n",
                poll == 1 ? "first (baseline)" : "unchanged re-",
                users,
                seconds,
                users / seconds,
                BenchProbe.loadAverage(),
                BenchProbe.mb(BenchProbe.peakHeapBytes()),
                BenchProbe.mb(maxLiveHeap.get()),
                BenchProbe.mb(BenchProbe.peakRssBytes()),
                BenchProbe.mb(BenchProbe.maxHeapBytes()));
          }
        } finally {
          sampler.interrupt();
        }
      }
    }
  }
}
