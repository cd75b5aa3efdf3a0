package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.StatusCategory;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.truto.StatusCategories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identities and leaver alerts end to end, as an operator runs Roster ({@code roster run} in a
 * child JVM) on the real broker, against the simulator's recorded truth. One tenant: an Okta
 * account (an identity provider by its integration), Slack, and a Google Workspace account the
 * accounts file says is not an identity provider (so it counts as an app). A scripted leaver raises
 * one LEAVER_STILL_ACTIVE per active app account; the process is SIGKILLed and restarted on its
 * state; each offboarding then resolves one alert; an email change moves a person without any
 * alert; nothing is published twice.
 */
@ExtendWith(KafkaBroker.class)
class IdentityAlertsIT {

  private static final List<String> ACCOUNTS = List.of("okta", "slack", "gws");
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = TestRoster.registry("identities");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void aLeaverIsAlertedOncePerAppAndResolvedOncePerOffboardingAcrossASigkill() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(41)) {
      sim.addAccount(SimAccountSpec.of("okta", "okta", "acme").users(25).materialised());
      sim.addAccount(SimAccountSpec.of("slack", "slack", "acme").users(25).materialised());
      sim.addAccount(SimAccountSpec.of("gws", "googleworkspace", "acme").users(25).materialised());
      List<IntegratedAccount> accounts = new ArrayList<>();
      for (String id : ACCOUNTS) {
        IntegratedAccount account =
            TestRoster.account(id, sim.account(id).spec().integration(), Map.of());
        if (id.equals("gws")) {
          account.setIdentityProvider(false); // the accounts file's override
        }
        accounts.add(account);
      }
      RunDeployment roster = new RunDeployment("roster-identities", registry.url(), sim, accounts);
      Path config = roster.config("state");
      String leaver = activeEverywhere(sim, Set.of());
      String mover = activeEverywhere(sim, Set.of(leaver));
      List<IdentityAlert> alerts = Collections.synchronizedList(new ArrayList<>());
      Map<String, Identity> people = new ConcurrentHashMap<>();

      try (EventLedger events = new EventLedger(roster.topics.userEvents);
          Tail<IdentityAlert> alertTail = new Tail<>(roster.topics.identityAlerts, alerts::add);
          Tail<Identity> peopleTail =
              new Tail<>(roster.topics.identities, p -> people.put(p.getIdentityKey(), p))) {
        ChildJvm first = roster.run(config, "first");
        try {
          events.awaitAtLeast(75, Duration.ofSeconds(120));
          // Every person of every account's baseline, the Google account counted as an app.
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () -> {
                    assertThat(people).containsKey("email:" + mover);
                    assertThat(people.get("email:" + leaver))
                        .isNotNull()
                        .extracting(Identity::getAccounts)
                        .asList()
                        .extracting(
                            a -> ((IdentityAccount) a).getIntegratedAccountId(),
                            a -> ((IdentityAccount) a).getIsIdentityProvider())
                        .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("gws", false),
                            org.assertj.core.groups.Tuple.tuple("okta", true),
                            org.assertj.core.groups.Tuple.tuple("slack", false));
                  });
          awaitQuiet(alerts);
          assertThat(alerts).allMatch(IdentityAlert::getFoundInBaseline);
          assertThat(alerts)
              .filteredOn(a -> a.getType() == IdentityAlertType.LEAVER_STILL_ACTIVE)
              .extracting(IdentityAlert::getEmail)
              .as("baseline leavers: off in Okta, active in an app, by the simulator's data")
              .containsExactlyInAnyOrderElementsOf(expectedBaselineLeavers(sim));

          // The leaver: deactivated in the identity provider, still active in Slack and Google.
          SimChange deactivation =
              sim.change("okta", userId(sim, "okta", leaver), SimChange.Kind.DEACTIVATED);
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(() -> assertThat(leaverAlerts(alerts, leaver, false)).hasSize(2));
          assertThat(leaverAlerts(alerts, leaver, false))
              .extracting(IdentityAlert::getAppIntegratedAccountId)
              .containsExactlyInAnyOrder("slack", "gws");
          assertThat(leaverAlerts(alerts, leaver, false))
              .allSatisfy(
                  a -> {
                    assertThat(a.getFoundInBaseline()).isFalse();
                    assertThat(a.getIdpUserId()).isEqualTo(deactivation.userId());
                    assertThat(a.getCauseEventId()).isNotNull();
                  });
          Set<String> eventIds = new HashSet<>();
          events.events().forEach(e -> eventIds.add(e.getEventId()));
          assertThat(eventIds)
              .contains(leaverAlerts(alerts, leaver, false).get(0).getCauseEventId());

          first.kill();
        } finally {
          first.close();
        }

        // While it is down: the mover's email changes in the identity provider and in Slack, and
        // the leaver is offboarded from both apps.
        String moved = "moved." + mover;
        sim.changeEmail("okta", userId(sim, "okta", mover), moved);
        sim.changeEmail("slack", userId(sim, "slack", mover), moved);
        sim.change("slack", userId(sim, "slack", leaver), SimChange.Kind.DEACTIVATED);
        sim.change("gws", userId(sim, "gws", leaver), SimChange.Kind.REMOVED);

        try (ChildJvm second = roster.run(config, "second")) {
          await()
              .atMost(Duration.ofSeconds(90))
              .untilAsserted(() -> assertThat(leaverAlerts(alerts, leaver, true)).hasSize(2));
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(() -> assertThat(people).containsKey("email:" + moved));
          awaitQuiet(alerts);
        }
        assertThat(leaverAlerts(alerts, leaver, false))
            .as("opened once each, across the kill")
            .hasSize(2);
        List<IdentityAlert> resolved = leaverAlerts(alerts, leaver, true);
        assertThat(resolved)
            .extracting(IdentityAlert::getResolvesAlertId)
            .containsExactlyInAnyOrderElementsOf(
                leaverAlerts(alerts, leaver, false).stream()
                    .map(IdentityAlert::getAlertId)
                    .toList());
        assertThat(resolved)
            .extracting(IdentityAlert::getAppIntegratedAccountId, IdentityAlert::getAppStatus)
            .contains(org.assertj.core.groups.Tuple.tuple("gws", "removed"));
        assertThat(alerts.stream().map(IdentityAlert::getAlertId))
            .as("nothing published twice")
            .doesNotHaveDuplicates();
        assertThat(alerts)
            .filteredOn(a -> mover.equals(a.getEmail()) || moved.equals(a.getEmail()))
            .as("the email change raised no alert")
            .isEmpty();
        assertThat(people.get("email:" + moved).getAccounts())
            .extracting(IdentityAccount::getIntegratedAccountId)
            .containsExactly("okta", "slack");
      }
    }
  }

  /** The first person active in all three accounts, not among {@code taken}. */
  private static String activeEverywhere(TrutoSimulator sim, Set<String> taken) {
    for (ObjectNode user : sim.snapshot("okta")) {
      String email = primaryEmail(user);
      if (taken.contains(email) || !active(user)) {
        continue;
      }
      boolean everywhere =
          ACCOUNTS.stream()
              .allMatch(
                  id -> sim.userByEmail(id, email).map(IdentityAlertsIT::active).orElse(false));
      if (everywhere) {
        return email;
      }
    }
    throw new AssertionError("no person active in every account; pick another seed");
  }

  private static List<String> expectedBaselineLeavers(TrutoSimulator sim) {
    List<String> expected = new ArrayList<>();
    for (ObjectNode okta : sim.snapshot("okta")) {
      StatusCategory category = StatusCategories.categorize(okta.path("status").asText());
      if (category != StatusCategory.INACTIVE && category != StatusCategory.DELETED) {
        continue;
      }
      String email = primaryEmail(okta);
      for (String app : List.of("slack", "gws")) {
        if (sim.userByEmail(app, email).map(IdentityAlertsIT::active).orElse(false)) {
          expected.add(email);
        }
      }
    }
    return expected;
  }

  private static boolean active(ObjectNode user) {
    return StatusCategories.categorize(user.path("status").asText()) == StatusCategory.ACTIVE;
  }

  private static String primaryEmail(ObjectNode user) {
    for (var address : user.path("emails")) {
      if (address.path("is_primary").asBoolean(false)) {
        return address.path("email").asText().toLowerCase(java.util.Locale.ROOT);
      }
    }
    throw new AssertionError("no primary email: " + user);
  }

  private static String userId(TrutoSimulator sim, String account, String email) {
    Optional<ObjectNode> user = sim.userByEmail(account, email);
    return user.orElseThrow().path("id").asText();
  }

  private static List<IdentityAlert> leaverAlerts(
      List<IdentityAlert> alerts, String email, boolean resolved) {
    IdentityAlertType type =
        resolved ? IdentityAlertType.LEAVER_RESOLVED : IdentityAlertType.LEAVER_STILL_ACTIVE;
    synchronized (alerts) {
      return alerts.stream()
          .filter(a -> a.getType() == type && email.equals(a.getEmail()))
          .toList();
    }
  }

  /** Until no alert has come for three seconds (two polls of every account). */
  private static void awaitQuiet(List<IdentityAlert> alerts) {
    int[] last = {-1};
    long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              int now = alerts.size();
              if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
              }
              return System.nanoTime() - since[0] > Duration.ofSeconds(3).toNanos();
            });
  }
}
