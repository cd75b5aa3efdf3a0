package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.account;
import static dev.roster.ops.OpsFixtures.completed;
import static dev.roster.ops.OpsFixtures.failed;
import static dev.roster.ops.OpsFixtures.needingReauth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.roster.avro.ErrorCategory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page as a real browser renders it (Debian's headless Chromium), while one account needs re-authentication. */
class StatusPageBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  Path profile;
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
    state.applyPollStatus(failed("zz-reauth", "googleworkspace", 1, Duration.ofMinutes(1), ErrorCategory.AUTH,
        "the vendor rejected the credentials (401)"));
    server = new OpsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), state, metrics, Map.of(), clock);
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  @Test
  void theAccountNeedingReauthenticationIsShownFirstAndSaysSo() throws Exception {
    String dom = chromium("--dump-dom");

    List<String> rows = accountRows(dom);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).contains("zz-reauth", "needs re-authentication", "AUTH: the vendor rejected the credentials (401)");
    assertThat(rows.get(1)).contains("acc-healthy-1", ">ok<");
    assertThat(rows.get(2)).contains("acc-healthy-2", ">ok<");
  }

  @Test
  void aScreenshotOfThePageIsTaken() throws Exception {
    Path png = Path.of(System.getProperty("project.build.directory", "target"), "status-page.png");
    Files.deleteIfExists(png);

    chromium("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900");

    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(10_000);
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  /** Runs headless Chromium on the status page and returns what it printed on stdout. */
  private String chromium(String... action) throws IOException, InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(CHROMIUM + " is missing: this test needs Debian's chromium package, which .ci/run installs (apt-get install -y chromium)");
    }
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile));
    command.addAll(List.of(action));
    command.add(server.url().toString());
    Path stderr = Files.createTempFile("chromium", ".log");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    // read stdout while it runs, so a large DOM cannot fill the pipe and block the browser
    CompletableFuture<String> stdout = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        stdout.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        stdout.completeExceptionally(e);
      }
    });
    reader.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish within 60 s:\n" + Files.readString(stderr));
    }
    assertThat(process.exitValue()).as("Chromium's exit code; its stderr:\n%s", Files.readString(stderr)).isZero();
    return stdout.join();
  }

  private static List<String> accountRows(String dom) {
    List<String> rows = new ArrayList<>();
    int at = 0;
    while ((at = dom.indexOf("<tr class=\"account\"", at)) >= 0) {
      int end = dom.indexOf("</tr>", at);
      rows.add(dom.substring(at, end));
      at = end;
    }
    return rows;
  }
}
