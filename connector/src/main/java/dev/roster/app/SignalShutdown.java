package dev.roster.app;

import dev.roster.config.RosterConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM and SIGINT (Ctrl-C) a clean stop of a {@link RosterApp}'s {@link ShutdownSequence}.
 * The JVM halts as soon as its shutdown hooks return, so the hook itself does the closing and waits
 * for it, bounded by the timeout; then it halts with exit code 0 (1 when the stop was not clean),
 * where the JVM would report 128 + the signal's number, as if the process had been killed.
 * Installed before any start-up work, so a signal during a registry or broker wait stops the
 * process too.
 *
 * <p>When the command ends by itself first (a failure it cannot go on from, or a demo stopped from
 * a test), it {@link #claim()}s the exit: its own exit code stands, and a signal arriving meanwhile
 * only waits for the command's closing to finish.
 */
final class SignalShutdown implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SignalShutdown.class);

  /**
   * Beyond the timeout, what the hook gives a closing that overruns before it halts the JVM
   * regardless.
   */
  private static final Duration OVERRUN = Duration.ofSeconds(2);

  private final ShutdownSequence sequence;
  private final Duration timeout;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final Thread hook;

  private SignalShutdown(ShutdownSequence sequence, Duration timeout) {
    this.sequence = sequence;
    this.timeout = timeout;
    this.hook = new Thread(this::onShutdown, "roster-shutdown");
  }

  /** Registers the hook: from now on a signal closes {@code sequence} within {@code timeout}. */
  static SignalShutdown install(ShutdownSequence sequence, Duration timeout) {
    SignalShutdown shutdown = new SignalShutdown(sequence, timeout);
    Runtime.getRuntime().addShutdownHook(shutdown.hook);
    return shutdown;
  }

  /**
   * The command ends by itself and decides its exit code; false when a signal came first (the hook
   * then ends the process).
   */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  private void onShutdown() {
    if (!claim()) {
      sequence.close(
          timeout); // the command's own closing is under way: let it finish before the JVM halts
      return;
    }
    LOG.info("Stop requested (signal): stopping within {}", timeout);
    long started = System.nanoTime();
    CompletableFuture<ShutdownSequence.Report> closing = new CompletableFuture<>();
    Thread closer = new Thread(() -> closing.complete(sequence.close(timeout)), "roster-stopping");
    closer.setDaemon(true);
    closer.start();
    int exitCode;
    try {
      ShutdownSequence.Report report =
          closing.get(timeout.plus(OVERRUN).toMillis(), TimeUnit.MILLISECONDS);
      exitCode = report.clean() ? 0 : RosterApp.FAILED;
      LOG.info(
          "Stopped {}in {} ms",
          report.clean() ? "" : "(not cleanly) ",
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    } catch (TimeoutException e) {
      LOG.error(
          "Not stopped within {} ({}); exiting regardless", timeout, RosterConfig.SHUTDOWN_TIMEOUT);
      exitCode = RosterApp.FAILED;
    } catch (InterruptedException | ExecutionException e) {
      LOG.error("Stopping failed; exiting regardless", e);
      exitCode = RosterApp.FAILED;
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(exitCode);
  }

  /** The command returns: a later signal is the JVM's own business again. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook runs, and waits for the command's closing if it
      // claimed the exit
    }
  }
}
