package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.AccountSource;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotPolledReporterTest {

  private static final Duration REFRESH = Duration.ofMillis(300);
  private static final Duration AT_MOST = Duration.ofSeconds(10);
  private static final long RECORDED = Clock.systemUTC().millis() + Duration.ofHours(1).toMillis();

  private final List<PollStatus> written = new CopyOnWriteArrayList<>();
  private final FakeRecordedPollIds recorded = new FakeRecordedPollIds().read("reauth", RECORDED);
  private final NotPolledReporter reporter =
      new NotPolledReporter(
          new PollIds(Clock.systemUTC(), recorded, AT_MOST),
          written::add,
          Clock.systemUTC(),
          REFRESH);

  @AfterEach
  void close() throws InterruptedException {
    reporter.close();
  }

  private static IntegratedAccount account(String id, boolean enabled, String status) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration("hubspot")
        .setTenantId("acme")
        .setEnabled(enabled)
        .setStatus(status)
        .setSource(AccountSource.DISCOVERY)
        .build();
  }

  private List<PollStatus> of(String accountId) {
    return written.stream().filter(s -> s.getIntegratedAccountId().equals(accountId)).toList();
  }

  @Test
  void anOwnedAccountThatIsNotPolledGetsAStatusSayingWhyAtOnceThenOnEveryRefresh() {
    reporter.owned(account("reauth", false, "needs_reauth"));

    await().atMost(AT_MOST).until(() -> of("reauth").size() >= 2);
    PollStatus first = of("reauth").get(0);
    PollStatus second = of("reauth").get(1);
    assertThat(first.getOutcome()).isEqualTo(PollOutcome.NOT_POLLED);
    assertThat(first.getErrorCategory()).isEqualTo(ErrorCategory.AUTH);
    assertThat(first.getMessage()).contains("needs re-authentication");
    assertThat(first.getIntegration()).isEqualTo("hubspot");
    assertThat(first.getTenantId()).isEqualTo("acme");
    assertThat(first.getPollId()).as("continues the recorded sequence").isEqualTo(RECORDED + 1);
    assertThat(second.getPollId()).isGreaterThan(first.getPollId());
    assertThat(second.getEndedAt()).isAfterOrEqualTo(first.getEndedAt());
  }

  @Test
  void anAccountThatIsPolledGetsNoneAndOneThatIsPolledAgainOrLeavesGetsNoMore() {
    reporter.owned(account("witness", false, "connecting")); // its statuses count the refreshes
    reporter.owned(account("active", true, "active"));
    reporter.owned(account("reauth", false, "needs_reauth"));
    reporter.owned(account("disabled", false, null));
    await().atMost(AT_MOST).until(() -> !of("reauth").isEmpty() && !of("disabled").isEmpty());

    reporter.owned(account("reauth", true, "active")); // reconnected
    reporter.released("disabled"); // moved to another instance
    int reauth = of("reauth").size();
    int disabled = of("disabled").size();
    int witness = of("witness").size();
    await()
        .atMost(AT_MOST)
        .until(
            () -> of("witness").size() >= witness + 2); // a whole refresh began after the changes

    assertThat(of("active")).isEmpty();
    assertThat(of("disabled").get(0).getErrorCategory()).isNull();
    assertThat(of("reauth").size())
        .as("at most the one a refresh under way wrote")
        .isLessThanOrEqualTo(reauth + 1);
    assertThat(of("disabled").size())
        .as("at most the one a refresh under way wrote")
        .isLessThanOrEqualTo(disabled + 1);
  }
}
