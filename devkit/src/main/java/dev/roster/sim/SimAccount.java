package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One integrated account of the simulated world: its spec, its users, its faults and its (mutable)
 * state. Get it from {@link TrutoSimulator#addAccount} or {@link TrutoSimulator#account}.
 */
public final class SimAccount {

  private final SimAccountSpec spec;
  private final SimIntegration integration;
  private final SimUserStore store;
  private final SimFaults faults = new SimFaults();
  private final Clock clock;
  private final Instant createdAt;
  private volatile SimAccountState state;
  private volatile Instant updatedAt;

  SimAccount(SimAccountSpec spec, SimUserFactory factory, Clock clock) {
    this.spec = spec;
    this.integration = SimIntegrations.of(spec.integration());
    this.clock = clock;
    this.state = spec.state();
    this.createdAt =
        SimUserFactory.GENERATED_UNTIL.minus(
            Duration.ofHours(Math.floorMod(spec.id().hashCode(), 24 * 700)));
    this.updatedAt = createdAt;
    if (spec.storage() == SimAccountSpec.Storage.GENERATED) {
      store =
          new GeneratedUserStore(factory, integration, spec.id(), spec.tenantId(), spec.users());
    } else {
      MaterialisedUserStore users = new MaterialisedUserStore();
      for (int index = 0; index < spec.users(); index++) {
        users.add(factory.user(integration, spec.id(), spec.tenantId(), index));
      }
      store = users;
    }
  }

  public String id() {
    return spec.id();
  }

  public SimAccountSpec spec() {
    return spec;
  }

  public SimIntegration integration() {
    return integration;
  }

  public SimFaults faults() {
    return faults;
  }

  public SimAccountState state() {
    return state;
  }

  /** Moves the account to {@code newState}, e.g. to needs_reauth and back after a reconnect. */
  public void state(SimAccountState newState) {
    state = newState;
    updatedAt = clock.instant();
  }

  public long userCount() {
    return store.size();
  }

  /**
   * The id of the user at {@code index}: for generated accounts any index below {@link
   * #userCount()}; for materialised ones the index the user was created with.
   */
  public String userId(long index) {
    return integration.userId(index);
  }

  /** A copy of the user as the get endpoint serves it now. */
  public Optional<ObjectNode> user(String userId) {
    return store.find(userId).map(ObjectNode::deepCopy);
  }

  /**
   * Copies of every current user, in list order, as the get endpoint serves them. For a generated
   * account this builds every user, so keep it to accounts of a sensible size.
   */
  public List<ObjectNode> snapshot() {
    return store.page(0, Integer.MAX_VALUE).users().stream().map(ObjectNode::deepCopy).toList();
  }

  public boolean isMaterialised() {
    return store instanceof MaterialisedUserStore;
  }

  /** Page size the vendor uses: the spec's override, else the integration's. */
  int vendorPageSize() {
    return spec.vendorPageSize() > 0 ? spec.vendorPageSize() : integration.vendorPageSize();
  }

  List<String> requiredQueryParams() {
    return spec.requiredQueryParams() != null
        ? spec.requiredQueryParams()
        : integration.requiredQueryParams();
  }

  SimUserStore store() {
    return store;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }
}
