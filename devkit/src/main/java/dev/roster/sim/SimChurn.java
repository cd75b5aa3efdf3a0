package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Changes the simulated world the way real directories change: joiners, leavers (deactivation and
 * removal), returns, role grants and revocations, 2FA toggles, profile edits, and logins (which
 * touch only the quiet fields {@code last_login_at} and {@code last_active_at}). Only materialised
 * accounts change. Every change replaces the stored user by an edited copy and is recorded in the
 * truth log. Seeded, so the same seed and the same calls give the same changes (the timestamps come
 * from the configured clock).
 */
final class SimChurn {

  /** Relative frequency of each kind; logins dominate, as they do in real directories. */
  private static final List<Weighted> WEIGHTS =
      List.of(
          new Weighted(SimChange.Kind.JOINED, 12),
          new Weighted(SimChange.Kind.DEACTIVATED, 8),
          new Weighted(SimChange.Kind.REACTIVATED, 2),
          new Weighted(SimChange.Kind.REMOVED, 5),
          new Weighted(SimChange.Kind.ROLE_GRANTED, 7),
          new Weighted(SimChange.Kind.ROLE_REVOKED, 4),
          new Weighted(SimChange.Kind.TWO_FA_TOGGLED, 6),
          new Weighted(SimChange.Kind.PROFILE_EDITED, 16),
          new Weighted(SimChange.Kind.LOGIN, 40));

  private static final int TOTAL_WEIGHT = WEIGHTS.stream().mapToInt(Weighted::weight).sum();

  /** How many random users to look at for one whose state allows the change. */
  private static final int PICK_ATTEMPTS = 16;

  private final SimUserFactory factory;
  private final SplittableRandom random;
  private final Clock clock;
  private final SimLog<SimChange> truth;

  SimChurn(SimUserFactory factory, long seed, Clock clock, SimLog<SimChange> truth) {
    this.factory = factory;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.clock = clock;
    this.truth = truth;
  }

  /** Makes {@code n} changes, each in an account picked at random from the materialised ones. */
  synchronized List<SimChange> churn(List<SimAccount> accounts, int n) {
    List<SimAccount> changeable = accounts.stream().filter(SimAccount::isMaterialised).toList();
    List<SimChange> changes = new ArrayList<>(n);
    for (int i = 0; i < n && !changeable.isEmpty(); i++) {
      changes.add(change(changeable.get(random.nextInt(changeable.size()))));
    }
    return changes;
  }

  /**
   * One change to {@code account}: the drawn kind, or a profile edit when the drawn kind does not
   * fit.
   */
  private SimChange change(SimAccount account) {
    MaterialisedUserStore store = (MaterialisedUserStore) account.store();
    Instant now = clock.instant();
    SimChange.Kind kind = draw();
    if (kind == SimChange.Kind.JOINED || store.size() == 0) {
      return join(account, store, now);
    }
    return apply(account, store, kind, now)
        .or(() -> apply(account, store, SimChange.Kind.PROFILE_EDITED, now))
        .orElseGet(() -> join(account, store, now));
  }

  /**
   * One change of {@code kind} to one chosen user, as a script would make it: a leaver deactivated
   * in the identity provider, then offboarded from each app.
   *
   * @throws IllegalArgumentException when the user's state does not allow it (deactivating an
   *     inactive user) or the kind needs no user (JOINED)
   */
  synchronized SimChange change(SimAccount account, String userId, SimChange.Kind kind) {
    if (kind == SimChange.Kind.JOINED || kind == SimChange.Kind.EMAIL_CHANGED) {
      throw new IllegalArgumentException(kind + " is not a change of an existing user's state");
    }
    MaterialisedUserStore store = materialised(account);
    ObjectNode before = existing(store, account, userId);
    Instant now = clock.instant();
    if (!fits(kind, account.integration(), before)) {
      throw new IllegalArgumentException(
          "user "
              + userId
              + " of "
              + account.id()
              + " cannot be "
              + kind
              + " now (status "
              + before.path("status").asText()
              + ")");
    }
    return changed(account, store, before, kind, now)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    kind + " of user " + userId + " of " + account.id() + " changes nothing"));
  }

  /** Gives the user a new primary work email. */
  synchronized SimChange changeEmail(SimAccount account, String userId, String email) {
    MaterialisedUserStore store = materialised(account);
    ObjectNode before = existing(store, account, userId);
    Instant now = clock.instant();
    ObjectNode after = before.deepCopy();
    for (JsonNode address : after.withArray("emails")) {
      if (address.path("is_primary").asBoolean(false)) {
        ((ObjectNode) address).put("email", email);
      }
    }
    after.set("updated_at", account.integration().timeFormat().node(now));
    return replaced(account, store, SimChange.Kind.EMAIL_CHANGED, before, after, now);
  }

  private SimChange replaced(
      SimAccount account,
      MaterialisedUserStore store,
      SimChange.Kind kind,
      ObjectNode before,
      ObjectNode after,
      Instant now) {
    after.set(
        "remote_data", SimRemoteData.of(account.integration(), account.spec().tenantId(), after));
    store.replace(after);
    return record(account, kind, before, after, now);
  }

  private static MaterialisedUserStore materialised(SimAccount account) {
    if (!account.isMaterialised()) {
      throw new IllegalStateException(
          "account " + account.id() + " is generated; only materialised accounts change");
    }
    return (MaterialisedUserStore) account.store();
  }

  private static ObjectNode existing(
      MaterialisedUserStore store, SimAccount account, String userId) {
    return store
        .find(userId)
        .orElseThrow(
            () ->
                new java.util.NoSuchElementException("no user " + userId + " in " + account.id()));
  }

  private SimChange join(SimAccount account, MaterialisedUserStore store, Instant now) {
    ObjectNode user =
        factory.joiner(
            account.integration(),
            account.id(),
            account.spec().tenantId(),
            store.nextPosition(),
            now);
    store.add(user);
    return record(account, SimChange.Kind.JOINED, null, user, now);
  }

  private Optional<SimChange> apply(
      SimAccount account, MaterialisedUserStore store, SimChange.Kind kind, Instant now) {
    SimIntegration integration = account.integration();
    Optional<ObjectNode> picked = pick(store, user -> fits(kind, integration, user));
    if (picked.isEmpty()) {
      return Optional.empty();
    }
    return changed(account, store, picked.get(), kind, now);
  }

  /**
   * The change of {@code kind} to {@code before}, made and recorded; empty when it changes no field
   * (e.g. a second login within the same second of a seconds-precision vendor).
   */
  private Optional<SimChange> changed(
      SimAccount account,
      MaterialisedUserStore store,
      ObjectNode before,
      SimChange.Kind kind,
      Instant now) {
    if (kind == SimChange.Kind.REMOVED) {
      store.remove(before.get("id").asText());
      return Optional.of(record(account, kind, before, null, now));
    }
    ObjectNode after = before.deepCopy();
    edit(kind, account.integration(), after, now);
    if (changedFields(before, after).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(replaced(account, store, kind, before, after, now));
  }

  private static boolean fits(SimChange.Kind kind, SimIntegration integration, ObjectNode user) {
    String status = user.path("status").asText();
    switch (kind) {
      case DEACTIVATED:
        return status.equals(integration.activeStatus());
      case REACTIVATED:
        return integration.isDeactivated(status);
      case ROLE_GRANTED:
        return user.path("roles").size() < integration.roles().size();
      case ROLE_REVOKED:
        return user.path("roles").size() > 1; // the base member role stays
      default:
        return true;
    }
  }

  private void edit(SimChange.Kind kind, SimIntegration integration, ObjectNode user, Instant now) {
    JsonNode at = integration.timeFormat().node(now);
    switch (kind) {
      case DEACTIVATED:
        user.put("status", oneOf(integration.deactivatedStatuses()));
        user.set("status_changed_at", at);
        break;
      case REACTIVATED:
        user.put("status", integration.activeStatus());
        user.set("status_changed_at", at);
        break;
      case ROLE_GRANTED:
        grantRole(integration, user);
        break;
      case ROLE_REVOKED:
        ArrayNode roles = user.withArray("roles");
        roles.remove(roles.size() - 1);
        break;
      case TWO_FA_TOGGLED:
        user.put("is_2fa_enabled", !user.path("is_2fa_enabled").asBoolean(false));
        break;
      case PROFILE_EDITED:
        editProfile(user);
        break;
      case LOGIN:
        user.set("last_login_at", at);
        user.set("last_active_at", at);
        return; // quiet: vendors do not bump updated_at for a login
      default:
        throw new IllegalArgumentException("not an edit: " + kind);
    }
    user.set("updated_at", at);
  }

  private void grantRole(SimIntegration integration, ObjectNode user) {
    ArrayNode roles = user.withArray("roles");
    Set<String> held = new HashSet<>(roles.findValuesAsText("name"));
    List<String> grantable = integration.roles().stream().filter(r -> !held.contains(r)).toList();
    String organization = roles.path(0).path("organization").asText(null);
    roles.add(SimUserFactory.role(oneOf(grantable), organization));
  }

  /**
   * A new title (a promotion) or a new last name (a marriage), keeping the display name in step.
   */
  private void editProfile(ObjectNode user) {
    if (random.nextBoolean()) {
      String title = user.path("title").asText();
      user.put(
          "title", oneOf(SimUserFactory.TITLES.stream().filter(t -> !t.equals(title)).toList()));
    } else {
      String previous = user.path("last_name").asText();
      String lastName =
          oneOf(SimUserFactory.LAST_NAMES.stream().filter(n -> !n.equals(previous)).toList());
      user.put("last_name", lastName);
      user.put("name", user.path("first_name").asText() + " " + lastName);
    }
  }

  private Optional<ObjectNode> pick(MaterialisedUserStore store, Predicate<ObjectNode> fits) {
    for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
      Optional<ObjectNode> user = store.pick(random.nextLong(Math.max(1, store.nextPosition())));
      if (user.isPresent() && fits.test(user.get())) {
        return user;
      }
    }
    return Optional.empty();
  }

  private SimChange record(
      SimAccount account, SimChange.Kind kind, ObjectNode before, ObjectNode after, Instant now) {
    ObjectNode subject = after != null ? after : before;
    SimChange change =
        new SimChange(
            account.id(),
            subject.get("id").asText(),
            kind,
            changedFields(before, after),
            before,
            after,
            now);
    truth.add(change);
    return change;
  }

  /**
   * Top-level fields whose value differs, {@code remote_data} aside; every field for a join or
   * removal.
   */
  static List<String> changedFields(ObjectNode before, ObjectNode after) {
    ObjectNode empty = SimResponse.MAPPER.createObjectNode();
    ObjectNode from = before != null ? before : empty;
    ObjectNode to = after != null ? after : empty;
    Set<String> names = new LinkedHashSet<>();
    from.fieldNames().forEachRemaining(names::add);
    to.fieldNames().forEachRemaining(names::add);
    names.remove("remote_data");
    names.removeIf(name -> Objects.equals(from.get(name), to.get(name)));
    return List.copyOf(names);
  }

  private SimChange.Kind draw() {
    int roll = random.nextInt(TOTAL_WEIGHT);
    for (Weighted w : WEIGHTS) {
      roll -= w.weight();
      if (roll < 0) {
        return w.kind();
      }
    }
    throw new AssertionError("weights do not add up");
  }

  private <T> T oneOf(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private record Weighted(SimChange.Kind kind, int weight) {}
}
