package dev.roster.demo;

import dev.roster.sim.TrutoSimulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Truto simulator alone: for docker-compose, load tests, or pointing a Roster at it. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Serve a simulated Truto unified API (user directory and integrated accounts) with churn, until stopped.")
final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (0.0.0.0 in a container). Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the simulated world. Default: ${DEFAULT-VALUE}")
  long seed;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (TrutoSimulator sim = TrutoSimulator.startDemo(host, port, seed)) {
      System.out.printf(
          "Truto simulator on http://%s:%d (API token: %s; GitHub accounts need organization_id=%s)%n",
          host, sim.port(), TrutoSimulator.DEMO_API_TOKEN, TrutoSimulator.DEMO_GITHUB_ORGANIZATION);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "simulator-shutdown"));
      stopped.await();
    }
    return 0;
  }
}
