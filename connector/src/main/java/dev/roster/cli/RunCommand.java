package dev.roster.cli;

import dev.roster.app.CommandFailed;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.app.ShutdownSequence;
import dev.roster.app.ShutdownSequence.Stage;
import dev.roster.app.SignalShutdown;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Production: poll the configured Truto environment and publish to the configured Kafka. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Poll every configured or discovered integrated account and publish users and change events to Kafka. "
        + "Runs until stopped (Ctrl-C or SIGTERM: a clean stop within shutdown.timeout, exit code 0); exits with code 1 when the "
        + "poller or the change detector cannot go on, for the orchestrator to restart it. "
        + "Instances with the same application.id share the work.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws InterruptedException, ExecutionException {
    RosterSettings settings = RosterSettings.from(config.load());
    Duration timeout = settings.shutdownTimeout();
    ShutdownSequence process = new ShutdownSequence();
    try (SignalShutdown signals = SignalShutdown.install(process, timeout)) {
      RosterService roster;
      try {
        RosterService created = RosterService.create(settings, Clock.systemUTC());
        roster = process.add(Stage.PROCESSING, "Roster", created, budget -> created.close(budget).requireClean());
        roster.start();
      } catch (ShutdownSequence.Stopped e) {
        LOG.info("Stopped during start-up");
        return 0; // the signal's hook closes what was started and ends the process
      } catch (RuntimeException | Error e) {
        if (signals.claim()) {
          process.close(timeout);
        }
        throw e;
      }
      String failure = roster.failure().get(); // until the poller or the detector cannot go on; a signal ends the process first
      if (signals.claim()) {
        process.close(timeout);
      }
      throw new CommandFailed(failure + ". Roster stopped; restart it (an orchestrator does)");
    }
  }
}
