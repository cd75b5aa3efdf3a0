package dev.roster.cli;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Used heap after full collections over a run, and whether it stayed flat: the median of the second
 * half against the median of the first. Medians, because one sample taken while a batch of records
 * was in flight must not decide; halves, because a leak grows with time and noise does not.
 */
record HeapSamples(List<Sample> samples) {

  record Sample(Instant at, long usedBytes) {}

  HeapSamples {
    samples = List.copyOf(samples);
  }

  /**
   * Parses the {@link MeasuredRosterProcess#HEAP_LINE} lines among {@code lines}, keeping those
   * within [from, to].
   */
  static HeapSamples parse(List<String> lines, Instant from, Instant to) {
    return new HeapSamples(
        lines.stream()
            .filter(line -> line.startsWith(MeasuredRosterProcess.HEAP_LINE + " "))
            .map(line -> line.split(" "))
            .map(f -> new Sample(Instant.ofEpochMilli(Long.parseLong(f[1])), Long.parseLong(f[2])))
            .filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to))
            .toList());
  }

  long firstHalfMedian() {
    return median(samples.subList(0, samples.size() / 2));
  }

  long secondHalfMedian() {
    return median(samples.subList(samples.size() / 2, samples.size()));
  }

  /**
   * The least the second half held: what stays between bursts of work that each hold memory for a
   * while (a page being read when a collection ran). Such bursts lift a median when they are
   * frequent; a leak lifts this floor too.
   */
  long secondHalfLowest() {
    return samples.subList(samples.size() / 2, samples.size()).stream()
        .mapToLong(Sample::usedBytes)
        .min()
        .orElseThrow();
  }

  /** How much the second half holds more than the first; negative when it holds less. */
  long growth() {
    return secondHalfMedian() - firstHalfMedian();
  }

  /** The samples in MB, for the test log. */
  String describe() {
    return samples.stream()
        .map(s -> String.format("%.1f", s.usedBytes() / 1048576.0))
        .collect(Collectors.joining(" ", "[", "] MB"));
  }

  private static long median(List<Sample> half) {
    List<Long> sorted = half.stream().map(Sample::usedBytes).sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
