package dev.roster.detect;

import static dev.roster.detect.DetectorTopologyTest.replace;
import static dev.roster.detect.DetectorTopologyTest.user;
import static dev.roster.detect.DetectorTopologyTest.users;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.User;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An observation the detector fails to process (a bug, a registry call that fails) is logged and
 * skipped by the processing-exception handler. The poll's completion must not take the skipped user
 * for missing (a false removal), and the change it carried must come with the next poll.
 */
class DetectorProcessingErrorTest {

  /**
   * A fixed clock that throws while broken: building a change event then fails, mid-observation.
   * While only its milliseconds are broken, forwarding a record fails instead, after the event was
   * built.
   */
  static final class BreakableClock extends Clock {
    volatile boolean broken;
    volatile boolean millisBroken;

    @Override
    public Instant instant() {
      if (broken) {
        throw new IllegalStateException("clock broken by the test");
      }
      return DetectorHarness.START;
    }

    @Override
    public long millis() {
      if (millisBroken) {
        throw new IllegalStateException("clock millis broken by the test");
      }
      return DetectorHarness.START.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /**
   * Where processing the observation breaks: building the change event, or forwarding it, after it
   * was built.
   */
  enum Failure {
    BUILDING_THE_EVENT,
    FORWARDING_A_RECORD
  }

  /**
   * The failed observation raises nothing and removes nothing; the next poll reports the change
   * against the user as last published. A forward that failed must leave no store ahead of what was
   * published.
   */
  @ParameterizedTest
  @EnumSource(Failure.class)
  void aUserWhoseObservationFailedIsNotRemovedAndItsChangeComesWithTheNextPoll(Failure failure) {
    BreakableClock clock = new BreakableClock();
    try (DetectorHarness detector = new DetectorHarness(DetectorSettings.defaults(), clock)) {
      List<User> baseline = users(5);
      detector.poll(1, baseline);
      detector.drainEvents();

      User promoted = User.newBuilder(user(3)).setTitle("Director").build();
      List<User> changed = replace(baseline, promoted);
      clock.broken = failure == Failure.BUILDING_THE_EVENT;
      clock.millisBroken = failure == Failure.FORWARDING_A_RECORD;
      detector.observe(2, List.of(promoted));
      clock.broken = false;
      clock.millisBroken = false;
      detector.observe(2, changed.stream().filter(u -> u != promoted).toList());
      detector.complete(2, 5);

      assertThat(detector.drainEvents())
          .as("poll 2: the failed observation raises nothing, and removes nothing")
          .isEmpty();

      detector.poll(3, changed);
      assertThat(detector.drainEvents())
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getType()).isEqualTo(ChangeType.USER_UPDATED);
                assertThat(event.getUserId()).isEqualTo(promoted.getId());
                assertThat(event.getBefore().getTitle()).isEqualTo("Engineer");
                assertThat(event.getAfter().getTitle()).isEqualTo("Director");
              });
    }
  }
}
