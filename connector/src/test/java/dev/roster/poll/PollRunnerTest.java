package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollStatus;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import dev.roster.truto.ApiToken;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.TrutoClientSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollRunnerTest {

  /**
   * No broker listens here: the first observation waits for metadata until the poll is interrupted.
   */
  private static final Map<String, Object> NO_BROKER =
      Map.of("bootstrap.servers", "127.0.0.1:9", "max.block.ms", 60_000);

  @Test
  void aPollInterruptedWhileWritingToKafkaIsStoppedNotFailed() throws Exception {
    try (TrutoSimulator sim =
            TrutoSimulator.start(
                SimulatorConfig.builder().port(0).apiToken("t").unlimited().build());
        TrutoClient truto =
            new TrutoClient(
                TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of("t")))) {
      sim.addAccount(SimAccountSpec.of("acct-1", "slack", "acme").users(5));
      RosterTopics topics =
          new RosterTopics(
              TopicSettings.singleBroker("roster.", 3),
              new SchemaRegistryClient(RegistryClientConfig.of("http://127.0.0.1:9")),
              AvroSerdeConfig.DEFAULTS);
      List<PollStatus> statuses = new CopyOnWriteArrayList<>();
      try (ObservationWriter observations =
              new ObservationWriter(topics, NO_BROKER, Clock.systemUTC());
          DeadLetterWriter deadLetters = new DeadLetterWriter(topics.deadLetter, NO_BROKER)) {
        PollIds pollIds =
            new PollIds(Clock.systemUTC(), new FakeRecordedPollIds(), Duration.ofSeconds(1));
        PollRunner runner =
            new PollRunner(
                truto,
                observations,
                deadLetters,
                statuses::add,
                pollIds,
                MappingIssueListener.NONE,
                new SentFingerprints(true, dev.roster.detect.DiffRules.defaults()),
                Clock.systemUTC());
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread poll =
            new Thread(
                () -> {
                  try {
                    outcome.complete(runner.poll(account()));
                  } catch (InterruptedException e) {
                    outcome.complete(e);
                  }
                });
        poll.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().size() >= 1);
        Thread.sleep(500); // past the listing, into the producer's wait for metadata
        poll.interrupt();

        assertThat(outcome.get(30, TimeUnit.SECONDS))
            .as("how the poll ended")
            .isInstanceOf(InterruptedException.class);
        assertThat(statuses).as("a stopped poll reports no failure").isEmpty();
      }
    }
  }

  private static IntegratedAccount account() {
    return IntegratedAccount.newBuilder()
        .setId("acct-1")
        .setIntegration("slack")
        .setTenantId("acme")
        .setQuery(Map.of())
        .setEnabled(true)
        .setSource(AccountSource.CONFIG)
        .build();
  }
}
