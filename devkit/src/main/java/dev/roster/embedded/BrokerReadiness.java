package dev.roster.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Waits until a broker answers a client the way the demo's clients will use it: over its advertised
 * listener, listing itself among the live brokers (a fenced broker is not listed).
 */
final class BrokerReadiness {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private BrokerReadiness() {}

  static void await(String bootstrapServers, int nodeId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000);
    try (Admin admin = Admin.create(config)) {
      while (!lists(admin, nodeId, deadline)) {
        if (System.nanoTime() >= deadline) {
          throw new IllegalStateException(
              "Kafka broker at " + bootstrapServers + " did not become ready within " + timeout);
        }
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
  }

  /** False while the broker is not up yet or not yet unfenced; throws on any other failure. */
  private static boolean lists(Admin admin, int nodeId, long deadline) throws InterruptedException {
    long remainingNanos = Math.max(0, deadline - System.nanoTime());
    try {
      Collection<Node> nodes =
          admin.describeCluster().nodes().get(remainingNanos, TimeUnit.NANOSECONDS);
      return nodes.stream().anyMatch(node -> node.id() == nodeId);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        return false;
      }
      throw new IllegalStateException("Kafka broker failed to describe its cluster", e.getCause());
    }
  }
}
