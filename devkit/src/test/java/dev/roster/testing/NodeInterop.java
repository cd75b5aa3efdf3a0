package dev.roster.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the independent Node client (src/test/node/interop.mjs: kafkajs
 * + @kafkajs/confluent-schema-registry) to prove that what Roster writes, and what it reads, is the
 * Confluent wire format as others speak it.
 *
 * <p>Needs Node.js 20+ on the PATH; installs the pinned npm packages ({@code npm ci}) on first use.
 */
public final class NodeInterop {

  /**
   * A record for {@link #produce}: key and value as JSON for the Avro schema; a null value is a
   * tombstone.
   */
  public record Record(Object key, Object value) {}

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

  private static final Logger LOG = LoggerFactory.getLogger(NodeInterop.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MINIMUM_NODE_VERSION = 20;
  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);

  /** The Node script stops itself first, so its own message explains a timeout. */
  private static final Duration SCRIPT_TIMEOUT_MARGIN = Duration.ofSeconds(15);

  private static final AtomicInteger RUNS = new AtomicInteger();

  private static boolean installed;

  private NodeInterop() {}

  /**
   * Reads {@code count} records of {@code topic} from the beginning (read_committed) and decodes
   * keys and values through the registry: one {@code {partition, offset, key, value, keySchemaId,
   * valueSchemaId}} each.
   */
  public static List<JsonNode> consume(
      String brokers, String registryUrl, String topic, int count) {
    return run(
        DEFAULT_TIMEOUT,
        "consume",
        "--brokers",
        brokers,
        "--registry",
        registryUrl,
        "--topic",
        topic,
        "--count",
        String.valueOf(count));
  }

  /**
   * Registers the schemas under {@code <topic>-key} and {@code <topic>-value}, encodes and produces
   * the records; returns {@code {produced, keySchemaId, valueSchemaId}}.
   */
  public static JsonNode produce(
      String brokers,
      String registryUrl,
      String topic,
      String keySchemaJson,
      String valueSchemaJson,
      List<Record> records) {
    Path inputs = workDirectory().resolve(runName("input"));
    try {
      Files.createDirectories(inputs);
      Path keySchema = Files.writeString(inputs.resolve("key.avsc"), keySchemaJson);
      Path valueSchema = Files.writeString(inputs.resolve("value.avsc"), valueSchemaJson);
      Path recordsFile = inputs.resolve("records.json");
      JSON.writeValue(recordsFile.toFile(), records);
      List<JsonNode> output =
          run(
              DEFAULT_TIMEOUT,
              "produce",
              "--brokers",
              brokers,
              "--registry",
              registryUrl,
              "--topic",
              topic,
              "--key-schema",
              keySchema.toString(),
              "--value-schema",
              valueSchema.toString(),
              "--records",
              recordsFile.toString());
      if (output.size() != 1) {
        throw new IllegalStateException(
            "interop.mjs produce should print one summary line, printed " + output);
      }
      return output.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not write the inputs of interop.mjs produce into " + inputs, e);
    }
  }

  /**
   * Runs {@code node interop.mjs <mode> <flags…>} and parses each stdout line as JSON. Fails with
   * the script's stderr when it exits non-zero or does not finish in time.
   */
  public static List<JsonNode> run(Duration timeout, String mode, String... flags) {
    Path nodeProject = nodeProjectDirectory();
    ensureInstalled(nodeProject);
    List<String> command = new ArrayList<>(List.of("node", "interop.mjs", mode));
    command.addAll(List.of(flags));
    command.addAll(List.of("--timeout-ms", String.valueOf(timeout.toMillis())));
    String name = runName(mode);
    Path stdout = workDirectory().resolve(name + ".stdout");
    Path stderr = workDirectory().resolve(name + ".stderr");
    ChildProcess.Result result =
        ChildProcess.run(command, nodeProject, stdout, stderr, timeout.plus(SCRIPT_TIMEOUT_MARGIN));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "interop.mjs "
              + mode
              + " exited with "
              + result.exitCode()
              + "; stderr:\n"
              + result.stderr());
    }
    return result.stdoutLines().stream()
        .filter(line -> !line.isBlank())
        .map(NodeInterop::parse)
        .toList();
  }

  /**
   * A name no other run shares: test JVMs run side by side (parallel forks) in one work directory,
   * and each counts its runs from 1, so the process id comes first (two forks once read each
   * other's output files).
   */
  private static String runName(String what) {
    return ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + "-" + what;
  }

  static Path nodeProjectDirectory() {
    return TestPaths.projectBaseDirectory().resolve("src/test/node");
  }

  private static synchronized void ensureInstalled(Path nodeProject) {
    if (installed) {
      return;
    }
    requireNode();
    // Test JVMs run side by side: a file lock lets one of them install while the others wait, since
    // two npm ci in one folder break each other.
    try (FileChannel lockFile =
            FileChannel.open(
                Files.createDirectories(workDirectory()).resolve("npm-ci.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      // npm writes this file last, so its presence means a complete install.
      if (!Files.exists(nodeProject.resolve("node_modules/.package-lock.json"))) {
        long started = System.nanoTime();
        ChildProcess.runToCompletion(
            List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", nodeProject.toString()),
            workDirectory().resolve("npm-ci.log"),
            NPM_CI_TIMEOUT);
        LOG.info("npm ci in {} took {} ms", nodeProject, (System.nanoTime() - started) / 1_000_000);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not lock the Node project's install", e);
    }
    installed = true;
  }

  private static void requireNode() {
    boolean onPath =
        List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "node")));
    if (!onPath) {
      throw new IllegalStateException(
          "The Node interop tests need Node.js "
              + MINIMUM_NODE_VERSION
              + "+ (node and npm) on the PATH; it is not there. Install it, e.g. apt-get install nodejs npm");
    }
    Path log = workDirectory().resolve("node-version.log");
    ChildProcess.runToCompletion(List.of("node", "--version"), log, Duration.ofSeconds(30));
    String version = ChildProcess.tail(log).strip(); // "v20.20.2"
    int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*", "$1"));
    if (major < MINIMUM_NODE_VERSION) {
      throw new IllegalStateException(
          "The Node interop tests need Node.js "
              + MINIMUM_NODE_VERSION
              + "+ on the PATH, found "
              + version);
    }
  }

  private static Path workDirectory() {
    return TestPaths.buildDirectory().resolve("node-interop");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("interop.mjs printed a line that is not JSON: " + line, e);
    }
  }
}
