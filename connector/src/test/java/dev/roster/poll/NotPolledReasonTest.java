package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.AccountSource;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotPolledReasonTest {

  private static IntegratedAccount account(boolean enabled, String status) {
    return IntegratedAccount.newBuilder()
        .setId("a1")
        .setIntegration("okta")
        .setEnabled(enabled)
        .setStatus(status)
        .setSource(status == null ? AccountSource.CONFIG : AccountSource.DISCOVERY)
        .build();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"active", "needs_reauth"})
  void anEnabledAccountIsPolled(String status) {
    assertThat(NotPolledReason.of(account(true, status))).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"active", "ACTIVE"})
  void anAccountTheFileDisablesIsNotPolledAndNothingIsWrongWithIt(String status) {
    NotPolledReason reason = NotPolledReason.of(account(false, status)).orElseThrow();

    assertThat(reason.category()).isNull();
    assertThat(reason.message()).isEqualTo("disabled in the accounts file (enabled: false)");
  }

  @ParameterizedTest
  @CsvSource({
    "needs_reauth, AUTH",
    "NEEDS_REAUTH, AUTH",
    "blocked, BLOCKED",
    "connecting, CONFIG",
    "post_install_error, CONFIG",
    "validation_error, CONFIG",
    "paused_by_vendor, CONFIG"
  })
  void aStatusTrutoReportsNotActiveSaysWhichAndWhatItMeans(String status, ErrorCategory category) {
    NotPolledReason reason = NotPolledReason.of(account(false, status)).orElseThrow();

    assertThat(reason.category()).isEqualTo(category);
    assertThat(reason.message())
        .contains("status " + status)
        .endsWith("polled again once Truto reports it active");
  }

  @Test
  void needsReauthAsksForTheCustomerToReconnect() {
    NotPolledReason reason = NotPolledReason.of(account(false, "needs_reauth")).orElseThrow();

    assertThat(reason.needsReauth()).isTrue();
    assertThat(reason.message())
        .startsWith("Truto reports the account needs re-authentication")
        .contains("must reconnect it");
    assertThat(NotPolledReason.of(account(false, "connecting")).orElseThrow().needsReauth())
        .isFalse();
  }
}
