package dev.roster.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps written on one line, as {@code github=2,okta=4}. */
public final class KeyValuePairs {

  private KeyValuePairs() {}

  /**
   * Parses {@code key=value} pairs separated by commas; blank text is the empty map. Keys and
   * values are trimmed and must not be empty, and no key may appear twice.
   *
   * @return an unmodifiable map in the order written
   * @throws IllegalArgumentException naming the bad pair
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    for (String pair : text.split(",", -1)) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? "" : pair.substring(0, equals).trim();
      String value = equals < 0 ? "" : pair.substring(equals + 1).trim();
      if (key.isEmpty() || value.isEmpty()) {
        throw new IllegalArgumentException(
            "'" + pair.trim() + "' is not a key=value pair (write key=value,key=value)");
      }
      if (pairs.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("'" + key + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(pairs);
  }
}
