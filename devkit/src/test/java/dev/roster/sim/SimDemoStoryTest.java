package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimDemoStoryTest {

  @Test
  void theLeaverIsDeactivatedInTheIdentityProviderOnlyAfterTheListingThenInBothApps()
      throws Exception {
    try (TrutoSimulator sim =
        TrutoSimulator.startDemo(
            InetAddress.getLoopbackAddress().getHostAddress(),
            0,
            42,
            new SimDemoStory.Timing(Duration.ZERO, Duration.ofMillis(500)))) {
      sim.stopChurn(); // the story alone changes the world
      SimDemoStory story = sim.demoStory().orElseThrow();
      List<String> steps = new CopyOnWriteArrayList<>();
      story.onStep(steps::add);
      String expected = firstActiveEverywhere(sim);

      Thread.sleep(1500);
      assertThat(story.leaver()).as("nobody listed globex yet").isEmpty();
      assertThat(sim.truth().all()).isEmpty();

      SimClient client = new SimClient(sim);
      for (String account : List.of("globex-azure", "globex-slack", "globex-zoom")) {
        assertThat(client.walkUsers(account, Map.of())).isNotEmpty();
      }
      await().atMost(Duration.ofSeconds(20)).until(story::isDone);

      assertThat(story.leaver()).contains(expected);
      List<SimChange> changes = sim.truth().all();
      assertThat(changes)
          .extracting(SimChange::accountId)
          .containsExactly("globex-azure", "globex-slack", "globex-zoom");
      assertThat(changes).extracting(SimChange::kind).containsOnly(SimChange.Kind.DEACTIVATED);
      for (SimChange change : changes) {
        assertThat(primaryEmail(change.before())).isEqualTo(expected);
        assertThat(change.before().get("status").asText()).isEqualTo("active");
        assertThat(change.after().get("status").asText()).isNotEqualTo("active");
      }
      assertThat(steps)
          .containsExactly(
              expected
                  + " leaves globex: deactivated in globex-azure, still active in globex-slack"
                  + " and globex-zoom",
              expected + " offboarded: deactivated in globex-slack",
              expected + " offboarded: deactivated in globex-zoom");
    }
  }

  @Test
  void theDefaultStoryLeavesWithinAMinuteOfTheStart() {
    SimDemoStory.Timing timing = SimDemoStory.Timing.DEFAULT;
    // Roster's demo polls every 20 s: the leaving must be seen, and shown, within a minute.
    assertThat(timing.leave()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    assertThat(timing.offboard()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(60));
  }

  /** The first person by index active in globex's identity provider and both its apps. */
  private static String firstActiveEverywhere(TrutoSimulator sim) {
    for (ObjectNode user : sim.snapshot("globex-azure")) {
      String email = primaryEmail(user);
      if (!user.get("status").asText().equals("active")) {
        continue;
      }
      boolean everywhere =
          List.of("globex-slack", "globex-zoom").stream()
              .map(app -> sim.userByEmail(app, email))
              .allMatch(u -> u.map(v -> v.get("status").asText().equals("active")).orElse(false));
      if (everywhere) {
        return email;
      }
    }
    throw new AssertionError("nobody at globex is active everywhere");
  }

  private static String primaryEmail(JsonNode user) {
    for (JsonNode address : user.get("emails")) {
      if (address.get("is_primary").asBoolean()) {
        return address.get("email").asText();
      }
    }
    throw new AssertionError("no primary email: " + user);
  }
}
