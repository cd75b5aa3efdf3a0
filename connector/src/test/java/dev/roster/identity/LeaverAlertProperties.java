package dev.roster.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of status changes, removals, returns and email changes across two tenants'
 * identity-provider and app accounts: after every step the open leaver alerts are exactly those a
 * plain reading of the users says, no alert opens twice or resolves what is not open, and no alert
 * names an account of another tenant.
 */
class LeaverAlertProperties {

  private static final List<String> TENANTS = List.of("acme", "globex");
  private static final List<String> APPS = List.of("idp", "slack", "zoom");
  private static final int PEOPLE = 3;
  private static final IdentitySettings LEAVERS_ONLY =
      IdentitySettings.defaults()
          .withAlerts(true, false, false)
          .withGraces(Duration.ZERO, Duration.ZERO);

  /** What happens to the user of one person in one account of one tenant. */
  record Step(String tenant, String app, int person, Action action, int newPerson) {}

  enum Action {
    ACTIVE,
    INACTIVE,
    DELETED,
    INVITED,
    REMOVE,
    CHANGE_EMAIL
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(TENANTS),
                Arbitraries.of(APPS),
                Arbitraries.integers().between(0, PEOPLE - 1),
                Arbitraries.of(Action.class),
                Arbitraries.integers().between(0, PEOPLE - 1))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 300)
  void openLeaverAlertsAreExactlyWhatTheUsersSay(@ForAll("steps") List<Step> steps) {
    Set<String> idps = new HashSet<>();
    TENANTS.forEach(t -> idps.add(account(t, "idp")));
    StageModel stage = new StageModel(LEAVERS_ONLY, idps, true);
    Truth truth = new Truth(idps);
    Map<List<String>, String> open = new HashMap<>();
    Set<String> ids = new HashSet<>();
    int n = 0;
    for (Step s : steps) {
      String account = account(s.tenant(), s.app());
      String userId = "u" + s.person();
      Cause cause = new Cause("ev-" + n++, false);
      List<IdentityAlert> alerts;
      if (s.action() == Action.REMOVE) {
        if (!truth.users.containsKey(List.of(account, userId))) {
          continue;
        }
        truth.remove(s.tenant(), account, userId);
        alerts = stage.remove(account, userId, cause);
      } else {
        Truth.Row before = truth.users.get(List.of(account, userId));
        String email =
            s.action() == Action.CHANGE_EMAIL
                ? "p" + s.newPerson() + "@x.example"
                : before != null ? before.email() : "p" + s.person() + "@x.example";
        StatusCategory status =
            s.action() == Action.CHANGE_EMAIL
                ? (before != null ? before.status() : StatusCategory.ACTIVE)
                : StatusCategory.valueOf(s.action().name());
        truth.upsert(s.tenant(), account, userId, email, status);
        User user = People.user(account, s.app(), s.tenant(), userId, email, status);
        alerts = stage.upsert(user, cause);
      }
      for (IdentityAlert alert : alerts) {
        assertThat(ids.add(alert.getAlertId())).as("alert id %s once", alert.getAlertId()).isTrue();
        assertThat(alert.getAppIntegratedAccountId()).startsWith(alert.getTenantId() + "-");
        if (alert.getIdpIntegratedAccountId() != null) {
          assertThat(alert.getIdpIntegratedAccountId()).startsWith(alert.getTenantId() + "-");
        }
        List<String> pair =
            List.of(
                alert.getTenantId(),
                alert.getIdentityKey(),
                alert.getAppIntegratedAccountId(),
                alert.getAppUserId());
        if (alert.getResolved()) {
          assertThat(open).as("resolves an open alert: %s", alert).containsKey(pair);
          assertThat(alert.getResolvesAlertId()).isEqualTo(open.remove(pair));
        } else {
          assertThat(open).as("opens once: %s", alert).doesNotContainKey(pair);
          open.put(pair, alert.getAlertId());
        }
      }
      assertThat(open.keySet()).as("after %s", s).isEqualTo(truth.expectedLeaverAlerts());
    }
  }

  private static String account(String tenant, String app) {
    return tenant + "-" + app;
  }

  /**
   * The users as they are, read plainly. A user removed from an identity provider stays the
   * person's evidence of leaving while the person has any user left.
   */
  private static final class Truth {
    record Row(String tenant, String email, StatusCategory status) {}

    final Map<List<String>, Row> users = new HashMap<>();
    final Map<List<String>, Set<String>> removedFromIdp = new HashMap<>();
    private final Set<String> idps;

    Truth(Set<String> idps) {
      this.idps = idps;
    }

    void upsert(String tenant, String account, String userId, String email, StatusCategory status) {
      Row before = users.put(List.of(account, userId), new Row(tenant, email, status));
      removedFromIdp
          .getOrDefault(List.of(tenant, email), new HashSet<>())
          .remove(account + "/" + userId);
      if (before != null) {
        forgetIfEmpty(tenant, before.email());
      }
    }

    void remove(String tenant, String account, String userId) {
      Row before = users.remove(List.of(account, userId));
      if (idps.contains(account)) {
        removedFromIdp
            .computeIfAbsent(List.of(tenant, before.email()), k -> new HashSet<>())
            .add(account + "/" + userId);
      }
      forgetIfEmpty(tenant, before.email());
    }

    private void forgetIfEmpty(String tenant, String email) {
      boolean anyLeft =
          users.values().stream()
              .anyMatch(r -> r.tenant().equals(tenant) && r.email().equals(email));
      if (!anyLeft) {
        removedFromIdp.remove(List.of(tenant, email));
      }
    }

    Set<List<String>> expectedLeaverAlerts() {
      Set<List<String>> expected = new HashSet<>();
      Map<List<String>, Boolean> idpActive = new HashMap<>();
      Map<List<String>, Boolean> idpOff = new HashMap<>();
      users.forEach(
          (key, row) -> {
            if (!idps.contains(key.get(0))) {
              return;
            }
            List<String> person = List.of(row.tenant(), row.email());
            if (row.status() == StatusCategory.ACTIVE) {
              idpActive.put(person, true);
            }
            if (row.status() == StatusCategory.INACTIVE || row.status() == StatusCategory.DELETED) {
              idpOff.put(person, true);
            }
          });
      removedFromIdp.forEach(
          (person, removed) -> {
            if (!removed.isEmpty()) {
              idpOff.put(person, true);
            }
          });
      users.forEach(
          (key, row) -> {
            List<String> person = List.of(row.tenant(), row.email());
            if (!idps.contains(key.get(0))
                && row.status() == StatusCategory.ACTIVE
                && idpOff.getOrDefault(person, false)
                && !idpActive.getOrDefault(person, false)) {
              expected.add(List.of(row.tenant(), "email:" + row.email(), key.get(0), key.get(1)));
            }
          });
      return expected;
    }
  }
}
