package dev.roster.sim;

import java.util.List;
import java.util.Objects;

/**
 * What to create with {@link TrutoSimulator#addAccount(SimAccountSpec)}. Start from {@link
 * #of(String, String, String)} and refine with the {@code with}-style methods, each returning a new
 * spec:
 *
 * <pre>{@code
 * SimAccountSpec.of("acct-1", "okta", "acme").users(250).endOfList(EndOfList.EMPTY_STRING)
 * SimAccountSpec.of("big", "googleworkspace", "acme").users(1_000_000).generated()
 * }</pre>
 *
 * @param id the integrated account id
 * @param integration Truto's integration slug (see {@link SimIntegrations})
 * @param tenantId the tenant owning the account; also names the users' email domain
 * @param users how many users the account starts with
 * @param storage {@link Storage#MATERIALISED} (default; supports churn) or {@link
 *     Storage#GENERATED}
 * @param state {@link SimAccountState#ACTIVE} by default
 * @param endOfList how the last page says it is the last
 * @param vendorPageSize overrides the integration's page size; 0 keeps the integration's
 * @param requiredQueryParams overrides the integration's required query parameters (list and get);
 *     null keeps them
 * @param sandbox reported as {@code is_sandbox}
 */
public record SimAccountSpec(
    String id,
    String integration,
    String tenantId,
    int users,
    Storage storage,
    SimAccountState state,
    EndOfList endOfList,
    int vendorPageSize,
    List<String> requiredQueryParams,
    boolean sandbox) {

  /** Where an account's users live. */
  public enum Storage {
    /**
     * Derived on demand from (seed, account, index): no object per user, so millions are cheap, but
     * the users never change.
     */
    GENERATED,
    /** Held in memory as JSON, so churn can change them. */
    MATERIALISED
  }

  /** How the last page of a list ends; Truto does both, so clients must accept both. */
  public enum EndOfList {
    /** {@code "next_cursor": null} */
    NULL,
    /** {@code "next_cursor": ""} */
    EMPTY_STRING
  }

  public SimAccountSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(endOfList, "endOfList");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (users < 0 || vendorPageSize < 0) {
      throw new IllegalArgumentException("users and vendorPageSize must not be negative");
    }
    requiredQueryParams = requiredQueryParams == null ? null : List.copyOf(requiredQueryParams);
  }

  /** An active, materialised account with 100 users, ending lists with {@code null}. */
  public static SimAccountSpec of(String id, String integration, String tenantId) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        100,
        Storage.MATERIALISED,
        SimAccountState.ACTIVE,
        EndOfList.NULL,
        0,
        null,
        false);
  }

  public SimAccountSpec users(int count) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        count,
        storage,
        state,
        endOfList,
        vendorPageSize,
        requiredQueryParams,
        sandbox);
  }

  public SimAccountSpec generated() {
    return storage(Storage.GENERATED);
  }

  public SimAccountSpec materialised() {
    return storage(Storage.MATERIALISED);
  }

  public SimAccountSpec storage(Storage newStorage) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        newStorage,
        state,
        endOfList,
        vendorPageSize,
        requiredQueryParams,
        sandbox);
  }

  public SimAccountSpec state(SimAccountState newState) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        storage,
        newState,
        endOfList,
        vendorPageSize,
        requiredQueryParams,
        sandbox);
  }

  public SimAccountSpec endOfList(EndOfList newEndOfList) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        storage,
        state,
        newEndOfList,
        vendorPageSize,
        requiredQueryParams,
        sandbox);
  }

  public SimAccountSpec vendorPageSize(int pageSize) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        storage,
        state,
        endOfList,
        pageSize,
        requiredQueryParams,
        sandbox);
  }

  public SimAccountSpec requiredQueryParams(List<String> params) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        storage,
        state,
        endOfList,
        vendorPageSize,
        params,
        sandbox);
  }

  public SimAccountSpec sandbox(boolean isSandbox) {
    return new SimAccountSpec(
        id,
        integration,
        tenantId,
        users,
        storage,
        state,
        endOfList,
        vendorPageSize,
        requiredQueryParams,
        isSandbox);
  }
}
