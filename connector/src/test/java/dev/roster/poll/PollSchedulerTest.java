package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.AccountSource;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {

  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  static final Duration INTERVAL = Duration.ofMinutes(15);

  static IntegratedAccount account(String id, String integration) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId("acme")
        .setQuery(Map.of())
        .setEnabled(true)
        .setSource(AccountSource.CONFIG)
        .build();
  }

  /**
   * The default rests without their jitter, so a test can name them exactly ({@link
   * BackoffPolicyTest} covers the jitter).
   */
  static final BackoffPolicy EXACT_BACKOFF =
      new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5), 0);

  static PollScheduler scheduler(double jitter, int global, Map<String, Integer> perIntegration) {
    return new PollScheduler(
        new PollScheduler.Settings(
            INTERVAL,
            Map.of("okta", Duration.ofMinutes(5)),
            jitter,
            global,
            perIntegration,
            EXACT_BACKOFF),
        42);
  }

  static List<String> ids(List<IntegratedAccount> accounts) {
    return accounts.stream().map(IntegratedAccount::getId).toList();
  }

  @Test
  void newAccountsAreDueWithinTheJitterOfTheirFirstIntervalAndNeverPolledTwiceAtOnce() {
    PollScheduler scheduler = scheduler(0.1, 10, Map.of());
    scheduler.upsert(account("a", "slack"), T0);

    assertThat(scheduler.dueAt("a")).isBetween(T0, T0.plus(INTERVAL.dividedBy(10)));
    assertThat(ids(scheduler.startDue(T0.plus(INTERVAL)))).containsExactly("a");
    assertThat(scheduler.startDue(T0.plus(INTERVAL.multipliedBy(3)))).as("still running").isEmpty();
  }

  @Test
  void completedPollsComeBackAfterTheIntervalWithJitter() {
    PollScheduler scheduler = scheduler(0.1, 10, Map.of());
    scheduler.upsert(account("a", "slack"), T0);
    scheduler.startDue(T0.plus(INTERVAL));
    Instant done = T0.plus(INTERVAL).plusSeconds(30);

    scheduler.completed("a", done);

    assertThat(scheduler.dueAt("a"))
        .isBetween(done.plus(Duration.ofSeconds(810)), done.plus(Duration.ofSeconds(990)));
    assertThat(scheduler.isRunning("a")).isFalse();
  }

  @Test
  void intervalsComeFromTheAccountThenTheIntegrationThenTheDefault() {
    PollScheduler scheduler = scheduler(0, 10, Map.of());
    IntegratedAccount ownInterval =
        IntegratedAccount.newBuilder(account("own", "okta")).setIntervalSeconds(60L).build();
    assertThat(scheduler.interval(ownInterval)).isEqualTo(Duration.ofMinutes(1));
    assertThat(scheduler.interval(account("okta-1", "okta"))).isEqualTo(Duration.ofMinutes(5));
    assertThat(scheduler.interval(account("slack-1", "slack"))).isEqualTo(INTERVAL);
  }

  @Test
  void globalAndPerIntegrationCapsHold() {
    PollScheduler scheduler = scheduler(0, 3, Map.of("github", 1));
    for (String id : List.of("g1", "g2", "g3", "s1", "s2", "s3")) {
      scheduler.upsert(account(id, id.startsWith("g") ? "github" : "slack"), T0);
    }

    List<String> started = ids(scheduler.startDue(T0));

    assertThat(started).hasSize(3);
    assertThat(started.stream().filter(id -> id.startsWith("g"))).hasSize(1);
    assertThat(scheduler.startDue(T0)).as("all slots taken").isEmpty();
    scheduler.completed(started.get(0), T0.plusSeconds(5));
    assertThat(scheduler.startDue(T0.plusSeconds(5))).hasSize(1);
  }

  @Test
  void transientFailuresBackOffExponentiallyUpToTheInterval() {
    PollScheduler scheduler = scheduler(0, 10, Map.of());
    scheduler.upsert(account("a", "slack"), T0);
    PollFailure upstream = new PollFailure(ErrorCategory.UPSTREAM, Optional.empty(), false);
    Instant now = T0;
    List<Duration> rests = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      scheduler.startDue(now);
      scheduler.failed("a", upstream, now);
      rests.add(Duration.between(now, scheduler.dueAt("a")));
      now = scheduler.dueAt("a");
    }
    assertThat(rests)
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(8),
            INTERVAL,
            INTERVAL);
  }

  @Test
  void rateLimitsWaitAsToldAndBrokenAccountsWaitUntilTheyChange() {
    PollScheduler scheduler = scheduler(0, 10, Map.of());
    scheduler.upsert(account("rl", "slack"), T0);
    scheduler.upsert(account("auth", "slack"), T0);
    scheduler.startDue(T0);

    scheduler.failed(
        "rl",
        new PollFailure(ErrorCategory.RATE_LIMITED, Optional.of(Duration.ofSeconds(42)), false),
        T0);
    scheduler.failed("auth", new PollFailure(ErrorCategory.AUTH, Optional.empty(), false), T0);

    assertThat(scheduler.dueAt("rl")).isEqualTo(T0.plusSeconds(42));
    assertThat(scheduler.dueAt("auth")).isEqualTo(T0.plus(Duration.ofHours(6)));
    IntegratedAccount reconnected =
        IntegratedAccount.newBuilder(account("auth", "slack")).setStatus("active").build();
    scheduler.upsert(reconnected, T0.plusSeconds(60));
    assertThat(scheduler.dueAt("auth"))
        .as("a changed account is due at once")
        .isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void aRefusedApiTokenPausesEveryAccount() {
    PollScheduler scheduler = scheduler(0, 10, Map.of());
    scheduler.upsert(account("a", "slack"), T0);
    scheduler.upsert(account("b", "slack"), T0);
    scheduler.startDue(T0);
    scheduler.completed("b", T0);

    scheduler.failed("a", new PollFailure(ErrorCategory.AUTH, Optional.empty(), true), T0);

    assertThat(scheduler.startDue(T0.plus(Duration.ofMinutes(4)))).isEmpty();
    assertThat(scheduler.nextDue()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(ids(scheduler.startDue(T0.plus(INTERVAL)))).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void disabledOrRemovedAccountsAreNotPolled() {
    PollScheduler scheduler = scheduler(0, 10, Map.of());
    scheduler.upsert(account("a", "slack"), T0);
    scheduler.upsert(
        IntegratedAccount.newBuilder(account("a", "slack")).setEnabled(false).build(), T0);
    scheduler.upsert(account("b", "slack"), T0);
    scheduler.remove("b");

    assertThat(scheduler.startDue(T0.plus(INTERVAL))).isEmpty();
    assertThat(scheduler.nextDue()).isNull();
  }
}
