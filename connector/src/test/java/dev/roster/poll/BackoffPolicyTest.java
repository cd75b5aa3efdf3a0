package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  static final Duration INTERVAL = Duration.ofMinutes(15);
  static final PollFailure UPSTREAM =
      new PollFailure(ErrorCategory.UPSTREAM, Optional.empty(), false);

  @Test
  void transientFailuresSpreadAroundTheExponentialRestWithinTheJitter() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5), 0.2);

    List<Duration> rests =
        DoubleStream.of(0, 0.25, 0.5, 0.75, 0.999)
            .mapToObj(random -> policy.delay(UPSTREAM, 3, INTERVAL, random))
            .toList();

    assertThat(rests)
        .allSatisfy(
            rest -> assertThat(rest).isBetween(Duration.ofSeconds(96), Duration.ofSeconds(144)));
    assertThat(rests).first().isEqualTo(Duration.ofSeconds(96));
    assertThat(rests)
        .element(2)
        .as("the middle of the spread is the exponential rest")
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(rests).doesNotHaveDuplicates();
  }

  @Test
  void aRateLimitedPollWaitsAtLeastWhatTrutoSaidPlusAtMostTheJitter() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5), 0.2);
    PollFailure told =
        new PollFailure(ErrorCategory.RATE_LIMITED, Optional.of(Duration.ofSeconds(10)), false);

    assertThat(policy.delay(told, 1, INTERVAL, 0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delay(told, 1, INTERVAL, 0.5)).isEqualTo(Duration.ofSeconds(11));
    assertThat(policy.delay(told, 1, INTERVAL, 0.999))
        .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
    assertThat(
            policy.delay(
                new PollFailure(ErrorCategory.RATE_LIMITED, Optional.empty(), false),
                1,
                INTERVAL,
                0))
        .as("not told: one interval")
        .isEqualTo(INTERVAL);
  }

  @Test
  void brokenAccountsAndARefusedTokenWaitTheirFixedRecheck() {
    BackoffPolicy policy =
        new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5), 0.2);

    assertThat(
            policy.delay(
                new PollFailure(ErrorCategory.AUTH, Optional.empty(), false), 1, INTERVAL, 0.7))
        .isEqualTo(Duration.ofHours(6));
    assertThat(
            policy.delay(
                new PollFailure(ErrorCategory.AUTH, Optional.empty(), true), 1, INTERVAL, 0.7))
        .isEqualTo(Duration.ofMinutes(5));
  }
}
