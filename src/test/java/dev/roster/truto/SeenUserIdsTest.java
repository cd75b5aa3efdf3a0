package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenUserIdsTest {

  @Test
  void anIdIsNewOnlyTheFirstTime() {
    SeenUserIds seen = new SeenUserIds();

    assertThat(seen.firstTime("u-1")).isTrue();
    assertThat(seen.firstTime("u-2")).isTrue();
    assertThat(seen.firstTime("u-1")).isFalse();
    assertThat(seen.firstTime("U-1")).as("ids are case-sensitive").isTrue();
  }

  @Test
  void manyDistinctIdsAreAllNewAndEachRepeatIsCaught() {
    SeenUserIds seen = new SeenUserIds();

    assertThat(IntStream.range(0, 200_000).filter(n -> !seen.firstTime("user-" + n)).count()).isZero();
    assertThat(IntStream.range(0, 200_000).filter(n -> seen.firstTime("user-" + n)).count()).isZero();
  }
}
