package dev.roster.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the JVM and the OS say about this process: heap, resident memory, CPU time. */
final class BenchProbe {

  private BenchProbe() {}

  /**
   * Forgets earlier peaks, after a GC, so the next {@link #peakHeapBytes()} covers what follows.
   */
  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /**
   * Sum of the heap pools' peaks since {@link #resetPeaks()}: garbage included, so bounded by -Xmx.
   */
  static long peakHeapBytes() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  /**
   * Heap still in use after the last collection of each pool: the live data, which is what grows if
   * something is kept per user.
   */
  static long heapAfterLastGcBytes() {
    return heapPools().stream()
        .map(MemoryPoolMXBean::getCollectionUsage)
        .filter(usage -> usage != null)
        .mapToLong(MemoryUsage::getUsed)
        .sum();
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  /** CPU time of the whole process (every thread: Roster, and whatever else runs in this JVM). */
  static double processCpuSeconds() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /**
   * CPU nanoseconds of every live thread of this JVM, summed by what the thread is (its name
   * without numbers, ids and what follows a '|'): the poll pool, the stream thread, the broker's
   * request handlers, the producers' network threads. A thread that ended since is missing.
   */
  static java.util.Map<String, Long> cpuNanosByThreadKind() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        byKind.merge(threadKind(info.getThreadName()), nanos, Long::sum);
      }
    }
    return byKind;
  }

  /**
   * What each kind of thread spent between two {@link #cpuNanosByThreadKind} snapshots, largest
   * first, per 100,000 {@code units}, as "kind s" pairs.
   */
  static String cpuSpentByThreadKind(
      java.util.Map<String, Long> before, java.util.Map<String, Long> after, long units) {
    return after.entrySet().stream()
        .map(
            e ->
                java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue() / 1e9 * 100_000 / units))
        .collect(java.util.stream.Collectors.joining("; "));
  }

  private static String threadKind(String name) {
    int bar = name.indexOf('|');
    String kind = bar >= 0 ? name.substring(0, bar) : name;
    return kind.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "")
        .replaceAll("[0-9]+", "")
        .replaceAll("-+", "-")
        .replaceAll("^-|-$", "")
        .trim();
  }

  /** Resident set size now ({@code VmRSS}) in bytes, or -1 where /proc is missing. */
  static long rssBytes() {
    return procStatusKb("VmRSS:") * 1024;
  }

  /**
   * Peak resident set size of the process's life ({@code VmHWM}) in bytes, or -1 where /proc is
   * missing.
   */
  static long peakRssBytes() {
    return procStatusKb("VmHWM:") * 1024;
  }

  /** The 1, 5 and 15 minute load averages: on a shared machine, how much else was running. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1e6);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say so with -1 rather than fail the run
    }
    return -1;
  }
}
