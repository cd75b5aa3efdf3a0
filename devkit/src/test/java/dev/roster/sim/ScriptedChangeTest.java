package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TrutoSimulator#change}, {@link TrutoSimulator#changeEmail} and {@code userByEmail}. */
class ScriptedChangeTest {

  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
  private static final SimIntegration OKTA = SimIntegrations.of(SimIntegrations.OKTA);

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder()
                .unlimited()
                .seed(7)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build());
    sim.addAccount(SimAccountSpec.of("okta", SimIntegrations.OKTA, "acme").users(60));
    sim.addAccount(SimAccountSpec.of("slack", SimIntegrations.SLACK, "acme").users(60));
    sim.addAccount(
        SimAccountSpec.of("generated", SimIntegrations.OKTA, "acme").users(10).generated());
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void deactivatingReactivatingAndRemovingChangeTheChosenUserAndAreRecorded() {
    ObjectNode chosen = firstWithStatus("okta", "ACTIVE");
    String id = chosen.get("id").asText();
    List<ObjectNode> others =
        sim.snapshot("okta").stream().filter(u -> !u.get("id").asText().equals(id)).toList();

    SimChange off = sim.change("okta", id, SimChange.Kind.DEACTIVATED);

    assertThat(off.accountId()).isEqualTo("okta");
    assertThat(off.userId()).isEqualTo(id);
    assertThat(off.kind()).isEqualTo(SimChange.Kind.DEACTIVATED);
    assertThat(off.before()).isEqualTo(chosen);
    assertThat(off.fields()).contains("status", "status_changed_at");
    assertThat(off.at()).isEqualTo(NOW);
    String offStatus = off.after().get("status").asText();
    assertThat(OKTA.deactivatedStatuses()).contains(offStatus);
    assertThat(off.after().at("/remote_data/status").asText()).isEqualTo(offStatus);
    // What clients are served, and nobody else touched.
    assertThat(client.user("okta", id).json().get("status").asText()).isEqualTo(offStatus);
    assertThat(sim.snapshot("okta"))
        .filteredOn(u -> !u.get("id").asText().equals(id))
        .containsExactlyElementsOf(others);

    SimChange back = sim.change("okta", id, SimChange.Kind.REACTIVATED);

    assertThat(back.before()).isEqualTo(off.after());
    assertThat(back.after().get("status").asText()).isEqualTo("ACTIVE");
    assertThat(client.user("okta", id).json().get("status").asText()).isEqualTo("ACTIVE");

    SimChange gone = sim.change("okta", id, SimChange.Kind.REMOVED);

    assertThat(gone.after()).isNull();
    assertThat(gone.before()).isEqualTo(back.after());
    assertThat(gone.fields()).contains("id", "status");
    assertThat(client.user("okta", id).status()).isEqualTo(404);
    assertThat(sim.snapshot("okta")).hasSize(59).containsExactlyElementsOf(others);

    assertThat(sim.truth().all()).containsExactly(off, back, gone);
  }

  @Test
  void aChangeThatDoesNotFitIsRefusedWithAClearMessageAndChangesNothing() {
    ObjectNode active = firstWithStatus("okta", "ACTIVE");
    String activeId = active.get("id").asText();
    String offStatus =
        sim.change("okta", activeId, SimChange.Kind.DEACTIVATED).after().get("status").asText();
    assertThat(offStatus).isNotEqualTo("ACTIVE"); // the user is now off
    ObjectNode other = firstWithStatus("okta", "ACTIVE");
    String otherId = other.get("id").asText();
    List<ObjectNode> before = sim.snapshot("okta");
    int truth = sim.truth().size();

    assertThatThrownBy(() -> sim.change("okta", activeId, SimChange.Kind.DEACTIVATED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user " + activeId + " of okta cannot be DEACTIVATED now")
        .hasMessageContaining("(status " + offStatus + ")");
    assertThatThrownBy(() -> sim.change("okta", otherId, SimChange.Kind.REACTIVATED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be REACTIVATED now (status ACTIVE)");
    assertThatThrownBy(() -> sim.change("okta", otherId, SimChange.Kind.JOINED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JOINED is not a change of an existing user's state");
    assertThatThrownBy(() -> sim.change("okta", otherId, SimChange.Kind.EMAIL_CHANGED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EMAIL_CHANGED");
    assertThatThrownBy(() -> sim.change("okta", "00u999999999", SimChange.Kind.DEACTIVATED))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no user 00u999999999 in okta");
    assertThatThrownBy(
            () ->
                sim.change(
                    "generated", sim.account("generated").userId(0), SimChange.Kind.DEACTIVATED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("generated");
    assertThatThrownBy(() -> sim.change("nope", otherId, SimChange.Kind.DEACTIVATED))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no account nope");

    assertThat(sim.snapshot("okta")).isEqualTo(before);
    assertThat(sim.truth().size()).isEqualTo(truth);
  }

  @Test
  void changeEmailChangesOnlyThePrimaryEmailAndRecordsEmailChanged() {
    ObjectNode user = withSecondaryEmail("slack");
    String id = user.get("id").asText();
    String oldEmail = primaryEmail(user);

    SimChange change = sim.changeEmail("slack", id, "Ada.Newname@Acme.example");

    assertThat(change.kind()).isEqualTo(SimChange.Kind.EMAIL_CHANGED);
    assertThat(change.userId()).isEqualTo(id);
    assertThat(change.fields()).containsExactly("emails", "updated_at");
    assertThat(change.before()).isEqualTo(user);
    ObjectNode after = change.after();
    assertThat(primaryEmail(after)).isEqualTo("Ada.Newname@Acme.example");
    // The secondary address stays as it was; so does everything else but updated_at.
    assertThat(after.get("emails").size()).isEqualTo(user.get("emails").size());
    assertThat(after.get("emails").get(1)).isEqualTo(user.get("emails").get(1));
    ObjectNode rest = after.deepCopy();
    ObjectNode restBefore = user.deepCopy();
    for (ObjectNode node : List.of(rest, restBefore)) {
      node.remove(List.of("emails", "updated_at", "remote_data"));
    }
    assertThat(rest).isEqualTo(restBefore);
    assertThat(after.get("updated_at").asLong()).isEqualTo(NOW.getEpochSecond()); // Slack: epoch s
    assertThat(after.get("remote_data").toString()).contains("Ada.Newname@Acme.example");
    // Compared as text: parsed epoch numbers come back as ints, stored ones are longs.
    assertThat(client.user("slack", id).json().toString()).isEqualTo(after.toString());
    assertThat(sim.truth().all()).containsExactly(change);
    assertThat(sim.userByEmail("slack", oldEmail)).isEmpty();
  }

  @Test
  void userByEmailFindsThePrimaryEmailIgnoringCase() {
    ObjectNode user = withSecondaryEmail("okta");
    String email = primaryEmail(user);
    String secondary = user.get("emails").get(1).get("email").asText();

    assertThat(sim.userByEmail("okta", email.toUpperCase(java.util.Locale.ROOT))).contains(user);
    assertThat(sim.userByEmail("okta", email)).contains(user);
    // Users of one tenant share emails by index: the same person in the tenant's Slack.
    assertThat(sim.userByEmail("slack", email))
        .get()
        .extracting(u -> SimIntegrations.of(SimIntegrations.SLACK).indexOf(u.get("id").asText()))
        .isEqualTo(OKTA.indexOf(user.get("id").asText()));
    assertThat(sim.userByEmail("okta", secondary)).as("not a primary email").isEmpty();
    assertThat(sim.userByEmail("okta", "nobody@acme.example")).isEmpty();
    assertThatThrownBy(() -> sim.userByEmail("nope", email))
        .isInstanceOf(NoSuchElementException.class);
  }

  private ObjectNode firstWithStatus(String account, String status) {
    return sim.snapshot(account).stream()
        .filter(u -> u.get("status").asText().equals(status))
        .findFirst()
        .orElseThrow();
  }

  private ObjectNode withSecondaryEmail(String account) {
    return sim.snapshot(account).stream()
        .filter(u -> u.get("emails").size() > 1)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no user with two emails in " + account));
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
