package dev.roster.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {

  private static IdentityAlert alert(
      String id, IdentityAlertType type, String tenant, String resolves) {
    return IdentityAlert.newBuilder()
        .setAlertId(id)
        .setType(type)
        .setResolved(resolves != null)
        .setResolvesAlertId(resolves)
        .setTenantId(tenant)
        .setIdentityKey("email:ada@" + tenant + ".example")
        .setAppIntegration("slack")
        .setAppIntegratedAccountId("slack-1")
        .setAppUserId("U1")
        .setDetectedAt(Instant.EPOCH)
        .setEmittedAt(Instant.EPOCH)
        .setReason("test")
        .build();
  }

  @Test
  void anOpeningOpensOnceAndItsResolutionClosesIt() {
    OpenAlerts alerts = new OpenAlerts();
    assertThat(alerts.apply(alert("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, "acme", null)))
        .isTrue();
    assertThat(alerts.apply(alert("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, "acme", null)))
        .as("a replayed opening")
        .isFalse();
    alerts.apply(alert("b1", IdentityAlertType.ADMIN_WITHOUT_2FA, "globex", null));
    assertThat(alerts.openFor("acme")).extracting(IdentityAlert::getAlertId).containsExactly("a1");

    assertThat(alerts.apply(alert("r1", IdentityAlertType.LEAVER_RESOLVED, "acme", "a1"))).isTrue();
    assertThat(alerts.apply(alert("r9", IdentityAlertType.LEAVER_RESOLVED, "acme", "zz")))
        .as("a resolution of an alert never seen")
        .isFalse();
    assertThat(alerts.open()).extracting(IdentityAlert::getAlertId).containsExactly("b1");
  }

  @Test
  void aNewerTypeAReaderDoesNotKnowStillOpensOrResolvesByItsFlag() {
    OpenAlerts alerts = new OpenAlerts();
    alerts.apply(alert("x1", IdentityAlertType.OTHER, "acme", null));
    alerts.apply(alert("x2", IdentityAlertType.OTHER, "acme", "x1"));
    assertThat(alerts.open()).isEmpty();
  }
}
