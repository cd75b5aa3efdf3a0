package dev.roster.app;

import dev.roster.registry.SchemaRegistryException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work against a schema registry that may not be up yet: restarted together with the
 * cluster, or down for maintenance while an instance (re)starts. Like the Kafka clients with their
 * brokers, Roster waits rather than crash-looping: the work is retried with exponential backoff
 * while the registry is unreachable or answers 5xx, for at most {@code maxWait} (plus one backoff),
 * with a log line per wait. A refusal (a 4xx: bad credentials, an incompatible schema) fails at
 * once, because waiting cannot fix it.
 */
final class RegistryStartup {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStartup.class);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

  private final Duration maxWait;
  private final Duration firstBackoff;
  private final Duration maxBackoff;

  RegistryStartup(Duration maxWait) {
    this(maxWait, FIRST_BACKOFF, MAX_BACKOFF);
  }

  RegistryStartup(Duration maxWait, Duration firstBackoff, Duration maxBackoff) {
    this.maxWait = maxWait;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Runs {@code work}, again after each transient registry failure until {@code maxWait} has
   * passed.
   *
   * @throws SchemaRegistryException the last failure, when it is not transient or the wait is over
   */
  void run(String purpose, Runnable work) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    Retry retry =
        Retry.of(
            "schema-registry-startup",
            RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(firstBackoff, 2.0, maxBackoff))
                .retryOnException(
                    e ->
                        e instanceof SchemaRegistryException failure
                            && failure.isTransient()
                            && System.nanoTime() < deadline)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            event ->
                LOG.warn(
                    "Cannot {} yet: {}. Trying again in {} ms (attempt {}; waiting up to {} in all)",
                    purpose,
                    event.getLastThrowable().getMessage(),
                    event.getWaitInterval().toMillis(),
                    event.getNumberOfRetryAttempts() + 1,
                    maxWait));
    retry
        .getEventPublisher()
        .onSuccess(
            event ->
                LOG.info(
                    "The schema registry answered after {} attempts; {} done",
                    event.getNumberOfRetryAttempts() + 1,
                    purpose));
    retry.executeRunnable(work);
  }
}
