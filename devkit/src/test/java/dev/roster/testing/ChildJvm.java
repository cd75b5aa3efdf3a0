package dev.roster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run in a child JVM on this test's classpath, so that a test can kill it with
 * SIGKILL: no shutdown hook, no clean close, no last commit, an open transaction left behind, as
 * when a host dies or the OOM killer strikes. Its output goes to a log file, which stays for
 * post-mortems (a pipe nobody reads would block the child once its buffer fills).
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * JVM options every child gets before its own, from the build (test.jvm.options in the pom): the
   * suite is CPU-bound on two cores, and children that live a minute or two spend less on C1 alone
   * than on C2.
   */
  private static final List<String> DEFAULT_OPTIONS =
      List.of(System.getProperty("roster.test.jvm.options", "").trim().split("\\s+")).stream()
          .filter(option -> !option.isEmpty())
          .toList();

  /** Starts {@code mainClass} with {@code args}, stdout and stderr appended to {@code log}. */
  public static ChildJvm start(Class<?> mainClass, List<String> args, String maxHeap, Path log) {
    return start(mainClass, List.of(), args, maxHeap, log);
  }

  /**
   * The same, with further JVM options, e.g. the garbage collector a heap measurement depends on.
   */
  public static ChildJvm start(
      Class<?> mainClass, List<String> jvmOptions, List<String> args, String maxHeap, Path log) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(JavaRuntime.current().javaExecutable().toString(), "-Xmx" + maxHeap));
    command.addAll(DEFAULT_OPTIONS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass.getName()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The child reads only the configuration the test hands it, not the ROSTER_* variables of
    // whoever runs the build.
    builder.environment().keySet().removeIf(name -> name.startsWith("ROSTER_"));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      return new ChildJvm(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start " + mainClass.getName() + " in a child JVM", e);
    }
  }

  /**
   * SIGKILL (what {@link Process#destroyForcibly()} sends on Unix), then waits until it is gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while waiting for pid " + process.pid() + " to die", e);
    }
  }

  /**
   * SIGTERM alone, as an orchestrator stops a container; returns at once: {@link #waitForExit}
   * tells how it ended.
   */
  public void terminate() {
    process.destroy();
  }

  /**
   * SIGTERM, so its shutdown hooks close it cleanly; SIGKILL if it has not stopped after a grace
   * period.
   */
  public void stop() {
    ChildProcess.destroyTree(process);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once it has exited by itself. */
  public int waitForExit(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      throw new IllegalStateException(
          "pid " + process.pid() + " still runs after " + timeout + " " + unit + "; log " + log);
    }
    return process.exitValue();
  }

  public Path log() {
    return log;
  }

  /** The last lines of its output, for failure messages. */
  public String logTail() {
    return ChildProcess.tail(log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
