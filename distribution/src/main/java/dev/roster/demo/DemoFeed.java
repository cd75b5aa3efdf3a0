package dev.roster.demo;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.kafka.TopicFollower;
import dev.roster.topics.RosterTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The demo's live feed: every change event as one readable line (baselines as one line per
 * account), every identity alert a change caused as one line (those found in baselines as one line
 * per tenant, {@link AlertFeed}), and every {@code summaryEvery} a line of totals, open alerts and
 * the accounts that are failing. Reads committed records, like any consumer of Roster.
 */
final class DemoFeed implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final RosterTopics topics;
  private final Instant since;
  private final Duration summaryEvery;
  private final PrintWriter out;
  private final int partitions;
  private final Map<String, long[]> baselines = new HashMap<>();
  private final Map<String, IntegratedAccount> accounts = new TreeMap<>();
  private final Map<ChangeType, Long> totals = new EnumMap<>(ChangeType.class);
  private final Map<String, PollStatus> lastStatus = new TreeMap<>();
  private final AlertFeed alerts;
  private final TopicFollower follower;
  private Instant nextSummary;

  DemoFeed(
      RosterTopics topics,
      int partitions,
      Map<String, Object> kafkaClientProps,
      Instant since,
      Duration summaryEvery,
      PrintWriter out) {
    this.partitions = partitions;
    this.topics = topics;
    this.since = since;
    this.summaryEvery = summaryEvery;
    this.out = out;
    this.nextSummary = Instant.now().plus(summaryEvery);
    this.alerts = new AlertFeed(since);
    this.follower =
        new TopicFollower(
            "roster-demo-feed",
            List.of(
                topics.userEvents,
                topics.pollSummaries,
                topics.pollStatus,
                topics.accounts,
                topics.identityAlerts),
            kafkaClientProps,
            this::show,
            this::summaryWhenDue);
  }

  private void summaryWhenDue() {
    boolean due = Instant.now().isAfter(nextSummary);
    alerts.baselines(Instant.now(), due).forEach(this::print);
    if (due) {
      summary();
      nextSummary = Instant.now().plus(summaryEvery);
    }
  }

  private void show(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.accounts.name())) {
      String id = topics.accounts.keySerde().deserializer().deserialize(topic, record.key());
      if (record.value() == null) {
        accounts.remove(id);
      } else {
        accounts.put(
            id, topics.accounts.valueSerde().deserializer().deserialize(topic, record.value()));
      }
      return;
    }
    if (record.value() == null) {
      return;
    }
    boolean recent = !Instant.ofEpochMilli(record.timestamp()).isBefore(since);
    if (topic.equals(topics.identityAlerts.name())) {
      IdentityAlert alert =
          topics.identityAlerts.valueSerde().deserializer().deserialize(topic, record.value());
      alerts.accept(alert).forEach(this::print);
    } else if (topic.equals(topics.userEvents.name())) {
      UserChangeEvent event =
          topics.userEvents.valueSerde().deserializer().deserialize(topic, record.value());
      if (!event.getEmittedAt().isBefore(since)) {
        totals.merge(event.getType(), 1L, Long::sum);
        if (event.getType() != ChangeType.USER_DISCOVERED) {
          print(line(event));
        }
      }
    } else if (topic.equals(topics.pollSummaries.name())) {
      PollSummary summary =
          topics.pollSummaries.valueSerde().deserializer().deserialize(topic, record.value());
      if (recent) {
        baseline(summary);
      }
      if (summary.getGuardReason() != null && recent) {
        print(
            String.format(
                "%s  REMOVALS HELD   %-30s %s",
                now(),
                where(summary.getIntegration(), summary.getTenantId()),
                summary.getGuardReason()));
      }
    } else {
      PollStatus status =
          topics.pollStatus.valueSerde().deserializer().deserialize(topic, record.value());
      PollStatus previous = lastStatus.put(status.getIntegratedAccountId(), status);
      boolean newlyFailing =
          status.getOutcome() == PollOutcome.FAILED
              && (previous == null || previous.getOutcome() != PollOutcome.FAILED);
      if (newlyFailing && recent) {
        print(
            String.format(
                "%s  POLL FAILED     %-30s %s: %s",
                now(),
                where(status.getIntegration(), status.getTenantId()),
                status.getErrorCategory(),
                status.getMessage()));
      }
    }
  }

  /** A step of the simulator's scripted story, as a line of the feed (from any thread). */
  void story(String step) {
    print(String.format("%s  STORY           %s", now(), step));
  }

  /** One line per account baseline, once every partition's share of it is summarised. */
  private void baseline(PollSummary summary) {
    String key = summary.getIntegratedAccountId() + "#" + summary.getPollId();
    long[] seen = baselines.computeIfAbsent(key, k -> new long[2]);
    seen[0]++;
    seen[1] += summary.getDiscovered();
    if (seen[0] == partitions) {
      baselines.remove(key);
      if (seen[1] > 0) {
        print(
            String.format(
                "%s  BASELINE        %-30s %d users discovered",
                now(), where(summary.getIntegration(), summary.getTenantId()), seen[1]));
      }
    }
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  static String line(UserChangeEvent event) {
    User user = event.getAfter() != null ? event.getAfter() : event.getBefore();
    String who =
        user.getName() != null
            ? user.getName()
            : user.getUsername() != null ? user.getUsername() : "";
    String status =
        event.getType() == ChangeType.USER_STATUS_CHANGED
            ? "  " + event.getPreviousStatus() + " → " + event.getStatus()
            : event.getStatus() == null ? "" : "  (" + event.getStatus() + ")";
    String fields = event.getChangedFields().isEmpty() ? "" : "  " + event.getChangedFields();
    return String.format(
        "%s  %-15s %-28s %s %s%s%s",
        TIME.format(LocalTime.ofInstant(event.getEmittedAt(), ZoneId.systemDefault())),
        event.getType().name().replace("USER_", ""),
        where(event.getIntegration(), event.getTenantId()),
        event.getUserId(),
        who,
        status,
        fields);
  }

  private void summary() {
    String counts =
        totals.entrySet().stream()
            .map(e -> e.getKey().name().replace("USER_", "").toLowerCase() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    List<PollStatus> failing =
        lastStatus.values().stream().filter(s -> s.getOutcome() == PollOutcome.FAILED).toList();
    long polledOk =
        lastStatus.values().stream().filter(s -> s.getOutcome() == PollOutcome.COMPLETED).count();
    List<IntegratedAccount> waiting =
        accounts.values().stream().filter(a -> !a.getEnabled()).toList();
    print(
        String.format(
            "──── %s  events since start: %s · open alerts: %s · accounts: %d polled ok, %d failing%s, %d not polled%s",
            now(),
            counts.isEmpty() ? "none yet" : counts,
            alerts.openCounts(),
            polledOk,
            failing.size(),
            failing.isEmpty()
                ? ""
                : " ("
                    + failing.stream()
                        .map(s -> s.getIntegratedAccountId() + ": " + s.getErrorCategory())
                        .collect(Collectors.joining(", "))
                    + ")",
            waiting.size(),
            waiting.isEmpty()
                ? ""
                : " ("
                    + waiting.stream()
                        .map(
                            a ->
                                a.getId()
                                    + ": "
                                    + (a.getStatus() == null ? "disabled" : a.getStatus()))
                        .collect(Collectors.joining(", "))
                    + ")"));
  }

  private static String where(String integration, String tenant) {
    return integration + "/" + tenant;
  }

  private static String now() {
    return TIME.format(LocalTime.now());
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
