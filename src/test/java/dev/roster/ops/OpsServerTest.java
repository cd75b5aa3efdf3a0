package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.account;
import static dev.roster.ops.OpsFixtures.completed;
import static dev.roster.ops.OpsFixtures.event;
import static dev.roster.ops.OpsFixtures.failed;
import static dev.roster.ops.OpsFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.ops.HealthCheck.CheckResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final OpsState state = new OpsState(Duration.ofMinutes(5));
  private final RosterMetrics metrics = new RosterMetrics(state, clock);
  private final HttpClient http = HttpClient.newHttpClient();
  private OpsServer server;

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  @Test
  void metricsNameEveryRosterMeterAfterTheStateIsFed() throws Exception {
    server = start(Map.of());
    state.applyAccount("acc-1", account("acc-1", "okta"));
    state.applyPollStatus(completed("acc-1", "okta", 1, Duration.ofMinutes(1), 42));
    state.applyPollStatus(failed("acc-1", "okta", 2, Duration.ofSeconds(10), ErrorCategory.RATE_LIMITED, "429"));
    state.applyPollSummary(summary("acc-1", 1, 0, 3, "too many removals"));
    state.applyUserEvent(event("acc-1", "u1", ChangeType.USER_CREATED));
    state.applyDeadLetter();

    HttpResponse<String> response = get("metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body()).contains(
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
        "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
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
    server = start(Map.of("poller", () -> CheckResult.up("RUNNING")), Map.of("streams", () -> CheckResult.down("REBALANCING")));

    HttpResponse<String> response = get("health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(response.body()).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void notLiveSaysWhatCannotGoOn() throws Exception {
    server = start(Map.of("poller", () -> CheckResult.up("RUNNING"), "streams", () -> CheckResult.down("change detector failed (ERROR)")),
        Map.of());

    HttpResponse<String> response = get("health/live");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("change detector failed (ERROR)");
    assertThat(body.at("/checks/poller/status").asText()).isEqualTo("UP");
  }

  @Test
  void readyWhenEveryCheckIsUp() throws Exception {
    server = start(Map.of("streams", () -> CheckResult.up("RUNNING"), "kafka", () -> CheckResult.up("3 brokers")));

    HttpResponse<String> response = get("health/ready");
    JsonNode body = new ObjectMapper().readTree(response.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(body.get("status").asText()).isEqualTo("UP");
    assertThat(body.at("/checks/streams/status").asText()).isEqualTo("UP");
    assertThat(body.at("/checks/streams/detail").asText()).isEqualTo("RUNNING");
  }

  @Test
  void notReadySaysWhichCheckFailedHungOrThrew() throws Exception {
    server = start(Map.of(
        "streams", () -> CheckResult.down("REBALANCING"),
        "kafka", () -> {
          Thread.sleep(10_000);
          return CheckResult.up("late");
        },
        "registry", () -> {
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
    state.applyPollStatus(failed(hostile, "okta", 1, Duration.ofMinutes(1), ErrorCategory.UPSTREAM, "<img src=x onerror=alert(1)>"));

    HttpResponse<String> response = get("");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body())
        .doesNotContain("<script>", "<img")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "UPSTREAM: &lt;img src=x onerror=alert(1)&gt;")
        .contains("<meta http-equiv=\"refresh\" content=\"10\">");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    server = start(Map.of());

    assertThat(get("favicon.ico").statusCode()).isEqualTo(404);
  }

  private OpsServer start(Map<String, HealthCheck> ready) {
    return start(Map.of(), ready);
  }

  private OpsServer start(Map<String, HealthCheck> live, Map<String, HealthCheck> ready) {
    return new OpsServer(OpsSettings.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), state, metrics, new HealthChecks(live, ready), clock);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
