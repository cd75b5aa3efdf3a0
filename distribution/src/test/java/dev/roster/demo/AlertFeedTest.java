package dev.roster.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertFeedTest {

  private static final Instant SINCE = Instant.parse("2030-01-01T10:00:00Z");

  @Test
  void anAlertAChangeCausedIsOneLineAndItsResolutionAnother() {
    AlertFeed feed = new AlertFeed(SINCE);
    IdentityAlert opened =
        alert("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, false, null)
            .setReason(
                "ada@globex.example is inactive in the identity provider azureactivedirectory"
                    + " (globex-azure) but still active in slack (globex-slack)")
            .build();

    assertThat(feed.accept(opened))
        .singleElement()
        .asString()
        .matches(
            "\\d\\d:\\d\\d:\\d\\d  ALERT    LEAVER_STILL_ACTIVE +globex +ada@globex.example is .*")
        .endsWith("still active in slack (globex-slack)");
    assertThat(feed.openCounts()).isEqualTo("1 LEAVER_STILL_ACTIVE");

    IdentityAlert resolved =
        alert("r1", IdentityAlertType.LEAVER_RESOLVED, false, "a1")
            .setResolved(true)
            .setReason("left the building")
            .build();

    assertThat(feed.accept(resolved))
        .singleElement()
        .asString()
        .matches(
            "\\d\\d:\\d\\d:\\d\\d  RESOLVED LEAVER_RESOLVED +globex +ada@globex.example: left the"
                + " building");
    assertThat(feed.openCounts()).isEqualTo("none");
  }

  @Test
  void baselineAlertsAreCountedAndToldPerTenantOnceTheyStopComing() {
    AlertFeed feed = new AlertFeed(SINCE);
    for (int i = 0; i < 3; i++) {
      assertThat(
              feed.accept(
                  alert("l" + i, IdentityAlertType.LEAVER_STILL_ACTIVE, true, null).build()))
          .isEmpty();
    }
    assertThat(feed.accept(alert("x", IdentityAlertType.ADMIN_WITHOUT_2FA, true, null).build()))
        .isEmpty();
    assertThat(
            feed.accept(
                alert("y", IdentityAlertType.ADMIN_WITHOUT_2FA, true, null)
                    .setTenantId("acme")
                    .build()))
        .isEmpty();

    assertThat(feed.baselines(Instant.now(), false)).as("still coming").isEmpty();
    assertThat(feed.baselines(Instant.now().plus(AlertFeed.BASELINE_QUIET), false))
        .hasSize(2)
        .satisfiesExactly(
            acme ->
                assertThat(acme).contains("BASELINE ALERTS acme").endsWith("1 ADMIN_WITHOUT_2FA"),
            globex ->
                assertThat(globex)
                    .contains("BASELINE ALERTS globex")
                    .endsWith(" 1 ADMIN_WITHOUT_2FA, 3 LEAVER_STILL_ACTIVE"));
    assertThat(feed.openCounts()).isEqualTo("3 LEAVER_STILL_ACTIVE, 2 ADMIN_WITHOUT_2FA");

    // After the first burst, baseline alerts wait for the summary.
    feed.accept(alert("z", IdentityAlertType.ADMIN_WITHOUT_2FA, true, null).build());
    assertThat(feed.baselines(Instant.now().plusSeconds(60), false)).isEmpty();
    assertThat(feed.baselines(Instant.now(), true))
        .singleElement()
        .asString()
        .contains("BASELINE ALERTS globex")
        .endsWith(" 1 ADMIN_WITHOUT_2FA");
    assertThat(feed.baselines(Instant.now(), true)).isEmpty();
  }

  @Test
  void anEarlierRunsAlertsCountAsOpenButAreNotToldAgain() {
    AlertFeed feed = new AlertFeed(SINCE);

    assertThat(
            feed.accept(
                alert("old", IdentityAlertType.ADMIN_WITHOUT_2FA, false, null)
                    .setEmittedAt(SINCE.minusSeconds(1))
                    .build()))
        .isEmpty();
    assertThat(feed.openCounts()).isEqualTo("1 ADMIN_WITHOUT_2FA");
  }

  private static IdentityAlert.Builder alert(
      String id, IdentityAlertType type, boolean baseline, String resolves) {
    return IdentityAlert.newBuilder()
        .setAlertId(id)
        .setType(type)
        .setResolved(false)
        .setResolvesAlertId(resolves)
        .setTenantId("globex")
        .setIdentityKey("ada@globex.example")
        .setEmail("ada@globex.example")
        .setAppIntegration("slack")
        .setAppIntegratedAccountId("globex-slack")
        .setAppUserId("U1")
        .setFoundInBaseline(baseline)
        .setDetectedAt(SINCE.plusSeconds(5))
        .setEmittedAt(SINCE.plusSeconds(5))
        .setReason("ada@globex.example: something");
  }
}
