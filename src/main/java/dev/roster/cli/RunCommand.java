package dev.roster.cli;

import dev.roster.config.RosterConfig;
import dev.roster.truto.ApiToken;
import dev.roster.truto.TrutoClient;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Production: poll the configured Truto environment and publish to the configured Kafka. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Poll every configured or discovered integrated account and publish users and change events to Kafka. "
        + "Runs until stopped (Ctrl-C or SIGTERM); instances with the same application.id share the work.")
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws InterruptedException {
    RosterConfig loaded = config.load();
    ApiToken token = Settings.requireToken(loaded);
    CountDownLatch stopped = new CountDownLatch(1);
    try (TrutoClient discovery = new TrutoClient(loaded.trutoClientSettings(token));
        RosterService roster = RosterService.start(Settings.from(loaded, token, discovery, "0.0.0.0"), Clock.systemUTC())) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "roster-shutdown"));
      stopped.await();
    }
    return 0;
  }
}
