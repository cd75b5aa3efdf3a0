package dev.roster.ops;

import dev.roster.avro.ChangeType;
import dev.roster.avro.UserChangeEvent;
import java.time.Instant;

/** One change event as the status page lists it: who and what, without the user's data. */
public record RecentEvent(
    Instant emittedAt,
    ChangeType type,
    String accountId,
    String integration,
    String tenant,
    String userId) {

  static RecentEvent of(UserChangeEvent event) {
    return new RecentEvent(
        event.getEmittedAt(),
        event.getType(),
        event.getIntegratedAccountId(),
        event.getIntegration(),
        event.getTenantId(),
        event.getUserId());
  }
}
