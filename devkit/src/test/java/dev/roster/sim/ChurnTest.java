package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChurnTest {

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim = TrutoSimulator.start(SimulatorConfig.builder().unlimited().build());
    sim.addAccount(SimAccountSpec.of("okta", SimIntegrations.OKTA, "acme").users(60));
    sim.addAccount(SimAccountSpec.of("slack", SimIntegrations.SLACK, "globex").users(40));
    sim.addAccount(
        SimAccountSpec.of("generated", SimIntegrations.GOOGLE_WORKSPACE, "acme")
            .users(30)
            .generated());
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void replayingTheTruthOnTheStartingUsersGivesWhatIsServed() {
    Map<String, Map<String, ObjectNode>> world = new LinkedHashMap<>();
    for (String account : List.of("okta", "slack", "generated")) {
      Map<String, ObjectNode> users = new LinkedHashMap<>();
      sim.snapshot(account).forEach(u -> users.put(u.get("id").asText(), u));
      world.put(account, users);
    }

    List<SimChange> changes = sim.churn(400);

    assertThat(sim.truth().all()).isEqualTo(changes);
    assertThat(changes).hasSize(400).extracting(SimChange::accountId).containsOnly("okta", "slack");
    assertThat(changes)
        .extracting(SimChange::kind)
        // Every kind but EMAIL_CHANGED, which only a script makes (TrutoSimulator#changeEmail).
        .containsOnlyElementsOf(EnumSet.complementOf(EnumSet.of(SimChange.Kind.EMAIL_CHANGED)))
        .containsAll(EnumSet.complementOf(EnumSet.of(SimChange.Kind.EMAIL_CHANGED)));
    for (SimChange change : changes) {
      Map<String, ObjectNode> users = world.get(change.accountId());
      assertThat(users.get(change.userId())).as("before of %s", change).isEqualTo(change.before());
      if (change.after() == null) {
        users.remove(change.userId());
      } else {
        users.put(change.userId(), change.after());
      }
    }
    for (String account : world.keySet()) {
      assertThat(sim.snapshot(account))
          .as(account)
          .containsExactlyInAnyOrderElementsOf(world.get(account).values());
    }
    // Compared as text: parsed epoch numbers come back as ints, stored ones are longs.
    assertThat(client.walkUsers("slack", Map.of("limit", "7")))
        .extracting(JsonNode::toString)
        .containsExactlyInAnyOrderElementsOf(
            world.get("slack").values().stream().map(JsonNode::toString).toList());
    for (ObjectNode user : world.get("okta").values()) {
      assertThat(client.user("okta", user.get("id").asText()).json()).isEqualTo(user);
    }
  }

  @Test
  void removedUsersAre404AndJoinersAreListed() {
    List<SimChange> changes = sim.churn("slack", 200);

    SimChange removal =
        changes.stream().filter(c -> c.kind() == SimChange.Kind.REMOVED).findFirst().orElseThrow();
    SimChange join =
        changes.stream()
            .filter(c -> c.kind() == SimChange.Kind.JOINED)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(client.user("slack", removal.userId()).status()).isEqualTo(404);
    assertThat(client.walkUsers("slack", Map.of()).stream().map(u -> u.get("id").asText()))
        .contains(join.userId())
        .doesNotContain(removal.userId());
    assertThat(join.before()).isNull();
    assertThat(join.after().get("status").asText()).isEqualTo("active");
    assertThat(join.after().get("last_login_at").isNull()).isTrue();
  }

  @Test
  void eachKindChangesTheFieldsItShould() {
    Set<String> quiet = Set.of("last_login_at", "last_active_at");
    SimIntegration okta = SimIntegrations.of(SimIntegrations.OKTA);

    for (SimChange change : sim.churn("okta", 300)) {
      assertThat(change.fields())
          .as("%s", change.kind())
          .isNotEmpty()
          .doesNotContain("remote_data");
      switch (change.kind()) {
        case LOGIN:
          assertThat(quiet).containsAll(change.fields());
          break;
        case DEACTIVATED:
          assertThat(change.fields()).contains("status");
          assertThat(okta.deactivatedStatuses()).contains(change.after().get("status").asText());
          assertThat(change.after().at("/remote_data/status").asText())
              .isEqualTo(change.after().get("status").asText());
          break;
        case REACTIVATED:
          assertThat(change.after().get("status").asText()).isEqualTo("ACTIVE");
          break;
        case ROLE_GRANTED:
        case ROLE_REVOKED:
          // updated_at may already hold this second, from an earlier change.
          assertThat(change.fields()).contains("roles").isSubsetOf("roles", "updated_at");
          assertThat(change.after().get("updated_at").asText())
              .isEqualTo(okta.timeFormat().node(change.at()).asText());
          break;
        case TWO_FA_TOGGLED:
          assertThat(change.fields())
              .contains("is_2fa_enabled")
              .isSubsetOf("is_2fa_enabled", "updated_at");
          break;
        case PROFILE_EDITED:
          assertThat(change.fields())
              .containsAnyOf("title", "last_name")
              .isSubsetOf("title", "last_name", "name", "updated_at");
          break;
        case JOINED:
        case REMOVED:
          assertThat(change.fields()).contains("id", "status");
          break;
        default:
          throw new AssertionError(change.kind());
      }
    }
  }

  @Test
  void theSameSeedAndClockChurnTheSameWay() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    List<List<SimChange>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (TrutoSimulator s =
          TrutoSimulator.start(SimulatorConfig.builder().seed(5).clock(clock).build())) {
        s.addAccount(SimAccountSpec.of("a", SimIntegrations.HUBSPOT, "hooli").users(50));
        s.addAccount(SimAccountSpec.of("b", SimIntegrations.ZOOM, "umbrella").users(50));
        runs.add(s.churn(150));
      }
    }

    assertThat(runs.get(0)).isEqualTo(runs.get(1));
    assertThat(runs.get(0)).extracting(SimChange::at).containsOnly(clock.instant());
  }

  @Test
  void generatedAccountsNeverChurn() {
    assertThatThrownBy(() -> sim.churn("generated", 1)).isInstanceOf(IllegalStateException.class);
    try (TrutoSimulator onlyGenerated = TrutoSimulator.start(SimulatorConfig.builder().build())) {
      onlyGenerated.addAccount(
          SimAccountSpec.of("g", SimIntegrations.OKTA, "acme").users(10).generated());
      assertThat(onlyGenerated.churn(10)).isEmpty();
    }
  }

  @Test
  void backgroundChurnRecordsChangesUntilStoppedAndTheTruthCanBeCleared() {
    sim.startChurn(Duration.ofMillis(20), 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.truth().size() >= 6);
    sim.stopChurn();

    sim.truth().clear();
    assertThat(sim.truth().all()).isEmpty();
    assertThat(sim.truth().dropped()).isZero();
  }

  @Test
  void theTruthIsBoundedAndCountsWhatItForgot() {
    try (TrutoSimulator small =
        TrutoSimulator.start(SimulatorConfig.builder().truthCapacity(10).build())) {
      small.addAccount(SimAccountSpec.of("a", SimIntegrations.OKTA, "acme").users(10));
      List<SimChange> changes = small.churn(25);

      assertThat(small.truth().all()).containsExactlyElementsOf(changes.subList(15, 25));
      assertThat(small.truth().dropped()).isEqualTo(15);
    }
  }

  @Test
  void snapshotsAreCopies() {
    JsonNode before = sim.snapshot("okta").get(0).deepCopy();
    sim.snapshot("okta").get(0).put("name", "changed by a test");

    assertThat(sim.snapshot("okta").get(0)).isEqualTo(before);
  }
}
