package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * One Roster deployment run as an operator runs it, {@code roster run --config FILE} in child JVMs:
 * its application id, its topics (created up front so the test can follow them from the start), its
 * configuration files, state directories and logs under one work directory.
 */
final class RunDeployment {

  final String applicationId;
  final RosterTopics topics;
  final Path work;
  private final TrutoSimulator sim;
  private final String registryUrl;
  private final List<IntegratedAccount> accounts;

  /**
   * The simulator's accounts {@code accountIds}, polled through the registry at {@code
   * registryUrl}.
   */
  RunDeployment(String name, TrutoSimulator sim, String registryUrl, List<String> accountIds)
      throws Exception {
    this(
        name,
        registryUrl,
        sim,
        accountIds.stream()
            .map(id -> TestRoster.account(id, sim.account(id).spec().integration(), Map.of()))
            .toList());
  }

  /**
   * The simulator's accounts as {@code accounts} configure them (an identity-provider flag, say).
   */
  RunDeployment(
      String name, String registryUrl, TrutoSimulator sim, List<IntegratedAccount> accounts)
      throws Exception {
    this.applicationId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.topics = TestRoster.topics(registryUrl, applicationId);
    this.work = Files.createTempDirectory(name);
    this.sim = sim;
    this.registryUrl = registryUrl;
    this.accounts = List.copyOf(accounts);
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      TopicAdmin.ensure(admin, topics.all());
    }
  }

  /** A configuration with its own state directory, {@link #stateDir}({@code stateDir}). */
  Path config(String stateDir) throws Exception {
    return config(stateDir, Map.of());
  }

  /** As {@link #config(String)}, with {@code overrides} on top. */
  Path config(String stateDir, Map<String, String> overrides) throws Exception {
    Path dir = Files.createDirectories(work.resolve("config-" + stateDir));
    return RunConfigFile.write(
        dir,
        sim,
        registryUrl,
        KafkaBroker.bootstrapServers(),
        applicationId,
        stateDir(stateDir),
        accounts,
        overrides);
  }

  /** The state directory (state.dir) a configuration of {@link #config(String)} names. */
  Path stateDir(String name) {
    return work.resolve(name);
  }

  /**
   * {@code roster run --config FILE} in a child JVM, its output in {@code <name>.log}, with the
   * image's {@code -XX:+ExitOnOutOfMemoryError} (Dockerfile): an OutOfMemoryError ends the process,
   * as it would the container, rather than leaving it limping.
   */
  ChildJvm run(Path config, String name) {
    ChildJvm child =
        ChildJvm.start(
            RosterCli.class,
            List.of("-XX:+ExitOnOutOfMemoryError"),
            List.of("run", "--config", config.toString()),
            "384m",
            work.resolve(name + ".log"));
    System.out.println("[" + applicationId + "] " + name + " instance logs to " + child.log());
    return child;
  }
}
