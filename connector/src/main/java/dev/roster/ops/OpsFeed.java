package dev.roster.ops;

import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollSummary;
import dev.roster.kafka.TopicFollower;
import dev.roster.poll.RecordedPollIds;
import dev.roster.topics.RosterTopics;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Feeds {@link OpsState} from Roster's topics on a background thread. Every instance reads every
 * partition from the beginning (a group id of its own), committed records only, so each instance
 * shows the whole cluster, as any consumer of Roster would see it. The poll ids it has read seed
 * the poll ids of accounts that come to this instance.
 */
public final class OpsFeed implements RecordedPollIds, AutoCloseable {

  private final RosterTopics topics;
  private final OpsState state;
  private final TopicFollower follower;
  private final BiConsumer<String, IntegratedAccount> accounts;
  private final Consumer<PollSummary> summaries;

  /**
   * Starts reading at once; {@code kafkaClientProps} are the common client settings (bootstrap
   * servers, security).
   *
   * @param accounts also told every account as roster.accounts has it (null when deleted)
   * @param summaries also told every poll summary (the poller learns from them which users the
   *     detector asks for in full)
   */
  public OpsFeed(
      RosterTopics topics,
      Map<String, Object> kafkaClientProps,
      OpsState state,
      BiConsumer<String, IntegratedAccount> accounts,
      Consumer<PollSummary> summaries) {
    this.topics = topics;
    this.state = state;
    this.accounts = accounts;
    this.summaries = summaries;
    this.follower =
        new TopicFollower(
            "roster-ops-feed",
            List.of(
                topics.accounts,
                topics.pollStatus,
                topics.pollSummaries,
                topics.userEvents,
                topics.deadLetter,
                topics.identityAlerts),
            kafkaClientProps,
            this::apply,
            () -> {});
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.accounts.name())) {
      String id = topics.accounts.keySerde().deserializer().deserialize(topic, record.key());
      IntegratedAccount account =
          record.value() == null
              ? null
              : topics.accounts.valueSerde().deserializer().deserialize(topic, record.value());
      state.applyAccount(id, account);
      accounts.accept(id, account);
    } else if (topic.equals(topics.deadLetter.name())) {
      state.applyDeadLetter();
    } else if (record.value() == null) {
      return; // tombstones of poll statuses, user events and alerts carry nothing to show
    } else if (topic.equals(topics.pollStatus.name())) {
      state.applyPollStatus(
          topics.pollStatus.valueSerde().deserializer().deserialize(topic, record.value()));
    } else if (topic.equals(topics.pollSummaries.name())) {
      PollSummary summary =
          topics.pollSummaries.valueSerde().deserializer().deserialize(topic, record.value());
      state.applyPollSummary(summary);
      summaries.accept(summary);
    } else if (topic.equals(topics.userEvents.name())) {
      state.applyUserEvent(
          topics.userEvents.valueSerde().deserializer().deserialize(topic, record.value()));
    } else if (topic.equals(topics.identityAlerts.name())) {
      state.applyIdentityAlert(
          topics.identityAlerts.valueSerde().deserializer().deserialize(topic, record.value()));
    }
  }

  @Override
  public CompletableFuture<Void> readToCurrentEnd() {
    return follower.readToCurrentEnd(topics.pollStatus);
  }

  @Override
  public OptionalLong last(String accountId) {
    return state.lastPollId(accountId);
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
