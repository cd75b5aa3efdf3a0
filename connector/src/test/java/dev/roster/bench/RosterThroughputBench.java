package dev.roster.bench;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.sim.SimAccountSpec;
import dev.roster.topics.RosterTopics;
import dev.roster.truto.TrutoClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Figures 1 and 2 of docs/benchmarks.md, with their baselines from the same run on the same broker:
 *
 * <ol>
 *   <li>initial load: Roster polls {@code accounts} x {@code users} users from the simulator until
 *       every user event and poll summary is readable read_committed; against ProducerPerformance
 *       sending as many records of the users topic's average record size;
 *   <li>steady state: {@code rounds} re-polls of the same, unchanged users (users/s, CPU, bytes
 *       written per topic); against the Truto client alone listing the same pages with as many
 *       threads as Roster polls at once.
 * </ol>
 *
 * <p>Also counts requests per poll against the minimum. Arguments: accounts, users per account,
 * rounds, and whether unchanged users go as fingerprints (default true). Run with bench/roster.sh;
 * not a test.
 */
public final class RosterThroughputBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  public static void main(String[] args) throws Exception {
    int accountCount = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int usersPerAccount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // false: the poller sends every user in full, as Roster 0.1.0 did (the "before" of issue 15).
    boolean unchangedAsFingerprints = args.length <= 3 || Boolean.parseBoolean(args[3]);
    int partitions = 6;
    int pollConcurrency = 8;
    long users = (long) accountCount * usersPerAccount;
    long minimumRequests = accountCount * BenchTruto.minimumRequests(usersPerAccount, false);

    try (BenchRig rig = BenchRig.start(7, 100_000);
        Admin admin = Admin.create(rig.kafkaClientProps())) {
      for (int i = 0; i < accountCount; i++) {
        rig.addAccount(
            SimAccountSpec.of(String.format("gw-%03d", i), "googleworkspace", BenchTruto.TENANT)
                .users(usersPerAccount)
                .generated());
      }
      RosterSettings settings =
          rig.settings("bench-load", partitions, pollConcurrency, unchangedAsFingerprints);
      System.out.printf(
          "unchanged users sent as %s%n",
          unchangedAsFingerprints
              ? "fingerprints (poll.unchanged-as-fingerprints=true)"
              : "whole users");
      long expectedSummaries = (long) accountCount * partitions;

      List<String> steady = new ArrayList<>();
      double loadRate;
      double averageRecordBytes;
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC())) {
        BenchRig.awaitReady(roster);
        RosterTopics topics = roster.topics();
        CommittedReader.Counter<UserKey, UserChangeEvent> events = new CommittedReader.Counter<>();
        CommittedReader.Counter<byte[], byte[]> summaries = new CommittedReader.Counter<>();
        CommittedReader.Counter<byte[], byte[]> table = new CommittedReader.Counter<>();
        try (var eventReader =
                CommittedReader.committed(
                    rig.bootstrapServers(),
                    topics.userEvents.name(),
                    topics.userEvents.keySerde().deserializer(),
                    topics.userEvents.valueSerde().deserializer(),
                    events);
            var summaryReader =
                CommittedReader.committedBytes(
                    rig.bootstrapServers(), topics.pollSummaries.name(), summaries);
            var tableReader =
                CommittedReader.committedBytes(
                    rig.bootstrapServers(), topics.users.name(), table)) {
          // 1. Initial load, timed from the first request to the last user event readable.
          BrokerLogSizes sizesBeforeLoad = BrokerLogSizes.snapshot(admin);
          double cpuBefore = BenchProbe.processCpuSeconds();
          rig.pollAllNow(settings, topics.accounts);
          BenchRig.await(
              "the initial load",
              TIMEOUT,
              () ->
                  events.count() >= users
                      && summaries.count() >= expectedSummaries
                      && table.count() >= users);
          long start = rig.firstRequestNanos();
          double seconds = (Math.max(events.lastNanos(), summaries.lastNanos()) - start) / 1e9;
          loadRate = users / seconds;
          averageRecordBytes = (double) table.bytes() / table.count();
          System.out.printf(
              "initial load: %d users in %.1f s = %.0f users/s end to end (first request to last event readable "
                  + "read_committed); %d requests (minimum %d); process CPU %.1f s ; "
                  + "users topic records average %.0f bytes (key + value); load average %s%n",
              users,
              seconds,
              loadRate,
              rig.sim().requests().size(),
              minimumRequests,
              BenchProbe.processCpuSeconds() - cpuBefore,
              averageRecordBytes,
              BenchProbe.loadAverage());

          Thread.sleep(1000); // the last transaction's markers and changelogs settle
          printWritten(BrokerLogSizes.snapshot(admin).since(sizesBeforeLoad), users, "new user");

          // 2. Steady state: the same users again, unchanged.
          for (int round = 1; round <= rounds; round++) {
            BrokerLogSizes sizesBefore = BrokerLogSizes.snapshot(admin);
            long eventsBefore = events.count();
            rig.sim().requests().clear();
            double cpuStart = BenchProbe.processCpuSeconds();
            java.util.Map<String, Long> threadsStart = BenchProbe.cpuNanosByThreadKind();
            long summariesWanted = expectedSummaries * (round + 1);
            rig.pollAllNow(settings, topics.accounts);
            BenchRig.await("re-poll " + round, TIMEOUT, () -> summaries.count() >= summariesWanted);
            double cpu = BenchProbe.processCpuSeconds() - cpuStart;
            double roundSeconds = (summaries.lastNanos() - rig.firstRequestNanos()) / 1e9;
            double rate = users / roundSeconds;
            steady.add(String.format("%.0f", rate));
            System.out.printf(
                "re-poll %d: %d users in %.2f s = %.0f users/s; process CPU %.2f s = %.2f CPU s per 100k users; "
                    + "%d requests (minimum %d); %d events; load average %s%n",
                round,
                users,
                roundSeconds,
                rate,
                cpu,
                cpu * 100_000 / users,
                rig.sim().requests().size(),
                minimumRequests,
                events.count() - eventsBefore,
                BenchProbe.loadAverage());
            System.out.printf(
                "  CPU s per 100k users by thread: %s%n",
                BenchProbe.cpuSpentByThreadKind(
                    threadsStart, BenchProbe.cpuNanosByThreadKind(), users));
            Thread.sleep(
                1000); // let the last transaction's markers and the changelogs settle before
            // measuring the logs
            printWritten(
                BrokerLogSizes.snapshot(admin).since(sizesBefore), users, "unchanged user");
          }
        }
      }

      // 2'. Baseline: the Truto client alone, the same pages, as many threads as Roster polls at
      // once.
      try (TrutoClient client = new TrutoClient(BenchTruto.clientSettings(rig.sim()))) {
        ExecutorService pool = Executors.newFixedThreadPool(pollConcurrency);
        try {
          for (int round = 1; round <= rounds; round++) {
            AtomicLong seen = new AtomicLong();
            double cpuStart = BenchProbe.processCpuSeconds();
            long start = System.nanoTime();
            List<Future<?>> listings = new ArrayList<>();
            for (var account : rig.accounts()) {
              listings.add(
                  pool.submit(
                      () ->
                          BenchTruto.list(
                              client, account.getId(), account.getIntegration(), seen)));
            }
            for (Future<?> listing : listings) {
              listing.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = BenchProbe.processCpuSeconds() - cpuStart;
            System.out.printf(
                "baseline fetch-and-parse %d: %d users in %.2f s = %.0f users/s; process CPU %.2f s = %.2f CPU s per 100k users; load average %s%n",
                round,
                seen.get(),
                seconds,
                seen.get() / seconds,
                cpu,
                cpu * 100_000 / seen.get(),
                BenchProbe.loadAverage());
          }
        } finally {
          pool.shutdownNow();
        }
      }

      // 1'. Baseline: a bare producer, as many records of the same average size, to the same
      // broker.
      String perfTopic = "bench-producer-performance";
      admin.createTopics(List.of(new NewTopic(perfTopic, partitions, (short) 1))).all().get();
      int recordSize = (int) Math.round(averageRecordBytes);
      for (List<String> properties :
          List.of(List.<String>of(), List.of("compression.type=lz4", "linger.ms=20"))) {
        ProducerBaseline.Result producer =
            ProducerBaseline.run(rig.bootstrapServers(), perfTopic, users, recordSize, properties);
        System.out.printf(
            "baseline ProducerPerformance %s: %s; load average %s%n  -> initial load / producer = %.0f / %.0f = %.3f%n",
            properties.isEmpty() ? "(defaults)" : properties,
            producer.line(),
            BenchProbe.loadAverage(),
            loadRate,
            producer.recordsPerSecond(),
            loadRate / producer.recordsPerSecond());
      }
      System.out.println(
          "steady-state users/s per round: "
              + steady
              + " "
              + Map.of("partitions", partitions, "pollConcurrency", pollConcurrency));
    }
  }

  /**
   * Bytes and offsets each topic grew by, per user, and the offsets of all topics together: the
   * records written per user (offsets also count the transactions' commit markers, one per
   * partition a transaction wrote).
   */
  private static void printWritten(
      java.util.Map<String, BrokerLogSizes.TopicSize> written, long users, String perWhat) {
    written.forEach(
        (topic, size) ->
            System.out.printf(
                "  written to %-45s %,12d bytes (%,7.1f per %s) %,9d offsets (%.2f per %s)%n",
                topic,
                size.bytes(),
                (double) size.bytes() / users,
                perWhat,
                size.endOffsets(),
                (double) size.endOffsets() / users,
                perWhat));
    long offsets = written.values().stream().mapToLong(BrokerLogSizes.TopicSize::endOffsets).sum();
    long bytes = written.values().stream().mapToLong(BrokerLogSizes.TopicSize::bytes).sum();
    System.out.printf(
        "  all topics: %.2f offsets and %.0f bytes per %s%n",
        (double) offsets / users, (double) bytes / users, perWhat);
  }
}
