package dev.roster.bench;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.ops.HealthCheck.CheckResult;
import dev.roster.ops.HealthChecks;
import dev.roster.ops.OpsServer;
import dev.roster.ops.OpsSettings;
import dev.roster.ops.OpsState;
import dev.roster.ops.RosterMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether /health/live still answers quickly while many clients scrape /metrics of a large cluster:
 * the ops server of one instance, its state fed with {@code accounts} accounts (each with a
 * completed and a failed poll and an event, so every per-account meter exists), {@code scrapers}
 * threads scraping /metrics back to back, and one probe asking /health/live on a new connection
 * every 50 ms, as a kubelet does (timeout 10 s: a slower answer counts as failed). Prints the
 * probes' latency percentiles, first for 10 s with nobody scraping (the control: what the machine's
 * load alone costs a probe), then while the scrapers run: by default in a process of their own at
 * nice 19, standing in for clients on other machines; with the fourth argument {@code same-jvm} as
 * threads of this JVM, competing with the server for its two cores. Arguments: accounts, scrapers,
 * seconds measured, where the scrapers run. Run with bench/ops-probes.sh; not a test.
 */
public final class ProbeStarvationBench {

  private static final Duration PROBE_PAUSE = Duration.ofMillis(50);
  private static final int PROBE_TIMEOUT_MS = 10_000;
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Duration CONTROL = Duration.ofSeconds(10);
  private static final String SCRAPERS_ONLY = "--scrapers-only";

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(SCRAPERS_ONLY)) {
      scrapeOnly(URI.create(args[1]), Integer.parseInt(args[2]));
      return;
    }
    boolean apart = args.length <= 3 || !args[3].equals("same-jvm");
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int scrapers = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Duration measured = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 30);
    Clock clock = Clock.systemUTC();
    OpsState state = new OpsState(Duration.ofMinutes(15));
    try (RosterMetrics metrics = new RosterMetrics(state, clock);
        OpsServer server =
            new OpsServer(
                OpsSettings.open(new InetSocketAddress("127.0.0.1", 0)),
                state,
                metrics,
                new HealthChecks(
                    Map.of(
                        "poller", () -> CheckResult.up("RUNNING"),
                        "streams", () -> CheckResult.up("RUNNING")),
                    Map.of()),
                clock)) {
      feed(state, accounts, clock.instant());
      long started = System.nanoTime();
      int scrapeBytes = metrics.scrape().getBytes(StandardCharsets.UTF_8).length;
      System.out.printf(
          "%d accounts: one scrape %.1f MB, computed in %d ms (cold); load average %s%n",
          accounts,
          scrapeBytes / 1e6,
          (System.nanoTime() - started) / 1_000_000,
          BenchProbe.loadAverage());

      // The control: what probes take on this machine at its present load, nobody scraping.
      report("0 scrapers (control)", probes(server.url(), CONTROL), 0, 0, CONTROL);

      try (Scrapers load =
          apart
              ? Scrapers.niceProcess(server.url(), scrapers)
              : Scrapers.threads(server.url(), scrapers)) {
        Thread.sleep(WARM_UP.toMillis());
        long[] before = load.counts();
        Probes probes = probes(server.url(), measured);
        long[] after = load.counts();
        report(
            scrapers + (apart ? " scrapers (nice 19 process)" : " scrapers (threads of this JVM)"),
            probes,
            after[0] - before[0],
            after[1] - before[1],
            measured);
      }
    }
  }

  /**
   * Clients scraping /metrics back to back: threads of this JVM, competing with the server and the
   * probe for the CPU at the same priority; or a process of their own at the lowest priority (nice
   * 19), standing in for clients on other machines, whose CPU the server does not share.
   */
  private interface Scrapers extends AutoCloseable {

    /** Scrapes answered 200 and failed so far. */
    long[] counts();

    @Override
    void close() throws Exception;

    static Scrapers threads(URI server, int count) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong scrapes = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      for (int i = 0; i < count; i++) {
        Thread scraper =
            new Thread(
                () -> scrapeUntilStopped(server, running, scrapes, failures), "scraper-" + i);
        scraper.setDaemon(true);
        scraper.start();
      }
      return new Scrapers() {
        @Override
        public long[] counts() {
          return new long[] {scrapes.get(), failures.get()};
        }

        @Override
        public void close() {
          running.set(false);
        }
      };
    }

    /** The child prints its counts every 200 ms as "scrapes failures". */
    static Scrapers niceProcess(URI server, int count) throws IOException {
      Process child =
          new ProcessBuilder(
                  "nice",
                  "-n",
                  "19",
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx64m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ProbeStarvationBench.class.getName(),
                  SCRAPERS_ONLY,
                  server.toString(),
                  Integer.toString(count))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      AtomicReference<long[]> latest = new AtomicReference<>(new long[2]);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                  for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] fields = line.trim().split(" ");
                    latest.set(new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])});
                  }
                } catch (IOException | RuntimeException e) {
                  // the child ended
                }
              },
              "scraper-counts");
      reader.setDaemon(true);
      reader.start();
      return new Scrapers() {
        @Override
        public long[] counts() {
          return latest.get();
        }

        @Override
        public void close() throws InterruptedException {
          child.destroy();
          child.waitFor(10, TimeUnit.SECONDS);
        }
      };
    }
  }

  /** The child of {@link Scrapers#niceProcess}: scrapes until killed, printing its counts. */
  private static void scrapeOnly(URI server, int count) throws InterruptedException {
    Scrapers scrapers = Scrapers.threads(server, count);
    while (true) {
      long[] counts = scrapers.counts();
      System.out.println(counts[0] + " " + counts[1]);
      Thread.sleep(200);
    }
  }

  /** Latencies of the probes answered 200 in time, sorted, and how many were not. */
  private record Probes(List<Long> latenciesMicros, long failures) {}

  private static Probes probes(URI server, Duration measured) throws InterruptedException {
    List<Long> latenciesMicros = new ArrayList<>();
    long failures = 0;
    Instant end = Instant.now().plus(measured);
    while (Instant.now().isBefore(end)) {
      long micros = probe(server);
      if (micros < 0) {
        failures++;
      } else {
        latenciesMicros.add(micros);
      }
      Thread.sleep(PROBE_PAUSE.toMillis());
    }
    Collections.sort(latenciesMicros);
    return new Probes(latenciesMicros, failures);
  }

  private static void report(
      String what, Probes probes, long scrapes, long scrapeFailures, Duration measured) {
    List<Long> latencies = probes.latenciesMicros();
    System.out.printf(
        "%s, %d s: /health/live p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
            + " (%d probes answered 200, %d failed or over %d s); %d scrapes answered (%.1f/s),"
            + " %d failed; load average %s%n",
        what,
        measured.toSeconds(),
        percentile(latencies, 0.50),
        percentile(latencies, 0.90),
        percentile(latencies, 0.99),
        percentile(latencies, 1.0),
        latencies.size(),
        probes.failures(),
        PROBE_TIMEOUT_MS / 1000,
        scrapes,
        scrapes / (double) measured.toSeconds(),
        scrapeFailures,
        BenchProbe.loadAverage());
  }

  /** Accounts as the ops feed would see them after a few polls. */
  private static void feed(OpsState state, int accounts, Instant now) {
    for (int i = 0; i < accounts; i++) {
      String id = String.format("acc-%05d", i);
      String integration = List.of("okta", "googleworkspace", "slack", "github").get(i % 4);
      state.applyAccount(
          id,
          IntegratedAccount.newBuilder()
              .setId(id)
              .setIntegration(integration)
              .setTenantId("tenant-" + i / 10)
              .build());
      PollStatus completed =
          PollStatus.newBuilder()
              .setIntegratedAccountId(id)
              .setIntegration(integration)
              .setTenantId("tenant-" + i / 10)
              .setPollId(1)
              .setStartedAt(now.minusSeconds(600))
              .setEndedAt(now.minusSeconds(590))
              .setOutcome(PollOutcome.COMPLETED)
              .setUsersSeen(100 + i % 1000)
              .setPages(2)
              .setApiCalls(3)
              .build();
      state.applyPollStatus(completed);
      state.applyPollStatus(
          PollStatus.newBuilder(completed)
              .setPollId(2)
              .setStartedAt(now.minusSeconds(60))
              .setEndedAt(now.minusSeconds(55))
              .setOutcome(PollOutcome.FAILED)
              .setErrorCategory(ErrorCategory.UPSTREAM)
              .setMessage("502 from the vendor")
              .build());
      state.applyUserEvent(
          UserChangeEvent.newBuilder()
              .setEventId("e-" + i)
              .setType(ChangeType.USER_UPDATED)
              .setIntegratedAccountId(id)
              .setIntegration(integration)
              .setTenantId("tenant-" + i / 10)
              .setUserId("u-" + i)
              .setPollId(1)
              .setObservedAt(now.minusSeconds(590))
              .setEmittedAt(now.minusSeconds(589))
              .build());
    }
  }

  /**
   * Scrapes back to back, each on a connection of its own, reading every byte into one reused
   * buffer: a client that costs the server all it can and itself little (no garbage, so this JVM's
   * collections do not delay the probe).
   */
  private static void scrapeUntilStopped(
      URI server, AtomicBoolean running, AtomicLong scrapes, AtomicLong failures) {
    byte[] buffer = new byte[64 * 1024];
    byte[] request = request(server, "/metrics");
    while (running.get()) {
      try (Socket socket = new Socket(server.getHost(), server.getPort())) {
        socket.setSoTimeout(PROBE_TIMEOUT_MS * 3);
        socket.getOutputStream().write(request);
        InputStream in = socket.getInputStream();
        int first = in.read(buffer);
        boolean ok =
            first > 12
                && new String(buffer, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
        while (in.read(buffer) >= 0) {
          // drained
        }
        (ok ? scrapes : failures).incrementAndGet();
      } catch (IOException e) {
        failures.incrementAndGet();
      }
    }
  }

  private static byte[] request(URI server, String path) {
    return ("GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + server.getHost()
            + ":"
            + server.getPort()
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * One probe on a connection of its own: microseconds from connecting to the whole answer, or -1
   * when it was not 200 within the timeout.
   */
  private static long probe(URI server) {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), PROBE_TIMEOUT_MS);
      socket.setSoTimeout(PROBE_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request(server, "/health/live"));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = in.readAllBytes();
      long micros = (System.nanoTime() - started) / 1_000;
      String statusLine =
          new String(answer, 0, Math.min(answer.length, 15), StandardCharsets.US_ASCII);
      return statusLine.startsWith("HTTP/1.1 200") && micros < PROBE_TIMEOUT_MS * 1_000L
          ? micros
          : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static double percentile(List<Long> sortedMicros, double share) {
    if (sortedMicros.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(share * sortedMicros.size()) - 1;
    return sortedMicros.get(Math.max(0, Math.min(index, sortedMicros.size() - 1))) / 1000.0;
  }
}
