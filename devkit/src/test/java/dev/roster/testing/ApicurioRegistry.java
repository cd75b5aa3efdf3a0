package dev.roster.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry server, run as a child process, for contract tests against a
 * Confluent-compatible registry that is not ours. It serves the Confluent API at {@link
 * #confluentApiUrl()}.
 *
 * <p>Apicurio 3.x needs Java 21+; when no such JDK is installed the 2.x line runs on this JVM's
 * Java 17. Several test classes share one server through {@link ApicurioRegistryExtension}.
 */
public final class ApicurioRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final int JAVA_FOR_3X = 21;

  private final String version;
  private final JavaRuntime java;
  private final int port;
  private final Path log;
  private final Process process;
  private final Thread stopOnJvmExit;
  private final Duration startupTime;

  private ApicurioRegistry(
      String version, JavaRuntime java, int port, Path log, Process process, Duration startupTime) {
    this.version = version;
    this.java = java;
    this.port = port;
    this.log = log;
    this.process = process;
    this.startupTime = startupTime;
    // A test JVM that exits without closing us (Ctrl-C, a crashed fork) must not leave a server
    // running.
    this.stopOnJvmExit =
        new Thread(() -> ChildProcess.destroyTree(process), "stop-apicurio-" + port);
    Runtime.getRuntime().addShutdownHook(stopOnJvmExit);
  }

  /**
   * Starts the newest release this machine can run: {@code apicurio.version} (3.x) on a Java 21+
   * JDK if one is installed, else {@code apicurio.java17.version} (2.x) on this JVM. {@code
   * -Dapicurio.forceJava17=true} picks the 2.x line anyway, to test that path on a machine that has
   * both.
   */
  public static ApicurioRegistry start() {
    boolean forceJava17 = Boolean.getBoolean("apicurio.forceJava17");
    return (forceJava17 ? Optional.<JavaRuntime>empty() : JavaRuntime.find(JAVA_FOR_3X))
        .map(java21 -> start(System.getProperty("apicurio.version", "3.3.3"), java21))
        .orElseGet(
            () ->
                start(
                    System.getProperty("apicurio.java17.version", "2.6.13.Final"),
                    JavaRuntime.current()));
  }

  /** Starts the given release with the given Java and waits until its Confluent API answers. */
  public static ApicurioRegistry start(String version, JavaRuntime java) {
    Path jar = ApicurioDistribution.runnableJar(version);
    int httpPort = freePort();
    int managementPort = freePort();
    Path runDirectory =
        TestPaths.buildDirectory().resolve("apicurio").resolve("run-" + version + "-" + httpPort);
    Path log = runDirectory.resolve("apicurio.log");
    List<String> command =
        List.of(
            java.javaExecutable().toString(),
            "-Xmx256m",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=" + httpPort,
            "-Dquarkus.management.host=127.0.0.1",
            "-Dquarkus.management.port=" + managementPort,
            "-jar",
            jar.toString());
    long started = System.nanoTime();
    Process process =
        ChildProcess.start(
            new ProcessBuilder(command)
                .directory(runDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()),
            log);
    awaitReady(process, httpPort, log, version, java);
    Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
    LOG.info(
        "Apicurio Registry {} on {} ready at http://127.0.0.1:{} in {} ms (log: {})",
        version,
        java,
        httpPort,
        startupTime.toMillis(),
        log);
    return new ApicurioRegistry(version, java, httpPort, log, process, startupTime);
  }

  /** The Confluent Schema Registry API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String confluentApiUrl() {
    return confluentApiUrl(port);
  }

  public String version() {
    return version;
  }

  public JavaRuntime java() {
    return java;
  }

  /** From process start until the Confluent API first answered. */
  public Duration startupTime() {
    return startupTime;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    ChildProcess.destroyTree(process);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnJvmExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // closed from within shutdown (the root store closes late): the hook is harmless then
    }
  }

  private static String confluentApiUrl(int port) {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  private static void awaitReady(
      Process process, int port, Path log, String version, JavaRuntime java) {
    // HTTP/1.1: the JDK client's h2c upgrade attempt hangs some servers
    // (docs/architecture.md#schema-registry).
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    HttpRequest subjects =
        HttpRequest.newBuilder(URI.create(confluentApiUrl(port) + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String lastAnswer = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw notReady("exited with " + process.exitValue(), log, version, java);
      }
      try {
        HttpResponse<String> response = http.send(subjects, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        lastAnswer = "HTTP " + response.statusCode() + ": " + response.body();
      } catch (IOException notListeningYet) {
        lastAnswer = notListeningYet.toString();
      } catch (InterruptedException e) {
        ChildProcess.destroyTree(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
      }
      pause();
    }
    ChildProcess.destroyTree(process);
    throw notReady(
        "did not answer 200 within " + STARTUP_TIMEOUT + " (last: " + lastAnswer + ")",
        log,
        version,
        java);
  }

  private static IllegalStateException notReady(
      String what, Path log, String version, JavaRuntime java) {
    return new IllegalStateException(
        "Apicurio Registry "
            + version
            + " on "
            + java
            + " "
            + what
            + "; last lines of "
            + log
            + ":\n"
            + ChildProcess.tail(log));
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free local port", e);
    }
  }
}
