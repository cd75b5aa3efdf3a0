package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenUserIdsTest {

  /**
   * Two ids with the same 64-bit FNV-1a hash, the unkeyed hash this class used to keep: found with
   * Pollard's rho over 11-character ids in a few CPU-minutes, as anyone able to name a user at a
   * vendor could. Under it the second would have hidden the first's owner as a "duplicate".
   */
  static final String FNV_TWIN_A = "LLwCZu4z3qH";

  static final String FNV_TWIN_B = "AuHH3scoLSF";

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

    assertThat(IntStream.range(0, 200_000).filter(n -> !seen.firstTime("user-" + n)).count())
        .isZero();
    assertThat(IntStream.range(0, 200_000).filter(n -> seen.firstTime("user-" + n)).count())
        .isZero();
  }

  @Test
  void idsCraftedToCollideUnderAnUnkeyedHashAreTwoUsers() {
    assertThat(fnv1a(FNV_TWIN_A)).as("the pair collides under FNV-1a").isEqualTo(fnv1a(FNV_TWIN_B));
    SeenUserIds seen = new SeenUserIds();

    assertThat(seen.firstTime(FNV_TWIN_A)).isTrue();
    assertThat(seen.firstTime(FNV_TWIN_B)).as("the crafted twin is a user of its own").isTrue();
    assertThat(seen.firstTime(FNV_TWIN_B))
        .as("and the same id twice is still a duplicate")
        .isFalse();
  }

  @Test
  void eachListingHashesUnderAKeyOfItsOwn() {
    // Equal hashes by chance: 2^-64. Equal because the key is shared or fixed: always.
    assertThat(new SeenUserIds().hash("u-1")).isNotEqualTo(new SeenUserIds().hash("u-1"));
  }

  private static long fnv1a(String id) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
