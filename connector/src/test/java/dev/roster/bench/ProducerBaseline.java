package dev.roster.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own ProducerPerformance (kafka-producer-perf-test), run in a JVM of its own as anyone
 * would run it, against the benchmark's broker: what a bare producer gets through this broker on
 * this machine. Producer settings are the tool's defaults unless {@code properties} say otherwise.
 */
final class ProducerBaseline {

  /** The tool's summary line. */
  record Result(
      long records,
      double recordsPerSecond,
      double mbPerSecond,
      double avgLatencyMs,
      String line) {}

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency");

  private ProducerBaseline() {}

  static Result run(
      String bootstrapServers, String topic, long records, int recordSize, List<String> properties)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--bootstrap-server",
                bootstrapServers,
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1"));
    if (!properties.isEmpty()) {
      command.add("--command-property");
      command.addAll(properties);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Result result = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher summary = SUMMARY.matcher(line);
        if (summary.find()) {
          result =
              new Result(
                  Long.parseLong(summary.group(1)),
                  Double.parseDouble(summary.group(2)),
                  Double.parseDouble(summary.group(3)),
                  Double.parseDouble(summary.group(4)),
                  line.trim());
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null || result.records() != records) {
      throw new IllegalStateException("ProducerPerformance exited " + exit + " with " + result);
    }
    return result;
  }
}
