package dev.roster.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Roster's topics when they are missing and refuses to start on topics that would break its
 * guarantees: a users or status table that is not compacted would silently lose rows. Also tells
 * how many partitions topics have, for the checks that a count never changes under existing data.
 */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_SECONDS = 60;

  private TopicAdmin() {}

  /** Replication factor that lets the broker choose (its default.replication.factor). */
  public static final short BROKER_DEFAULT_REPLICATION = -1;

  public static void ensure(Admin admin, Collection<TopicSpec<?, ?>> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(topic -> !existing.contains(topic.name()))
              .map(
                  topic ->
                      new NewTopic(
                              topic.name(),
                              Optional.of(topic.partitions()),
                              Optional.of(topic.replication()))
                          .configs(topic.configs()))
              .toList();
      create(admin, missing);
      awaitListed(admin, missing.stream().map(NewTopic::name).toList());
      List<String> problems = new ArrayList<>();
      for (TopicSpec<?, ?> topic : topics) {
        if (topic.compacted() && existing.contains(topic.name())) {
          String policy = cleanupPolicy(admin, topic.name());
          // compact,delete would still expire old rows: only compaction alone keeps a table whole.
          if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
              || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            problems.add(
                "Topic '"
                    + topic.name()
                    + "' exists with cleanup.policy="
                    + policy
                    + " but must be compacted, or rows of the table "
                    + "would expire. Fix: kafka-configs.sh --bootstrap-server <broker> --alter --entity-type topics --entity-name "
                    + topic.name()
                    + " --add-config cleanup.policy=compact");
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(String.join("\n", problems));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking Roster's topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not check or create Roster's topics: " + rootMessage(e), e);
    }
  }

  /** The partition count of each of {@code names} that exists; missing topics are left out. */
  public static Map<String, Integer> partitionCounts(Admin admin, Collection<String> names) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<String> present = names.stream().filter(existing::contains).distinct().toList();
      Map<String, Integer> counts = new TreeMap<>();
      admin
          .describeTopics(present)
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .forEach((name, description) -> counts.put(name, description.partitions().size()));
      return counts;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while checking the partitions of Roster's topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not check the partitions of Roster's topics: " + rootMessage(e), e);
    }
  }

  private static void create(Admin admin, List<NewTopic> missing)
      throws InterruptedException, TimeoutException, ExecutionException {
    if (missing.isEmpty()) {
      return;
    }
    Map<String, org.apache.kafka.common.KafkaFuture<Void>> results =
        admin.createTopics(missing).values();
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        LOG.info("Created topic {}", result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Could not create topic '" + result.getKey() + "': " + rootMessage(e), e);
        }
      }
    }
  }

  /**
   * A topic just created may not be listed at once; what runs next (the partition checks, the
   * clients) needs it.
   */
  private static void awaitListed(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).containsAll(names)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "topics " + names + " created but not listed within " + TIMEOUT_SECONDS + " s");
      }
      Thread.sleep(100);
    }
  }

  private static String cleanupPolicy(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config =
        admin
            .describeConfigs(List.of(resource))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .get(resource);
    return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
