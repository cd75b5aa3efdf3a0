package dev.roster.cli;

import dev.roster.app.RosterApp;
import dev.roster.app.RosterSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Production: poll the configured Truto environment and publish to the configured Kafka. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Poll every configured or discovered integrated account and publish users and change events to Kafka. "
            + "Runs until stopped (Ctrl-C or SIGTERM: a clean stop within shutdown.timeout, exit code 0); exits with code 1 when the "
            + "poller or the change detector cannot go on, for the orchestrator to restart it. "
            + "Instances with the same application.id share the work.")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    return RosterApp.run(RosterSettings.from(config.load()));
  }
}
