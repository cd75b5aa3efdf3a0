package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSamplesTest {

  private static final String MB = "000000";

  @Test
  void keepsTheHeapLinesWithinTheWindowAndComparesTheMediansOfItsHalves() {
    List<String> lines =
        List.of(
            "12:00:00 INFO something else",
            "HEAP_AFTER_GC 1000 99" + MB, // before the window
            "HEAP_AFTER_GC 2000 10" + MB,
            "HEAP_AFTER_GC 3000 50" + MB, // an outlier the median ignores
            "HEAP_AFTER_GC 4000 12" + MB,
            "HEAP_AFTER_GC 5000 20" + MB,
            "HEAP_AFTER_GC 6000 21" + MB,
            "HEAP_AFTER_GC 7000 22" + MB,
            "HEAP_AFTER_GC 9000 99" + MB); // after it
    HeapSamples heap =
        HeapSamples.parse(lines, Instant.ofEpochMilli(2000), Instant.ofEpochMilli(7000));

    assertThat(heap.samples()).hasSize(6);
    assertThat(heap.firstHalfMedian()).isEqualTo(12_000_000);
    assertThat(heap.secondHalfMedian()).isEqualTo(21_000_000);
    assertThat(heap.growth()).isEqualTo(9_000_000);
    assertThat(heap.secondHalfLowest()).isEqualTo(20_000_000);
  }

  @Test
  void anEvenHalfTakesTheMeanOfItsMiddleTwo() {
    HeapSamples heap =
        HeapSamples.parse(
            List.of(
                "HEAP_AFTER_GC 1 10",
                "HEAP_AFTER_GC 2 20",
                "HEAP_AFTER_GC 3 30",
                "HEAP_AFTER_GC 4 50"),
            Instant.EPOCH,
            Instant.ofEpochMilli(10));

    assertThat(heap.firstHalfMedian()).isEqualTo(15);
    assertThat(heap.secondHalfMedian()).isEqualTo(40);
  }
}
