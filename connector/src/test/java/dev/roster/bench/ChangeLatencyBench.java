package dev.roster.bench;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.Observation;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.sim.SimAccount;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimRequest;
import dev.roster.topics.RosterTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Figures 4 and 5 of docs/benchmarks.md. Materialised accounts (full-response googleworkspace and
 * partial-response okta) are loaded, then {@code rounds} times: the simulator churns, every account
 * is polled once, and the benchmark
 *
 * <ul>
 *   <li>counts the requests each poll made against the minimum (pages, plus one get per user for
 *       okta) from the simulator's request log;
 *   <li>measures each change event's latency: from the poll seeing the change (the timestamp of the
 *       changed user's observation record, set when the poller sent it; for a removal, the poll's
 *       completion marker) to a read_committed consumer receiving the event.
 * </ul>
 *
 * <p>Run with bench/roster.sh; not a test.
 */
public final class ChangeLatencyBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private record Received(UserChangeEvent event, long receivedMillis) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int changesPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int partitions = 6;
    long wallMinusNanoMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;

    try (BenchRig rig = BenchRig.start(13, 200_000)) {
      for (int i = 0; i < 5; i++) {
        rig.addAccount(
            SimAccountSpec.of("gw-" + i, "googleworkspace", BenchTruto.TENANT)
                .users(1_000)
                .materialised());
        rig.addAccount(
            SimAccountSpec.of("okta-" + i, "okta", BenchTruto.TENANT).users(400).materialised());
      }
      int accountCount = rig.accounts().size();
      RosterSettings settings = rig.settings("bench-latency", partitions, 8);
      Map<String, Long> observedAt = new ConcurrentHashMap<>();
      List<Received> received = new CopyOnWriteArrayList<>();
      CommittedReader.Counter<byte[], byte[]> summaries = new CommittedReader.Counter<>();
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC())) {
        BenchRig.awaitReady(roster);
        RosterTopics topics = roster.topics();
        try (var observations =
                new CommittedReader<>(
                    rig.bootstrapServers(),
                    topics.observations.name(),
                    "read_uncommitted",
                    topics.observations.keySerde().deserializer(),
                    topics.observations.valueSerde().deserializer(),
                    (ConsumerRecord<UserKey, Observation> record, long nanos) ->
                        observedAt.merge(observationKey(record), record.timestamp(), Math::max));
            var events =
                CommittedReader.committed(
                    rig.bootstrapServers(),
                    topics.userEvents.name(),
                    topics.userEvents.keySerde().deserializer(),
                    topics.userEvents.valueSerde().deserializer(),
                    (record, nanos) ->
                        received.add(
                            new Received(
                                record.value(), wallMinusNanoMillis + nanos / 1_000_000)));
            var summaryReader =
                CommittedReader.committedBytes(
                    rig.bootstrapServers(), topics.pollSummaries.name(), summaries)) {
          rig.pollAllNow(settings, topics.accounts);
          BenchRig.await(
              "the baseline", TIMEOUT, () -> summaries.count() >= (long) accountCount * partitions);
          int baselineEvents = received.size();

          long requests = 0;
          long minimum = 0;
          for (int round = 1; round <= rounds; round++) {
            rig.sim().churn(changesPerRound);
            Map<String, Long> usersNow =
                rig.sim().accounts().stream()
                    .collect(Collectors.toMap(SimAccount::id, SimAccount::userCount));
            rig.sim().requests().clear();
            long wanted = (long) accountCount * partitions * (round + 1);
            rig.pollAllNow(settings, topics.accounts);
            BenchRig.await("round " + round, TIMEOUT, () -> summaries.count() >= wanted);
            Map<String, Long> perAccount =
                rig.sim().requests().all().stream()
                    .collect(Collectors.groupingBy(SimRequest::accountId, Collectors.counting()));
            for (SimAccount account : rig.sim().accounts()) {
              long needed =
                  BenchTruto.minimumRequests(
                      usersNow.get(account.id()), account.id().startsWith("okta"));
              long made = perAccount.getOrDefault(account.id(), 0L);
              requests += made;
              minimum += needed;
              if (made != needed) {
                System.out.printf(
                    "round %d: account %s made %d requests, minimum %d%n",
                    round, account.id(), made, needed);
              }
            }
          }
          Thread.sleep(500); // the observation reader is not behind the event reader
          System.out.printf(
              "API efficiency: %d polls, %d requests, minimum %d (ratio %.4f); per round per account: "
                  + "googleworkspace 1,000 users = 10 pages; okta 400 users = 4 pages + 400 gets%n",
              rounds * accountCount, requests, minimum, (double) requests / minimum);
          report(received.subList(baselineEvents, received.size()), observedAt);
        }
      }
    }
  }

  /**
   * {@code account/user/poll} of a user's observation, {@code account//poll} of a poll's completion
   * marker.
   */
  private static String observationKey(ConsumerRecord<UserKey, Observation> record) {
    Observation observation = record.value();
    if (observation.getPayload() instanceof User user) {
      return user.getIntegratedAccountId() + "/" + user.getId() + "/" + observation.getPollId();
    }
    if (observation.getPayload() instanceof PollCompleted completed) {
      return completed.getIntegratedAccountId() + "//" + observation.getPollId();
    }
    return "other";
  }

  private static void report(List<Received> events, Map<String, Long> observedAt) {
    Map<String, List<Long>> latencies = new TreeMap<>();
    for (Received received : events) {
      UserChangeEvent event = received.event();
      Long seen =
          observedAt.get(
              event.getIntegratedAccountId() + "/" + event.getUserId() + "/" + event.getPollId());
      String kind = "changed or created (from the user's observation)";
      if (seen == null) {
        seen = observedAt.get(event.getIntegratedAccountId() + "//" + event.getPollId());
        kind = "removed (from the poll's completion marker)";
      }
      if (seen == null) {
        System.out.println("no observation found for event " + event.getEventId());
        continue;
      }
      latencies
          .computeIfAbsent("all", k -> new ArrayList<>())
          .add(received.receivedMillis() - seen);
      latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add(received.receivedMillis() - seen);
    }
    latencies.forEach(
        (kind, values) -> {
          List<Long> sorted = values.stream().sorted().toList();
          System.out.printf(
              "change latency, %s: %d events, p50 %d ms, p99 %d ms, max %d ms (commit.interval.ms 100); load average %s%n",
              kind,
              sorted.size(),
              percentile(sorted, 0.50),
              percentile(sorted, 0.99),
              sorted.get(sorted.size() - 1),
              BenchProbe.loadAverage());
        });
  }

  /** Nearest-rank percentile. */
  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
