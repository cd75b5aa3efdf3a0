package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private TrutoSimulator sim;

  @AfterEach
  void stop() {
    sim.close();
  }

  private SimClient start(SimulatorConfig config) {
    sim = TrutoSimulator.start(config);
    sim.addAccount(SimAccountSpec.of("a", SimIntegrations.GOOGLE_WORKSPACE, "acme").users(3));
    sim.addAccount(SimAccountSpec.of("b", SimIntegrations.GOOGLE_WORKSPACE, "acme").users(3));
    return new SimClient(sim);
  }

  @Test
  void anAccountOverItsBudgetGets429WithRetryAfterAndRateLimitHeadersWhileOthersGoOn() {
    SimClient client =
        start(
            SimulatorConfig.builder()
                .accountBudget(RateBudget.of(3, Duration.ofSeconds(2)))
                .tokenBudget(RateBudget.unlimited())
                .build());

    List<SimClient.Reply> allowed =
        List.of(client.list("a", Map.of()), client.list("a", Map.of()), client.list("a", Map.of()));
    SimClient.Reply refused = client.list("a", Map.of());
    SimClient.Reply other = client.list("b", Map.of());

    assertThat(allowed).extracting(SimClient.Reply::status).containsOnly(200);
    assertThat(allowed)
        .extracting(r -> r.header("ratelimit-remaining"))
        .containsExactly("2", "1", "0");
    assertThat(allowed).extracting(r -> r.header("ratelimit-limit")).containsOnly("3");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
    assertThat(refused.header("ratelimit-limit")).isEqualTo("3");
    assertThat(refused.header("ratelimit-remaining")).isEqualTo("0");
    assertThat(refused.header("ratelimit-reset")).isEqualTo(refused.header("Retry-After"));
    assertThat(refused.json().get("statusCode").asInt()).isEqualTo(429);
    assertThat(other.status()).isEqualTo(200);
    assertThat(sim.requests().matching(r -> "a".equals(r.accountId())))
        .extracting(SimRequest::status)
        .containsExactly(200, 200, 200, 429);
    await().atMost(Duration.ofSeconds(30)).until(() -> client.list("a", Map.of()).status() == 200);
  }

  @Test
  void theTokenBudgetCoversAllAccounts() {
    SimClient client =
        start(
            SimulatorConfig.builder()
                .accountBudget(RateBudget.unlimited())
                .tokenBudget(RateBudget.of(4, Duration.ofSeconds(10)))
                .build());

    List<Integer> statuses =
        List.of("a", "b", "a", "b", "a", "b").stream()
            .map(account -> client.list(account, Map.of()).status())
            .toList();

    assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
    assertThat(client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).status()).isEqualTo(429);
  }

  @Test
  void subSecondWindowsCanBeAnnouncedInFractionalSeconds() {
    SimClient client =
        start(
            SimulatorConfig.builder()
                .accountBudget(RateBudget.of(1, Duration.ofMillis(300)))
                .tokenBudget(RateBudget.unlimited())
                .retryAfterFormat(SimulatorConfig.RetryAfterFormat.FRACTIONAL_SECONDS)
                .build());

    assertThat(client.list("a", Map.of()).status()).isEqualTo(200);
    SimClient.Reply refused = client.list("a", Map.of());

    if (refused.status() == 429) { // the machine may have been slower than the 300 ms window
      assertThat(Double.parseDouble(refused.header("Retry-After")))
          .isGreaterThan(0)
          .isLessThanOrEqualTo(0.3);
      assertThat(refused.header("Retry-After")).matches("\\d+\\.\\d{3}");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> client.list("a", Map.of()).status() == 200);
  }
}
