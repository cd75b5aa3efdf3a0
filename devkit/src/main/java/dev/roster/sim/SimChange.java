package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Ground truth: one change churn made to the simulated world. {@code before} and {@code after} are
 * the whole user as the get endpoint would serve it (with {@code remote_data}); {@code before} is
 * null for a joiner and {@code after} null for a removal. Do not modify them.
 *
 * @param fields the unified fields whose value changed, in the order they appear in the user;
 *     {@code remote_data} is left out because it changes with every change
 */
public record SimChange(
    String accountId,
    String userId,
    Kind kind,
    List<String> fields,
    ObjectNode before,
    ObjectNode after,
    Instant at) {

  /** What kind of change it was; {@link #LOGIN} touches only quiet fields. */
  public enum Kind {
    JOINED,
    DEACTIVATED,
    REACTIVATED,
    REMOVED,
    ROLE_GRANTED,
    ROLE_REVOKED,
    TWO_FA_TOGGLED,
    PROFILE_EDITED,
    LOGIN,
    /** The primary work email changed; only on request ({@link TrutoSimulator#changeEmail}). */
    EMAIL_CHANGED
  }

  public SimChange {
    fields = List.copyOf(fields);
  }
}
