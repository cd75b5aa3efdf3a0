package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IdentityMember;
import dev.roster.avro.IdentityState;
import dev.roster.avro.TrackedAlert;
import dev.roster.avro.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity stage's two processors with plain maps for stores and no Kafka: the pure rules wired
 * as {@link IdentityMemberProcessor} and {@link IdentityProcessor} wire them.
 */
final class StageModel {

  private final IdentitySettings settings;
  private final IdentityProviderView providers;
  private final Map<String, IdentityMember> members = new HashMap<>();
  final Map<IdentityKey, IdentityState> people = new HashMap<>();
  final List<IdentityAlert> published = new ArrayList<>();
  Instant now = People.T0;

  StageModel(IdentitySettings settings, Set<String> idpAccounts, boolean tenantsHaveIdp) {
    this.settings = settings;
    this.providers =
        new IdentityProviderView() {
          @Override
          public boolean isIdentityProvider(String accountId, String integration) {
            return idpAccounts.contains(accountId);
          }

          @Override
          public boolean tenantHasIdentityProvider(String tenantId) {
            return tenantsHaveIdp;
          }
        };
  }

  /** A users record: the user now, with the event that came with it. */
  List<IdentityAlert> upsert(User user, Cause cause) {
    return record(user.getIntegratedAccountId(), user.getId(), user, cause);
  }

  /** A users tombstone: the user was removed. */
  List<IdentityAlert> remove(String accountId, String userId, Cause cause) {
    return record(accountId, userId, null, cause);
  }

  private List<IdentityAlert> record(String accountId, String userId, User user, Cause cause) {
    String key = IdentityStoreKeys.user(accountId, userId);
    IdentityMember before = members.get(key);
    IdentityMember after = user == null ? null : IdentityMembers.of(user, cause, settings);
    if (after == null) {
      members.remove(key);
    } else {
      members.put(key, after);
    }
    int from = published.size();
    for (MembershipRouting.Routed routed : MembershipRouting.route(before, after, cause)) {
      IdentityState state = people.get(routed.key());
      Identity identity =
          IdentityMembership.apply(
              routed.key(),
              state == null ? null : state.getIdentity(),
              routed.change(),
              providers,
              now);
      judge(
          routed.key(),
          state,
          identity,
          new Cause(routed.change().getCauseEventId(), routed.change().getBaseline()));
    }
    return List.copyOf(published.subList(from, published.size()));
  }

  /** The wall clock moves on, and ended grace periods are looked at, as the punctuation does. */
  List<IdentityAlert> advance(java.time.Duration by) {
    now = now.plus(by);
    int from = published.size();
    for (Map.Entry<IdentityKey, IdentityState> entry : List.copyOf(people.entrySet())) {
      boolean due =
          entry.getValue().getAlerts().stream()
              .anyMatch(t -> !t.getPublished() && !t.getDueAt().isAfter(now));
      if (due) {
        judge(entry.getKey(), entry.getValue(), entry.getValue().getIdentity(), Cause.NONE);
      }
    }
    return List.copyOf(published.subList(from, published.size()));
  }

  private void judge(IdentityKey key, IdentityState state, Identity identity, Cause cause) {
    List<TrackedAlert> tracked = state == null ? List.of() : state.getAlerts();
    AlertBook.Outcome outcome =
        AlertBook.reconcile(
            key,
            identity,
            tracked,
            AlertRules.conditions(
                identity, settings, providers.tenantHasIdentityProvider(key.getTenantId())),
            cause,
            now,
            settings);
    published.addAll(outcome.published());
    if (identity == null) {
      people.remove(key);
    } else {
      people.put(key, new IdentityState(identity, outcome.tracked()));
    }
  }
}
