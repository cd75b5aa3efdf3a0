package dev.roster.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kafka.tools.StorageTool;

/**
 * Formats a KRaft log dir the way {@code kafka-storage.sh format} does, once: a formatted dir holds
 * the cluster's data, and formatting it again would throw that data away or fail.
 */
final class StorageFormat {

  /**
   * The cluster id of every embedded broker: fixed, so the id in an existing dir always matches the
   * one the broker is started with. It reads "roster-demo-clus" in base64url, the 16 bytes of a
   * Kafka UUID.
   */
  static final String CLUSTER_ID = "cm9zdGVyLWRlbW8tY2x1cw";

  private StorageFormat() {}

  /** Returns whether it formatted {@code logDir}: false when the dir already holds a cluster. */
  static boolean formatUnlessFormatted(Path logDir, Path serverProperties) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return false;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode =
          StorageTool.execute(
              new String[] {"format", "-t", CLUSTER_ID, "-c", serverProperties.toString()}, out);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "Could not format "
              + logDir
              + " (exit code "
              + exitCode
              + "): "
              + output.toString(StandardCharsets.UTF_8).strip());
    }
    return true;
  }
}
