package dev.roster.detect;

import dev.roster.avro.ChangeType;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Builds the {@link UserChangeEvent}s the detector publishes, and their CloudEvents headers. */
public final class ChangeEvents {

  /**
   * Namespace of Roster's event ids, so they never collide with name-based UUIDs minted elsewhere.
   */
  private static final UUID EVENT_ID_NAMESPACE =
      UUID.fromString("bb0757af-7b26-482e-952e-f793831f281f");

  private ChangeEvents() {}

  /**
   * The id of the one event of this type for this user in this poll: the same inputs always give
   * the same id, so a replayed event is recognisable downstream.
   */
  public static String eventId(
      String integratedAccountId, String userId, long pollId, ChangeType type) {
    Objects.requireNonNull(integratedAccountId, "integratedAccountId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    CanonicalValue name =
        new CanonicalWriter()
            .string(integratedAccountId)
            .string(userId)
            .longValue(pollId)
            .string(type.name())
            .toValue();
    return Digests.nameBasedUuid(EVENT_ID_NAMESPACE, name).toString();
  }

  /**
   * A user seen for the first time: in the account's baseline (discovered) or after it (created).
   */
  public static UserChangeEvent appeared(
      User after, ChangeType type, long pollId, Instant emittedAt) {
    if (type != ChangeType.USER_DISCOVERED && type != ChangeType.USER_CREATED) {
      throw new IllegalArgumentException(
          "a user appears as USER_DISCOVERED or USER_CREATED, not " + type);
    }
    return about(after, type, pollId, after.getObservedAt(), emittedAt)
        .setStatus(after.getStatus())
        .setStatusCategory(after.getStatusCategory())
        .setAfter(after)
        .build();
  }

  /**
   * A user whose content changed; a status change wins over other changes, and {@code
   * changed_fields} lists them all.
   *
   * @param comparison {@link UserDiff#compare} of the two versions; must raise an event
   */
  public static UserChangeEvent changed(
      User before, User after, UserComparison comparison, long pollId, Instant emittedAt) {
    if (!comparison.raisesEvent()) {
      throw new IllegalArgumentException(
          "no event for a comparison without changed fields: " + comparison);
    }
    if (!before.getIntegratedAccountId().equals(after.getIntegratedAccountId())
        || !before.getId().equals(after.getId())) {
      throw new IllegalArgumentException(
          "before and after are different users: "
              + before.getIntegratedAccountId()
              + "/"
              + before.getId()
              + " and "
              + after.getIntegratedAccountId()
              + "/"
              + after.getId());
    }
    ChangeType type =
        comparison.statusChanged() ? ChangeType.USER_STATUS_CHANGED : ChangeType.USER_UPDATED;
    return about(after, type, pollId, after.getObservedAt(), emittedAt)
        .setChangedFields(comparison.changedFields())
        .setPreviousStatus(before.getStatus())
        .setPreviousStatusCategory(before.getStatusCategory())
        .setStatus(after.getStatus())
        .setStatusCategory(after.getStatusCategory())
        .setBefore(before)
        .setAfter(after)
        .build();
  }

  /**
   * A user that complete polls no longer list.
   *
   * @param before the user as last published
   * @param observedAt when the poll that missed the user completed
   */
  public static UserChangeEvent removed(
      User before, long pollId, Instant observedAt, Instant emittedAt) {
    return about(before, ChangeType.USER_REMOVED, pollId, observedAt, emittedAt)
        .setStatus(before.getStatus())
        .setStatusCategory(before.getStatusCategory())
        .setBefore(before)
        .build();
  }

  /** CloudEvents Kafka binary-mode headers for the event, in a fixed order; values UTF-8. */
  public static Map<String, byte[]> cloudEventHeaders(UserChangeEvent event) {
    return CloudEventHeaders.of(event);
  }

  private static UserChangeEvent.Builder about(
      User user, ChangeType type, long pollId, Instant observedAt, Instant emittedAt) {
    return UserChangeEvent.newBuilder()
        .setEventId(eventId(user.getIntegratedAccountId(), user.getId(), pollId, type))
        .setType(type)
        .setIntegratedAccountId(user.getIntegratedAccountId())
        .setIntegration(user.getIntegration())
        .setTenantId(user.getTenantId())
        .setUserId(user.getId())
        .setChangedFields(List.of())
        .setPollId(pollId)
        .setObservedAt(Objects.requireNonNull(observedAt, "observedAt"))
        .setEmittedAt(Objects.requireNonNull(emittedAt, "emittedAt"));
  }
}
