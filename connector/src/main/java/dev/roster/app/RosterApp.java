package dev.roster.app;

import dev.roster.app.ShutdownSequence.Stage;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Roster process from start to exit: what the commands call once they have parsed their
 * options. It builds the instance from one {@link RosterSettings} (a {@link RosterService}: one
 * Truto client, shared by discovery and polling, the change detector, the poller, the status page)
 * and holds everything the process runs in one {@link ShutdownSequence}, which a signal (SIGTERM,
 * Ctrl-C) closes within the shutdown timeout ({@link SignalShutdown}). A command that brings parts
 * of its own (the demo's broker, registry, simulator and feed) adds them, each at the stage it
 * stops in.
 *
 * <p>A run ends in one of three ways: a signal, which stops everything and ends the process (exit
 * code 0, 1 when the stop was not clean); the command's own end (what its {@link Startup} returns),
 * after which everything is stopped and the command's result stands; or a failure during start-up,
 * after which what had started is stopped and the failure is reported.
 */
public final class RosterApp {

  /** The exit code of a process that failed, or did not stop cleanly. */
  public static final int FAILED = 1;

  private static final Logger LOG = LoggerFactory.getLogger(RosterApp.class);

  /** What a command starts in the process; returns what it then waits for. */
  @FunctionalInterface
  public interface Startup {
    Running start(RosterApp app) throws Exception;
  }

  /**
   * What the command waits for once everything runs: returns its exit code, or throws what ends it.
   */
  @FunctionalInterface
  public interface Running {
    int await() throws Exception;
  }

  private final ShutdownSequence parts = new ShutdownSequence();

  private RosterApp() {}

  /**
   * {@code roster run}: one instance, until a signal stops it (exit code 0) or the poller or the
   * change detector cannot go on: then it stops, and a {@link CommandFailed} says why, for the
   * orchestrator to restart the process.
   */
  public static int run(RosterSettings settings) throws Exception {
    return run(
        settings.shutdownTimeout(),
        app -> {
          RosterService roster = app.start(settings);
          return () -> {
            String failure =
                roster
                    .failure()
                    .get(); // until the poller or the detector cannot go on; a signal ends the
            // process first
            throw new CommandFailed(
                failure + ". Roster stopped; restart it (an orchestrator does)");
          };
        });
  }

  /**
   * Runs {@code startup}, waits for what it returns, then stops everything within {@code timeout};
   * a signal at any point stops everything within {@code timeout} too. Signals are handled from the
   * start, so one that comes while start-up waits for a broker or a registry stops the process.
   *
   * @return the command's exit code, or 0 when a signal came during start-up (its hook ends the
   *     process)
   */
  public static int run(Duration timeout, Startup startup) throws Exception {
    RosterApp app = new RosterApp();
    try (SignalShutdown signals = SignalShutdown.install(app.parts, timeout)) {
      Running running;
      try {
        running = startup.start(app);
      } catch (ShutdownSequence.Stopped e) {
        LOG.info("Stopped during start-up");
        return 0;
      } catch (Exception | Error e) {
        if (signals.claim()) {
          app.parts.close(timeout);
        }
        throw e;
      }
      try {
        return running.await();
      } finally {
        if (signals.claim()) {
          app.parts.close(
              timeout); // what did not stop cleanly is logged; the run is over either way
        }
      }
    }
  }

  /**
   * Builds the instance {@code settings} describe and starts it. It stops at {@link
   * Stage#PROCESSING}: after the parts a command added to stop first (the demo's feed), before
   * those it runs on (the demo's broker and registry).
   *
   * @throws ShutdownSequence.Stopped when a signal came meanwhile
   */
  public RosterService start(RosterSettings settings) {
    RosterService created = RosterService.create(settings, Clock.systemUTC());
    RosterService roster =
        parts.add(
            Stage.PROCESSING, "Roster", created, budget -> created.close(budget).requireClean());
    roster.start();
    return roster;
  }

  /**
   * Adds a part the command brings, to stop at {@code stage}; returns {@code resource}.
   *
   * @throws ShutdownSequence.Stopped when a signal came meanwhile: the part has been closed already
   */
  public <T> T add(Stage stage, String name, T resource, ShutdownSequence.Part part) {
    return parts.add(stage, name, resource, part);
  }

  /**
   * {@link #add(Stage, String, Object, ShutdownSequence.Part)} for a part that closes by itself,
   * without a budget.
   */
  public <T extends AutoCloseable> T add(Stage stage, String name, T resource) {
    return parts.add(stage, name, resource);
  }
}
