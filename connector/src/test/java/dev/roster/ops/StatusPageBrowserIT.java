package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.account;
import static dev.roster.ops.OpsFixtures.completed;
import static dev.roster.ops.OpsFixtures.failed;
import static dev.roster.ops.OpsFixtures.needingReauth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ErrorCategory;
import dev.roster.testing.HeadlessChromium;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page as a real browser renders it (Debian's headless Chromium), while one account
 * needs re-authentication.
 */
class StatusPageBrowserIT {

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final OpsState state = new OpsState(Duration.ofMinutes(5));
  private final RosterMetrics metrics = new RosterMetrics(state, clock);
  private OpsServer server;

  @BeforeEach
  void start() {
    state.applyAccount("acc-healthy-1", account("acc-healthy-1", "okta"));
    state.applyAccount("acc-healthy-2", account("acc-healthy-2", "github"));
    state.applyAccount("zz-reauth", needingReauth("zz-reauth", "googleworkspace"));
    state.applyPollStatus(completed("acc-healthy-1", "okta", 1, Duration.ofMinutes(1), 120));
    state.applyPollStatus(completed("acc-healthy-2", "github", 1, Duration.ofMinutes(2), 15));
    state.applyPollStatus(
        failed(
            "zz-reauth",
            "googleworkspace",
            1,
            Duration.ofMinutes(1),
            ErrorCategory.AUTH,
            "the vendor rejected the credentials (401)"));
    server =
        new OpsServer(
            OpsSettings.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
            state,
            metrics,
            new HealthChecks(Map.of(), Map.of()),
            clock);
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  @Test
  void theAccountNeedingReauthenticationIsShownFirstAndSaysSo() throws Exception {
    String dom = HeadlessChromium.dumpDom(server.url());

    List<String> rows = HeadlessChromium.accountRows(dom);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .contains(
            "zz-reauth",
            "needs re-authentication",
            "AUTH: the vendor rejected the credentials (401)");
    assertThat(rows.get(1)).contains("acc-healthy-1", ">ok<");
    assertThat(rows.get(2)).contains("acc-healthy-2", ">ok<");
  }

  @Test
  void aScreenshotOfThePageIsTaken() throws Exception {
    Path png = Path.of(System.getProperty("project.build.directory", "target"), "status-page.png");
    Files.deleteIfExists(png);

    HeadlessChromium.screenshot(server.url(), png);

    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(10_000);
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }
}
