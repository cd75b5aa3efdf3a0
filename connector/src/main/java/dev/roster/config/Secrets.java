package dev.roster.config;

import dev.roster.topics.KafkaClientSecrets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How secrets are kept out of what the configuration prints: its toString() and its problems. */
final class Secrets {

  static final String HIDDEN = KafkaClientSecrets.HIDDEN;

  private Secrets() {}

  /**
   * {@code text}, a URL or a comma-separated list of URLs or host:port pairs, with anything that
   * could be credentials ({@code user:password@}) hidden: for showing a value that was refused for
   * carrying them.
   */
  static String withoutUserInfo(String text) {
    return Arrays.stream(text.split(",", -1))
        .map(Secrets::entryWithoutUserInfo)
        .collect(Collectors.joining(","));
  }

  private static String entryWithoutUserInfo(String entry) {
    int at = entry.lastIndexOf('@');
    if (at < 0) {
      return entry;
    }
    int scheme = entry.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return entry.substring(0, start) + HIDDEN + entry.substring(at);
  }
}
