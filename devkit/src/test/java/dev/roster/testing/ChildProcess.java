package dev.roster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs helper programs (mvn, tar, node, a registry server) as child processes. Output always goes
 * to files: a pipe nobody reads would block the child once its buffer fills, and the files stay for
 * post-mortems.
 */
final class ChildProcess {

  private static final Duration GRACE_PERIOD = Duration.ofSeconds(10);
  private static final int TAIL_LINES = 40;

  /** What a finished program printed. */
  record Result(int exitCode, List<String> stdoutLines, String stderr) {}

  private ChildProcess() {}

  /**
   * Runs the command with stdout and stderr merged into {@code log}; fails with the log's tail
   * unless it exits 0.
   */
  static void runToCompletion(List<String> command, Path log, Duration timeout) {
    Process process =
        start(
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()),
            log);
    int exitCode = await(process, timeout, command, log);
    if (exitCode != 0) {
      throw new IllegalStateException(
          describe(command)
              + " exited with "
              + exitCode
              + "; last lines of "
              + log
              + ":\n"
              + tail(log));
    }
  }

  /** Runs the command in {@code directory} and returns what it printed, whatever its exit code. */
  static Result run(
      List<String> command, Path directory, Path stdout, Path stderr, Duration timeout) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    int exitCode = await(start(builder, stdout), timeout, command, stderr);
    return new Result(exitCode, readLines(stdout), String.join("\n", readLines(stderr)));
  }

  /** Starts a long-running program; the caller stops it with {@link #destroyTree}. */
  static Process start(ProcessBuilder builder, Path output) {
    try {
      Files.createDirectories(output.toAbsolutePath().getParent());
      return builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start " + describe(builder.command()) + " (is it installed and on the PATH?)",
          e);
    }
  }

  /**
   * Asks the process and its descendants to stop, and kills whatever has not stopped after a grace
   * period.
   */
  static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** The last lines of a log, for failure messages. */
  static String tail(Path log) {
    List<String> lines = readLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  private static int await(Process process, Duration timeout, List<String> command, Path log) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        throw new IllegalStateException(
            describe(command)
                + " did not finish within "
                + timeout
                + "; last lines of "
                + log
                + ":\n"
                + tail(log));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + describe(command), e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      // Lenient decoding: a log with a stray non-UTF-8 byte must still show up in a failure
      // message.
      return Files.exists(file)
          ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  private static String describe(List<String> command) {
    return "'" + String.join(" ", command) + "'";
  }
}
