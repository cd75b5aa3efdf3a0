package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.UserChangeEvent;
import dev.roster.config.RosterConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code roster run} against a broker whose only listener requires SASL/PLAIN, configured as an
 * operator would: kafka.security.protocol, kafka.sasl.mechanism and the JAAS line from a mounted
 * secret file (kafka.sasl.jaas.config-file). Events flowing end to end prove the settings reach
 * every Kafka client Roster runs — admin, the accounts and observation producers and consumers, the
 * poll-status producer, Kafka Streams — since a single client left without them could not connect.
 * A wrong password stops start-up with a clear message that does not show the password.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RosterSaslIT {

  private static final String LISTENER = "SASL_ONLY";
  private static final String ROSTER_PASSWORD = "roster-pw-7c1d";
  private static final String WRONG_PASSWORD = "wrong-pw-3a9e";

  private static KafkaClusterTestKit broker;

  @BeforeAll
  static void startSaslOnlyBroker() {
    // The test kit also writes a JAAS file for a SASL listener and points this JVM at it; the
    // listener's own JAAS setting below is what the broker uses, so the JVM is left as it was.
    String jvmJaas = System.getProperty("java.security.auth.login.config");
    try {
      broker =
          KafkaBroker.startCluster(
              new TestKitNodes.Builder()
                  .setBrokerListenerName(new ListenerName(LISTENER))
                  .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT),
              Map.of(
                  "sasl.enabled.mechanisms",
                  "PLAIN",
                  "sasl.mechanism.inter.broker.protocol",
                  "PLAIN",
                  "listener.name." + LISTENER.toLowerCase() + ".plain.sasl.jaas.config",
                  plainLogin("admin", "admin-pw")
                      .replace(
                          ";", " user_admin=\"admin-pw\" user_roster=\"" + ROSTER_PASSWORD + "\";"),
                  // Authentication is what this test is about: no authorizer (the test kit would
                  // add one).
                  "authorizer.class.name",
                  ""));
    } finally {
      if (jvmJaas == null) {
        System.clearProperty("java.security.auth.login.config");
      } else {
        System.setProperty("java.security.auth.login.config", jvmJaas);
      }
    }
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void eventsFlowThroughASaslOnlyBrokerAndAWrongPasswordStopsStartUp() throws Exception {
    Path work = Files.createTempDirectory("roster-sasl");
    String applicationId = "roster-sasl-" + UUID.randomUUID();
    try (TrutoSimulator sim = TestRoster.simulator(61);
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                new EmbeddedSchemaRegistry.Settings(
                    EmbeddedSchemaRegistry.Settings.DEFAULT_HOST,
                    0,
                    "_schemas-sasl",
                    clientProps("admin", "admin-pw")))) {
      List<IntegratedAccount> accounts =
          TestRoster.addAccounts(sim, "sasl", 2, List.of("okta", "googleworkspace"), n -> 15 * n);

      Path config =
          runConfig(work, "right", sim, registry, applicationId, accounts, ROSTER_PASSWORD);
      RosterTopics topics = TestRoster.topics(registry.url(), applicationId);
      try (ChildJvm roster =
          ChildJvm.start(
              RosterCli.class,
              List.of("run", "--config", config.toString()),
              "384m",
              work.resolve("run.log"))) {
        awaitCreatedByRoster(topics.userEvents.name(), roster);
        try (EventLedger events =
            new EventLedger(topics.userEvents, clientProps("roster", ROSTER_PASSWORD))) {
          events.awaitAtLeast(45, Duration.ofSeconds(60));
          assertThat(events.events())
              .extracting(UserChangeEvent::getType)
              .containsOnly(ChangeType.USER_DISCOVERED);
        }
        assertThat(roster.isAlive()).as(roster.logTail()).isTrue();
        assertThat(Files.readString(roster.log())).doesNotContain(ROSTER_PASSWORD);
      }

      Path wrong =
          runConfig(
              work, "wrong", sim, registry, applicationId + "-wrong", accounts, WRONG_PASSWORD);
      try (ChildJvm roster =
          ChildJvm.start(
              RosterCli.class,
              List.of("run", "--config", wrong.toString()),
              "256m",
              work.resolve("wrong.log"))) {
        assertThat(roster.waitForExit(60, TimeUnit.SECONDS))
            .as(roster.logTail())
            .isEqualTo(RosterCli.FAILED);
        assertThat(Files.readString(roster.log()))
            .contains(
                "roster run: Kafka did not accept Roster's connection: Authentication failed: Invalid username or password."
                    + " Check kafka.security.protocol and the kafka.sasl.* or kafka.ssl.* settings.")
            .doesNotContain("\tat dev.roster") // a message, not a stack trace
            .doesNotContain(WRONG_PASSWORD);
      }
    }
  }

  /**
   * Roster's admin client creates its topics over SASL; the test follows them once they are there.
   */
  private static void awaitCreatedByRoster(String topic, ChildJvm roster) {
    try (Admin admin = Admin.create(clientProps("admin", "admin-pw"))) {
      await()
          .atMost(Duration.ofSeconds(45))
          .failFast(() -> !roster.isAlive())
          .until(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS).contains(topic));
    }
  }

  /**
   * The run configuration with the SASL settings, the JAAS line in a secret file as a container
   * would mount it.
   */
  private static Path runConfig(
      Path work,
      String name,
      TrutoSimulator sim,
      EmbeddedSchemaRegistry registry,
      String applicationId,
      List<IntegratedAccount> accounts,
      String password)
      throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Path jaas = Files.writeString(dir.resolve("kafka-jaas"), plainLogin("roster", password) + "\n");
    return RunConfigFile.write(
        dir,
        sim,
        registry.url(),
        broker.bootstrapServers(),
        applicationId,
        dir.resolve("state"),
        accounts,
        Map.of(
            "kafka.security.protocol",
            "SASL_PLAINTEXT",
            "kafka.sasl.mechanism",
            "PLAIN",
            "kafka.sasl.jaas.config" + "-file",
            jaas.toString(),
            RosterConfig.SCHEMA_REGISTRY_STARTUP_WAIT,
            "10s"));
  }

  private static Map<String, Object> clientProps(String user, String password) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", broker.bootstrapServers());
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "PLAIN");
    props.put("sasl.jaas.config", plainLogin(user, password));
    return props;
  }

  private static String plainLogin(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }
}
