package dev.roster.identity;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IdentityMember;
import dev.roster.avro.User;
import dev.roster.avro.UserKey;
import dev.roster.topics.UserRecordHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The identity stage's first half: reads roster.users (co-partitioned with it), keeps the member
 * each user last was, and sends the people it leaves and joins their changes ({@link
 * MembershipRouting}) through roster.identity-changes.
 */
final class IdentityMemberProcessor implements Processor<UserKey, User, IdentityKey, Object> {

  private final IdentitySettings settings;
  private final UsersWithoutKey withoutKey;
  private ProcessorContext<IdentityKey, Object> context;
  private KeyValueStore<String, IdentityMember> members;
  private KeyValueStore<String, Long> unkeyed;
  private String taskId;

  IdentityMemberProcessor(IdentitySettings settings, UsersWithoutKey withoutKey) {
    this.settings = settings;
    this.withoutKey = withoutKey;
  }

  @Override
  public void init(ProcessorContext<IdentityKey, Object> context) {
    this.context = context;
    this.members = context.getStateStore(IdentityTopology.MEMBERS_STORE);
    this.unkeyed = context.getStateStore(IdentityTopology.UNKEYED_STORE);
    this.taskId = context.taskId().toString();
    try (KeyValueIterator<String, Long> all = unkeyed.all()) {
      all.forEachRemaining(entry -> withoutKey.report(taskId, entry.key, entry.value));
    }
  }

  @Override
  public void process(Record<UserKey, User> record) {
    UserKey userKey = record.key();
    if (userKey == null) {
      return; // roster.users has no keyless records; a foreign one joins nobody
    }
    String storeKey = IdentityStoreKeys.user(userKey.getIntegratedAccountId(), userKey.getUserId());
    Cause cause = cause(record.headers());
    IdentityMember before = members.get(storeKey);
    IdentityMember after =
        record.value() == null ? null : IdentityMembers.of(record.value(), cause, settings);
    for (MembershipRouting.Routed routed : MembershipRouting.route(before, after, cause)) {
      context.forward(
          new Record<IdentityKey, Object>(routed.key(), routed.change(), record.timestamp()));
    }
    if (after == null) {
      members.delete(storeKey);
    } else if (before == null || !IdentityMembers.sameForIdentity(before, after)) {
      members.put(storeKey, after);
    }
    countUnkeyed(before, after);
  }

  private void countUnkeyed(IdentityMember before, IdentityMember after) {
    if (before != null && before.getKey() == null) {
      addUnkeyed(before, -1);
    }
    if (after != null && after.getKey() == null) {
      addUnkeyed(after, 1);
    }
  }

  private void addUnkeyed(IdentityMember member, long delta) {
    String tenant = member.getTenantId();
    Long count = unkeyed.get(tenant);
    long now = Math.max(0, (count == null ? 0 : count) + delta);
    if (now == 0) {
      unkeyed.delete(tenant);
    } else {
      unkeyed.put(tenant, now);
    }
    withoutKey.report(taskId, tenant, now);
  }

  static Cause cause(Headers headers) {
    String eventId = text(headers.lastHeader(UserRecordHeaders.EVENT_ID));
    String type = text(headers.lastHeader(UserRecordHeaders.EVENT_TYPE));
    boolean baseline = eventId == null || ChangeType.USER_DISCOVERED.name().equals(type);
    return new Cause(eventId, baseline);
  }

  private static String text(Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    withoutKey.withdraw(taskId);
  }
}
