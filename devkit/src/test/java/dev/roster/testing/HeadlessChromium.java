package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, run on a page as a person's browser would load it (.ci/run installs
 * it).
 */
public final class HeadlessChromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  /** The DOM of {@code url} after Chromium rendered it. */
  public static String dumpDom(URI url) throws IOException, InterruptedException {
    return run(url, "--dump-dom");
  }

  /** A PNG screenshot of {@code url} at {@code png}. */
  public static void screenshot(URI url, Path png) throws IOException, InterruptedException {
    run(url, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,900");
  }

  /** Runs Chromium on {@code url} with a fresh profile and returns what it printed on stdout. */
  private static String run(URI url, String... action) throws IOException, InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      fail(
          CHROMIUM
              + " is missing: this test needs Debian's chromium package, which .ci/run installs (apt-get install -y chromium)");
    }
    Path profile = Files.createTempDirectory("chromium-profile");
    // The background-networking flags keep Chromium from calling out of this closed network.
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    command.addAll(List.of(action));
    command.add(url.toString());
    Path stderr = Files.createTempFile("chromium", ".log");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    // read stdout while it runs, so a large DOM cannot fill the pipe and block the browser
    CompletableFuture<String> stdout = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                stdout.complete(
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                stdout.completeExceptionally(e);
              }
            });
    reader.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish within 60 s:\n" + Files.readString(stderr));
    }
    assertThat(process.exitValue())
        .as("Chromium's exit code; its stderr:\n%s", Files.readString(stderr))
        .isZero();
    return stdout.join();
  }

  /** The rows of the status page's accounts table, in page order. */
  public static List<String> accountRows(String dom) {
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
