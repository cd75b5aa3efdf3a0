package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.LogCapture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PollIdsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final long NOW_MS = NOW.toEpochMilli();
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theRuleTakesTheClockUnlessTheLastIdIsNotBehindIt() {
    assertThat(PollIds.nextId(NOW_MS, OptionalLong.of(NOW_MS + HOUR_MS)))
        .as("clock behind the last id")
        .isEqualTo(NOW_MS + HOUR_MS + 1);
    assertThat(PollIds.nextId(NOW_MS, OptionalLong.of(NOW_MS)))
        .as("clock equal to the last id")
        .isEqualTo(NOW_MS + 1);
    assertThat(PollIds.nextId(NOW_MS, OptionalLong.of(NOW_MS - HOUR_MS)))
        .as("clock ahead of the last id")
        .isEqualTo(NOW_MS);
    assertThat(PollIds.nextId(NOW_MS, OptionalLong.empty()))
        .as("an unknown account")
        .isEqualTo(NOW_MS);
  }

  @Test
  void aClockAnHourBehindContinuesFromTheRecordedIdAndStillIncreases() throws InterruptedException {
    FakeRecordedPollIds recorded = new FakeRecordedPollIds().read("a", NOW_MS + HOUR_MS);
    PollIds ids = new PollIds(Clock.fixed(NOW, ZoneOffset.UTC), recorded, WAIT);

    assertThat(ids.next("a")).isEqualTo(NOW_MS + HOUR_MS + 1);
    assertThat(ids.next("a")).isEqualTo(NOW_MS + HOUR_MS + 2);
    assertThat(ids.next("unknown")).isEqualTo(NOW_MS);
    assertThat(ids.next("unknown"))
        .as("a clock that does not move still gives a new id")
        .isEqualTo(NOW_MS + 1);
  }

  @Test
  void theFirstIdWaitsUntilTheStatusesWrittenBeforeItAreRead() throws InterruptedException {
    FakeRecordedPollIds recorded =
        new FakeRecordedPollIds().unread("a", NOW_MS + HOUR_MS).laggingBy(Duration.ofMillis(300));
    PollIds ids = new PollIds(Clock.fixed(NOW, ZoneOffset.UTC), recorded, WAIT);

    assertThat(ids.next("a")).isEqualTo(NOW_MS + HOUR_MS + 1);
    ids.next("a");
    assertThat(recorded.catchUps()).as("only the first id of an account waits").isEqualTo(1);
  }

  @Test
  void anAccountThatLeftAndCameBackContinuesFromWhatItsOtherOwnerRecorded()
      throws InterruptedException {
    FakeRecordedPollIds recorded = new FakeRecordedPollIds();
    PollIds ids = new PollIds(Clock.fixed(NOW, ZoneOffset.UTC), recorded, WAIT);
    assertThat(ids.next("a")).isEqualTo(NOW_MS);

    ids.released("a");
    recorded.read("a", NOW_MS + HOUR_MS); // polled meanwhile by an instance whose clock is ahead

    assertThat(ids.next("a")).isEqualTo(NOW_MS + HOUR_MS + 1);
    assertThat(recorded.catchUps()).isEqualTo(2);
  }

  @Test
  void givingUpOnTheWaitUsesWhatWasReadAndSaysWhyThatMayNotBeSafe() throws InterruptedException {
    FakeRecordedPollIds recorded =
        new FakeRecordedPollIds()
            .read("a", NOW_MS + 5)
            .unread("a", NOW_MS + HOUR_MS)
            .neverCatchingUp();
    PollIds ids = new PollIds(Clock.fixed(NOW, ZoneOffset.UTC), recorded, Duration.ofMillis(200));

    try (LogCapture log = new LogCapture()) {
      assertThat(ids.next("a")).isEqualTo(NOW_MS + 6);

      assertThat(log.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("WARN")
                      .contains("Account a")
                      .contains("the last id read, " + (NOW_MS + 5))
                      .contains("not read within PT0.2S")
                      .contains(
                          "the detector ignores this account's polls until this clock passes that poll id"));
    }
  }
}
