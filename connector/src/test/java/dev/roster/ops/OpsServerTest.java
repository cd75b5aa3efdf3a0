package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.account;
import static dev.roster.ops.OpsFixtures.completed;
import static dev.roster.ops.OpsFixtures.event;
import static dev.roster.ops.OpsFixtures.failed;
import static dev.roster.ops.OpsFixtures.needingReauth;
import static dev.roster.ops.OpsFixtures.notPolled;
import static dev.roster.ops.OpsFixtures.opening;
import static dev.roster.ops.OpsFixtures.resolution;
import static dev.roster.ops.OpsFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.ops.HealthCheck.CheckResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final OpsState state = new OpsState(Duration.ofMinutes(5));
  private final RosterMetrics metrics = new RosterMetrics(state, clock);
  private final HttpClient http = HttpClient.newHttpClient();
  private static final InetSocketAddress LOOPBACK_ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private OpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    metrics.close();
  }

  @Test
  void metricsNameEveryRosterMeterAfterTheStateIsFed() throws Exception {
    server = start(Map.of());
    state.applyAccount("acc-1", account("acc-1", "okta"));
    state.applyPollStatus(completed("acc-1", "okta", 1, Duration.ofMinutes(1), 42));
    state.applyPollStatus(
        failed("acc-1", "okta", 2, Duration.ofSeconds(10), ErrorCategory.RATE_LIMITED, "429"));
    state.applyPollSummary(summary("acc-1", 1, 0, 3, "too many removals"));
    state.applyUserEvent(event("acc-1", "u1", ChangeType.USER_CREATED));
    state.applyDeadLetter();

    HttpResponse<String> response = get("metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains(
            "roster_polls_total{account=\"acc-1\",integration=\"okta\",outcome=\"COMPLETED\"} 1.0",
            "roster_polls_total{account=\"acc-1\",integration=\"okta\",outcome=\"FAILED\"} 1.0",
            "roster_poll_duration_seconds_count{account=\"acc-1\",integration=\"okta\"} 2",
            "roster_users_seen{account=\"acc-1\",integration=\"okta\"} 0.0",
            "roster_poll_api_requests{account=\"acc-1\",integration=\"okta\"} 3.0",
            "roster_poll_errors_total{account=\"acc-1\",category=\"RATE_LIMITED\",integration=\"okta\"} 1.0",
            "roster_seconds_since_last_complete_poll{account=\"acc-1\",integration=\"okta\"} 60.0",
            "roster_events_total{account=\"acc-1\",integration=\"okta\",type=\"USER_CREATED\"} 1.0",
            "roster_removals_held{account=\"acc-1\",integration=\"okta\"} 3.0",
            "roster_dead_letters_total 1.0",
            "jvm_memory_used_bytes",
            "jvm_threads_live_threads",
            "process_uptime_seconds");
  }

  @Test
  void anAccountThatNeedsReauthenticationIsThatInTheMetricsAndOnThePageNotFailingNorStale()
      throws Exception {
    server = start(Map.of());
    state.applyAccount("acc-ok", account("acc-ok", "okta"));
    state.applyPollStatus(completed("acc-ok", "okta", 1, Duration.ofMinutes(1), 42));
    state.applyAccount("acc-reauth", needingReauth("acc-reauth", "slack"));
    state.applyPollStatus(completed("acc-reauth", "slack", 1, Duration.ofHours(3), 7));
    state.applyPollStatus(
        notPolled(
            "acc-reauth",
            "slack",
            2,
            Duration.ofMinutes(1),
            ErrorCategory.AUTH,
            "Truto reports the account needs re-authentication",
            Duration.ofHours(3)));

    String metrics = get("metrics").body();
    String page = get("").body();

    assertThat(metrics)
        .contains(
            "roster_account_health{account=\"acc-reauth\",integration=\"slack\",state=\"needs_reauth\"} 1.0",
            "roster_account_health{account=\"acc-ok\",integration=\"okta\",state=\"ok\"} 1.0",
            "roster_polls_total{account=\"acc-reauth\",integration=\"slack\",outcome=\"COMPLETED\"} 1.0",
            "roster_users_seen{account=\"acc-reauth\",integration=\"slack\"} 7.0");
    assertThat(metrics)
        .as("a status saying the account is not polled is no poll")
        .doesNotContain("outcome=\"NOT_POLLED\"")
        .doesNotContain("state=\"failing\"")
        .doesNotContain("state=\"stale\"");
    assertThat(page)
        .contains(
            "data-state=\"NEEDS_REAUTH\"",
            "needs re-authentication",
            "not polled; last complete 3 h ago",
            "AUTH: Truto reports the account needs re-authentication");
  }

  @Test
  void metricsCountOpenIdentityAlertsByOpeningTypeEvenAtZero() throws Exception {
    server = start(Map.of());
    IdentityAlert leaver =
        opening("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, "t1", "ann@x.io", Duration.ZERO);
    state.applyIdentityAlert(leaver);
    state.applyIdentityAlert(leaver);
    state.applyIdentityAlert(
        opening("a2", IdentityAlertType.LEAVER_STILL_ACTIVE, "t2", "bob@x.io", Duration.ZERO));
    state.applyIdentityAlert(
        opening("a3", IdentityAlertType.ORPHANED_ACCOUNT, "t1", "cy@x.io", Duration.ZERO));
    state.applyIdentityAlert(resolution(leaver));

    String metrics = get("metrics").body();

    assertThat(metrics)
        .contains(
            "roster_identity_alerts_open{type=\"LEAVER_STILL_ACTIVE\"} 1.0",
            "roster_identity_alerts_open{type=\"ORPHANED_ACCOUNT\"} 1.0",
            "roster_identity_alerts_open{type=\"ADMIN_WITHOUT_2FA\"} 0.0")
        .doesNotContain("_RESOLVED", "type=\"OTHER\"", "roster_identity_users_without_key{");
  }

  @Test
  void metricsShowThisInstancesUsersWithoutAnIdentityKeyPerTenant() throws Exception {
    server = start(Map.of());
    Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();
    counts.put("t1", 4L);
    counts.put("t2", 1L);
    state.showUsersWithoutKey(() -> counts);

    String before = get("metrics").body();
    counts.remove("t2");

    assertThat(before)
        .contains(
            "roster_identity_users_without_key{tenant=\"t1\"} 4.0",
            "roster_identity_users_without_key{tenant=\"t2\"} 1.0");
    // A scrape is shared for OpsServer.RENDER_CACHE; a later one sees the change.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get("metrics").body())
                    .contains("roster_identity_users_without_key{tenant=\"t1\"} 4.0")
                    .doesNotContain("tenant=\"t2\""));
  }

  @Test
  void aRemovedAccountLeavesTheMetrics() throws Exception {
    server = start(Map.of());
    state.applyAccount("acc-1", account("acc-1", "okta"));
    state.applyPollStatus(completed("acc-1", "okta", 1, Duration.ofMinutes(1), 42));
    state.applyAccount("acc-1", null);

    assertThat(get("metrics").body()).doesNotContain("acc-1");
  }

  @Test
  void liveAsksOnlyTheLivenessChecks() throws Exception {
    server =
        start(
            Map.of("poller", () -> CheckResult.up("RUNNING")),
            Map.of("streams", () -> CheckResult.down("REBALANCING")));

    HttpResponse<String> response = get("health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void notLiveSaysWhatCannotGoOn() throws Exception {
    server =
        start(
            Map.of(
                "poller",
                () -> CheckResult.up("RUNNING"),
                "streams",
                () -> CheckResult.down("change detector failed (ERROR)")),
            Map.of());

    HttpResponse<String> response = get("health/live");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.at("/checks/streams/detail").asText())
        .isEqualTo("change detector failed (ERROR)");
    assertThat(body.at("/checks/poller/status").asText()).isEqualTo("UP");
  }

  @Test
  void readyWhenEveryCheckIsUp() throws Exception {
    server =
        start(
            Map.of(
                "streams",
                () -> CheckResult.up("RUNNING"),
                "kafka",
                () -> CheckResult.up("3 brokers")));

    HttpResponse<String> response = get("health/ready");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.at("/checks/streams/status").asText()).isEqualTo("UP");
    assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("RUNNING");
  }

  @Test
  void notReadySaysWhichCheckFailedHungOrThrew() throws Exception {
    server =
        start(
            Map.of(
                "streams", () -> CheckResult.down("REBALANCING"),
                "kafka",
                    () -> {
                      Thread.sleep(10_000);
                      return CheckResult.up("late");
                    },
                "registry",
                    () -> {
                      throw new IllegalStateException("connection refused");
                    }));

    long started = System.nanoTime();
    HttpResponse<String> response = get("health/ready");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("REBALANCING");
    assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("DOWN");
    assertThat(body.at("/checks/kafka/detail").asText()).contains("no answer within 2 s");
    assertThat(body.at("/checks/registry/detail").asText()).contains("connection refused");
  }

  @Test
  void theStatusPageEscapesWhatComesFromOutside() throws Exception {
    server = start(Map.of());
    String hostile = "<script>alert('x')</script>";
    state.applyAccount(hostile, account(hostile, "okta"));
    state.applyPollStatus(
        failed(
            hostile,
            "okta",
            1,
            Duration.ofMinutes(1),
            ErrorCategory.UPSTREAM,
            "<img src=x onerror=alert(1)>"));

    HttpResponse<String> response = get("");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body())
        .doesNotContain("<script>", "<img")
        .contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            "UPSTREAM: &lt;img src=x onerror=alert(1)&gt;")
        .contains("<meta http-equiv=\"refresh\" content=\"10\">");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    server = start(Map.of());

    assertThat(get("favicon.ico").statusCode()).isEqualTo(404);
  }

  @Test
  void theStatusPageNeedsItsBearerTokenWhileProbesAndMetricsStayOpen() throws Exception {
    server =
        new OpsServer(
            new OpsSettings(
                LOOPBACK_ANY_PORT, Optional.of(BearerToken.of("page-token")), Optional.empty()),
            state,
            metrics,
            new HealthChecks(Map.of(), Map.of("streams", () -> CheckResult.up("RUNNING"))),
            clock);

    HttpResponse<String> without = get("");
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(without.body()).doesNotContain("page-token", "<html");
    assertThat(get("", "Bearer wrong-token").statusCode()).isEqualTo(401);
    assertThat(get("", "Basic page-token").statusCode()).isEqualTo(401);

    HttpResponse<String> with = get("", "Bearer page-token");
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(with.body()).contains("<title>Roster status</title>");

    assertThat(get("health/live").statusCode()).isEqualTo(200);
    assertThat(get("health/ready").statusCode()).isEqualTo(200);
    assertThat(get("metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void theStatusPageForbidsScriptsFramesAndSniffing() throws Exception {
    server = start(Map.of());

    HttpResponse<String> page = get("");

    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy ->
                assertThat(policy)
                    .contains("default-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("script-src"));
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("Server")).as("no server version").isEmpty();
  }

  @Test
  void aSlowReadinessCheckRunsOnceForManyConcurrentRequests() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server =
        start(
            Map.of(
                "registry",
                () -> {
                  calls.incrementAndGet();
                  Thread.sleep(300);
                  return CheckResult.up("reachable");
                }));

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(
          http.sendAsync(request("health/ready").build(), HttpResponse.BodyHandlers.ofString()));
    }

    assertThat(responses)
        .allSatisfy(
            response -> assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200));
    assertThat(calls)
        .as("the clock stands still, so one cache period covers every request")
        .hasValue(1);
  }

  @Test
  void clientsThatSendNothingOrTrickleTheirHeadersDoNotStarveTheProbes() throws Exception {
    server =
        start(
            Map.of("poller", () -> CheckResult.up("RUNNING")),
            Map.of("streams", () -> CheckResult.up("RUNNING")));
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        Socket socket = new Socket(server.url().getHost(), server.url().getPort());
        slow.add(socket);
        if (i % 2 == 0) { // half idle, half part way through their headers
          socket
              .getOutputStream()
              .write(
                  "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: "
                      .getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
        }
      }

      HttpResponse<String> live =
          http.send(
              request("health/live").timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> ready =
          http.send(
              request("health/ready").timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(200);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void theConfiguredHostIsTheOnlyOneListenedOn() throws Exception {
    Optional<InetAddress> otherAddress = nonLoopbackAddress();
    assumeTrue(otherAddress.isPresent(), "this machine has an address besides loopback");
    server = start(Map.of());
    int port = server.url().getPort();

    assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> new Socket(otherAddress.get(), port).close())
        .isInstanceOf(ConnectException.class);

    try (OpsServer everywhere =
        new OpsServer(
            OpsSettings.open(new InetSocketAddress("0.0.0.0", 0)),
            state,
            metrics,
            new HealthChecks(Map.of(), Map.of()),
            clock)) {
      HttpResponse<String> viaOther =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + otherAddress.get().getHostAddress()
                              + ":"
                              + everywhere.url().getPort()
                              + "/health/live"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(viaOther.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void healthDetailsAreOneBoundedLineWithoutCredentials() throws Exception {
    server =
        start(
            Map.of(
                "registry",
                    () -> {
                      throw new IllegalStateException(
                          "GET https://key:SECRET@registry.example.com/config failed\n\tat dev.roster.Some.call(Some.java:1)");
                    },
                "poller", () -> CheckResult.down("x".repeat(1000))));

    JsonNode body = new ObjectMapper().readTree(get("health/ready").body());

    assertThat(body.at("/checks/registry/detail").asText())
        .startsWith(
            "IllegalStateException: GET https://registry.example.com/config failed at dev.roster")
        .doesNotContain("SECRET", "\n");
    assertThat(body.at("/checks/poller/detail").asText()).hasSize(301);
  }

  @Test
  void headIsAnsweredWithoutABody() throws Exception {
    server = start(Map.of());

    HttpResponse<String> head =
        http.send(
            request("health/live").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void probesAnswerWhileEveryScrapeWaitsForOneBlockedComputation() throws Exception {
    server =
        start(
            Map.of("poller", () -> CheckResult.up("RUNNING")),
            Map.of("streams", () -> CheckResult.up("RUNNING")));
    CountDownLatch scraping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    state.showUsersWithoutKey(
        () -> {
          computations.incrementAndGet();
          scraping.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Map.of("t1", 2L);
        });
    List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
    try {
      // More scrapers than the server has request threads (16).
      for (int i = 0; i < 40; i++) {
        scrapes.add(
            http.sendAsync(request("metrics").build(), HttpResponse.BodyHandlers.ofString()));
      }
      assertThat(scraping.await(10, TimeUnit.SECONDS)).as("a scrape is computing").isTrue();

      for (String probe : List.of("health/live", "health/ready", "health/live")) {
        HttpResponse<String> answer =
            http.send(
                request(probe).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(probe + " while scrapes wait").isEqualTo(200);
      }
      assertThat(scrapes).noneMatch(CompletableFuture::isDone);
    } finally {
      release.countDown();
    }
    assertThat(scrapes)
        .allSatisfy(
            scrape ->
                assertThat(scrape.get(10, TimeUnit.SECONDS).body())
                    .contains("roster_identity_users_without_key{tenant=\"t1\"} 2.0"));
    assertThat(computations).as("concurrent scrapes share one computation").hasValue(1);
  }

  @Test
  void withoutATokenOnlyHostsARebindingCannotNameAreAnswered() throws Exception {
    server =
        start(
            Map.of("poller", () -> CheckResult.up("RUNNING")),
            Map.of("streams", () -> CheckResult.up("RUNNING")));
    int port = server.url().getPort();

    for (String path : List.of("/", "/metrics", "/health/live", "/health/ready")) {
      for (String host :
          List.of(
              "localhost",
              "localhost:" + port,
              "LOCALHOST.:" + port,
              "127.0.0.1:" + port,
              "[::1]:" + port,
              "10.244.1.17:" + port, // a kubelet probes with the pod's IP
              "[fd00::17]")) {
        assertThat(rawGet(path, host, null))
            .as(path + " for Host " + host)
            .startsWith("HTTP/1.1 200");
      }
      for (String host :
          List.of(
              "attacker.example",
              "attacker.example:" + port,
              "localhost.attacker.example",
              "127.0.0.1.attacker.example",
              "roster:" + port)) {
        assertThat(rawGet(path, host, null))
            .as(path + " for Host " + host)
            .startsWith("HTTP/1.1 421")
            .doesNotContain("roster_", "<html");
      }
    }
  }

  @Test
  void aTokenAdmitsWhateverTheHostAndEachPathTakesItsOwn() throws Exception {
    server =
        new OpsServer(
            new OpsSettings(
                LOOPBACK_ANY_PORT,
                Optional.of(BearerToken.of("page-token")),
                Optional.of(BearerToken.of("metrics-token"))),
            state,
            metrics,
            new HealthChecks(Map.of(), Map.of()),
            clock);

    assertThat(rawGet("/metrics", "127.0.0.1", null)).startsWith("HTTP/1.1 401");
    assertThat(rawGet("/metrics", "127.0.0.1", "Bearer page-token")).startsWith("HTTP/1.1 401");
    assertThat(rawGet("/metrics", "prometheus.example", "Bearer metrics-token"))
        .startsWith("HTTP/1.1 200")
        .contains("jvm_memory_used_bytes");
    assertThat(rawGet("/", "127.0.0.1", "Bearer metrics-token")).startsWith("HTTP/1.1 401");
    assertThat(rawGet("/", "roster.example", "Bearer page-token"))
        .startsWith("HTTP/1.1 200")
        .contains("<title>Roster status</title>");
    assertThat(rawGet("/health/live", "attacker.example", "Bearer page-token"))
        .as("health takes no token, so the Host rule holds for it")
        .startsWith("HTTP/1.1 421");
  }

  @Test
  void beyondTheConnectionLimitANewConnectionWaitsUntilAnotherCloses() throws Exception {
    server = start(Map.of("poller", () -> CheckResult.up("RUNNING")), Map.of());
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < OpsServer.MAX_CONNECTIONS; i++) {
        held.add(new Socket(server.url().getHost(), server.url().getPort()));
      }
      try (Socket waiting = new Socket(server.url().getHost(), server.url().getPort())) {
        waiting
            .getOutputStream()
            .write(
                "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        waiting.setSoTimeout(500);
        assertThatThrownBy(() -> waiting.getInputStream().read())
            .as("not accepted while the limit is reached")
            .isInstanceOf(SocketTimeoutException.class);

        for (Socket socket : held.subList(0, 8)) {
          socket.close();
        }
        waiting.setSoTimeout(10_000);
        assertThat(new String(waiting.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  /**
   * A request with the Host header given (the JDK's client will not send another than the URL's),
   * on a connection of its own; the whole answer.
   */
  private String rawGet(String path, String host, String authorization) throws IOException {
    try (Socket socket = new Socket(server.url().getHost(), server.url().getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(
            address ->
                address instanceof Inet4Address
                    && !address.isLoopbackAddress()
                    && !address.isLinkLocalAddress())
        .findFirst();
  }

  private OpsServer start(Map<String, HealthCheck> ready) {
    return start(Map.of(), ready);
  }

  private OpsServer start(Map<String, HealthCheck> live, Map<String, HealthCheck> ready) {
    return new OpsServer(
        OpsSettings.open(LOOPBACK_ANY_PORT), state, metrics, new HealthChecks(live, ready), clock);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.url().resolve(path));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    return http.send(
        request(path).header("Authorization", authorization).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
