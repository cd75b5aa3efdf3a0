package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenShareTest {

  static final RequestBudget TRUTO = new RequestBudget(500, Duration.ofSeconds(10));

  @Test
  void anInstanceTakesTheShareOfThePartitionsItOwnsRoundedDown() {
    assertThat(TokenShare.requests(TRUTO, 6, 6)).isEqualTo(500);
    assertThat(TokenShare.requests(TRUTO, 2, 6)).isEqualTo(166);
    assertThat(TokenShare.requests(TRUTO, 3, 6)).isEqualTo(250);
    assertThat(TokenShare.requests(TRUTO, 0, 6)).as("owns nothing, sends nothing").isZero();
  }

  @Property
  void theSharesOfInstancesThatSplitThePartitionsNeverAddUpToMoreThanTheBudget(
      @ForAll @IntRange(min = 1, max = 10_000) int requests,
      @ForAll @IntRange(min = 1, max = 64) int partitions,
      @ForAll @IntRange(min = 1, max = 8) int instances) {
    RequestBudget budget = new RequestBudget(requests, Duration.ofSeconds(10));
    List<Integer> owned =
        java.util.stream.IntStream.range(0, instances)
            .mapToObj(i -> partitions / instances + (i < partitions % instances ? 1 : 0))
            .toList();

    int sum =
        owned.stream().mapToInt(count -> TokenShare.requests(budget, count, partitions)).sum();

    assertThat(sum).isLessThanOrEqualTo(requests).isGreaterThan(requests - instances - 1);
  }

  @Test
  void ownershipOutsideThePartitionsIsRefused() {
    assertThatThrownBy(() -> TokenShare.requests(TRUTO, 7, 6))
        .hasMessageContaining("between 0 and 6");
    assertThatThrownBy(() -> TokenShare.requests(TRUTO, 0, 0))
        .hasMessageContaining("at least one partition");
  }
}
