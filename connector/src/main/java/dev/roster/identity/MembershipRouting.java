package dev.roster.identity;

import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityChange;
import dev.roster.avro.IdentityChangeKind;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IdentityMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first half of the identity stage, pure: a users-table update (the member the user was, the
 * member it is now) becomes the changes of the people it leaves and joins. The Kafka Streams DSL's
 * table aggregate would give the same adder and subtractor, but its subtractor cannot tell a
 * removed user from one whose email changed, and the leaver rule needs that difference
 * (docs/architecture.md#identities).
 */
public final class MembershipRouting {

  private MembershipRouting() {}

  /** One change for one person. */
  public record Routed(IdentityKey key, IdentityChange change) {}

  /**
   * @param before the member the user was, or null for a user not seen before
   * @param after the member the user is now, or null when the user was removed from its account
   */
  public static List<Routed> route(IdentityMember before, IdentityMember after, Cause cause) {
    IdentityKey from = before == null ? null : before.getKey();
    IdentityKey to = after == null ? null : after.getKey();
    List<Routed> routed = new ArrayList<>(2);
    if (after == null) {
      if (from != null) {
        routed.add(routed(from, IdentityChangeKind.REMOVED, before, cause));
      }
      return routed;
    }
    if (from != null && !from.equals(to)) {
      routed.add(routed(from, IdentityChangeKind.LEFT, before, cause));
    }
    if (to != null) {
      if (!to.equals(from)) {
        routed.add(routed(to, IdentityChangeKind.JOINED, after, cause));
      } else if (!IdentityMembers.sameForIdentity(before, after)) {
        routed.add(routed(to, IdentityChangeKind.UPDATED, after, cause));
      }
    }
    return routed;
  }

  private static Routed routed(
      IdentityKey key, IdentityChangeKind kind, IdentityMember member, Cause cause) {
    IdentityAccount account = member.getAccount();
    Objects.requireNonNull(account, "account");
    return new Routed(
        key,
        IdentityChange.newBuilder()
            .setKind(kind)
            .setAccount(account)
            .setCauseEventId(cause.eventId())
            .setBaseline(cause.baseline())
            .build());
  }
}
