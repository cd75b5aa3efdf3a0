package dev.roster.detect;

import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What start-up checks before the change detector runs (README.md, "Changing the number of
 * partitions").
 *
 * <p>A user's partition is a hash of its ids over the partition count ({@code UserPartitioner}), so
 * the detector's state holds each user on the task of one partition of roster.observations.
 * Start-up refuses to run when that layout no longer holds: roster.observations has another
 * partition count than the state's changelog topics (Kafka Streams makes them with the count of
 * their input, so they record what the state was built with); roster.users or roster.user-events
 * has another count than roster.observations (Roster creates all three alike, so a difference means
 * partitions were added to one of them); or the state was built by an older Roster that placed
 * users by their serialized key (its changelogs lack the tallies store's, which came with stable
 * partitioning). Changelogs rather than a record of our own: they exist exactly when the state
 * does, go when it is reset, and cannot disagree with it.
 *
 * <p>It also reports loudly what the detector lost while it was away: observations deleted by
 * retention before it read them. Those polls then remove nobody on the partitions concerned (their
 * markers' counts do not match), so this is a report, not a refusal.
 */
public final class DetectorPreflight {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorPreflight.class);
  private static final long TIMEOUT_SECONDS = 60;
  private static final String MIGRATE =
      "See README.md, \"Changing the number of partitions\", for how to migrate.";

  private DetectorPreflight() {}

  /**
   * Refuses a partition layout that would move users, then reports unread observations that
   * retention deleted.
   *
   * @throws IllegalStateException naming each problem and how to migrate
   */
  public static void run(Admin admin, RosterTopics topics, String applicationId) {
    List<String> problems = layoutProblems(admin, topics, applicationId);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
    reportUnreadDeletions(admin, topics.observations.name(), applicationId);
  }

  private static List<String> layoutProblems(
      Admin admin, RosterTopics topics, String applicationId) {
    // People are placed like users, by a hash of their ids over the same count.
    List<String> byUser =
        List.of(
            topics.observations.name(),
            topics.users.name(),
            topics.userEvents.name(),
            topics.identityChanges.name(),
            topics.identities.name(),
            topics.identityAlerts.name());
    List<String> names = new ArrayList<>(DetectorTopology.changelogTopics(applicationId));
    names.addAll(byUser);
    return layoutProblems(TopicAdmin.partitionCounts(admin, names), byUser, applicationId);
  }

  /**
   * What is wrong with the partition counts of existing topics, one line each.
   *
   * @param byUser the topics users are placed on, roster.observations first; all exist
   */
  static List<String> layoutProblems(
      Map<String, Integer> counts, List<String> byUser, String applicationId) {
    List<String> absent = byUser.stream().filter(topic -> !counts.containsKey(topic)).toList();
    if (!absent.isEmpty()) {
      return List.of(
          "Topics "
              + absent
              + " do not exist: Roster creates them at start-up, so something deleted them meanwhile.");
    }
    String observations = byUser.get(0);
    int partitions = counts.get(observations);
    List<String> problems = new ArrayList<>();
    for (String topic : byUser) {
      if (counts.get(topic) != partitions) {
        problems.add(
            "Topic '"
                + topic
                + "' has "
                + counts.get(topic)
                + " partitions but '"
                + observations
                + "' has "
                + partitions
                + ": a user's partition depends on the partition count, so these topics must keep the count they were created with. "
                + MIGRATE);
      }
    }
    List<String> builtOn =
        DetectorTopology.changelogTopics(applicationId).stream()
            .filter(counts::containsKey)
            .filter(changelog -> counts.get(changelog) != partitions)
            .toList();
    if (!builtOn.isEmpty()) {
      problems.add(
          "The change detector's state (application.id '"
              + applicationId
              + "', topic '"
              + builtOn.get(0)
              + "') was built on "
              + counts.get(builtOn.get(0))
              + " partitions of '"
              + observations
              + "', which now has "
              + partitions
              + ": every user whose partition changed would be reported removed, and created again. "
              + MIGRATE);
    }
    String tallies = DetectorTopology.changelogTopic(applicationId, DetectorTopology.TALLIES_STORE);
    String seen = DetectorTopology.changelogTopic(applicationId, DetectorTopology.SEEN_STORE);
    if (counts.containsKey(seen) && !counts.containsKey(tallies)) {
      problems.add(
          "The change detector's state (application.id '"
              + applicationId
              + "') was built by an older Roster, which placed "
              + "users on partitions by their serialized key (it has '"
              + seen
              + "' but no '"
              + tallies
              + "'). This version places them by "
              + "account and user id, which moves most users to another partition: they would be reported removed, and created again. "
              + MIGRATE);
    }
    return problems;
  }

  /**
   * Logs an error for each partition of {@code topic} whose records the detector's group had not
   * read when retention deleted them: its committed offset is below the log start.
   */
  static void reportUnreadDeletions(Admin admin, String topic, String applicationId) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .entrySet()
              .stream()
              .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      if (committed.isEmpty()) {
        return; // a detector that never ran: it reads from the start, and its first polls' markers
        // say what it missed
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
          admin
              .listOffsets(
                  committed.keySet().stream()
                      .collect(
                          Collectors.toMap(
                              partition -> partition, partition -> OffsetSpec.earliest())))
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      committed.forEach(
          (partition, offset) -> {
            long logStart = starts.get(partition).offset();
            if (offset.offset() < logStart) {
              LOG.error(
                  "{} partition {}: {} records (observations and poll markers) were deleted by retention (topics.observations.retention) "
                      + "before the change detector (application.id '{}') read them: it had read up to offset {} and the partition now starts "
                      + "at {}. Polls that lost observations remove nobody on this partition (their poll summaries say why); each account's "
                      + "next complete poll reads its users again. Keep the detector's downtime below the retention, or raise it.",
                  topic,
                  partition.partition(),
                  logStart - offset.offset(),
                  applicationId,
                  offset.offset(),
                  logStart);
            }
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Could not check whether retention deleted observations the change detector had not read: {}",
          e.getMessage());
    }
  }
}
