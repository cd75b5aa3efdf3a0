package dev.roster.config;

import dev.roster.registry.RegistryClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@link TextRule}s of Roster's configuration keys. */
final class Validators {

  // Kafka's legal topic name characters: the prefix and the application id both end up in topic
  // names.
  private static final Pattern TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

  private Validators() {}

  static TextRule positiveDuration() {
    return new TextRule(
        "duration", "a positive duration: " + Durations.FORMS, Validators::checkPositiveDuration);
  }

  static TextRule duration() {
    return new TextRule(
        "duration", "a duration, zero for none: " + Durations.FORMS, Durations::parse);
  }

  static TextRule regex() {
    return new TextRule(
        "regex",
        "a Java regular expression",
        text -> {
          try {
            java.util.regex.Pattern.compile(text);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                "'" + text + "' is not a regular expression: " + e.getDescription());
          }
        });
  }

  static TextRule durationMap() {
    return new TextRule(
        "map",
        "integration=duration pairs, comma-separated (okta=5m,github=1h)",
        text -> KeyValuePairs.parse(text).values().forEach(Validators::checkPositiveDuration));
  }

  static TextRule positiveIntMap() {
    return new TextRule(
        "map",
        "integration=number pairs, comma-separated (github=2,okta=4)",
        text -> KeyValuePairs.parse(text).values().forEach(Validators::positiveInt));
  }

  /**
   * An http(s) URL with a host; {@code credentialsBelongIn} says where credentials go instead of
   * into it.
   */
  static TextRule httpUrl(String credentialsBelongIn) {
    return new TextRule(
        "url",
        "an http:// or https:// URL, without credentials",
        text -> checkHttpUrl(text, credentialsBelongIn));
  }

  static TextRule registryUrls() {
    return new TextRule(
        "list",
        "one or more http:// or https:// URLs, comma-separated, without credentials",
        RegistryClientConfig::of);
  }

  /**
   * Kafka's clients would take {@code user:password@host:9092}, drop the credentials and print them
   * with their configuration, so they are refused here.
   */
  static TextRule bootstrapServers(String credentialsBelongIn) {
    return new TextRule(
        "list",
        "host:port pairs, comma-separated, without credentials",
        text -> {
          List<String> entries = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
          if (entries.stream().anyMatch(entry -> entry.contains("@"))) {
            throw new IllegalArgumentException(
                "must not carry credentials (user:password@): they would be logged with the"
                    + " client configuration; give them as "
                    + credentialsBelongIn);
          }
          if (entries.equals(List.of(""))) {
            throw new IllegalArgumentException("must name at least one broker");
          }
          if (entries.contains("")) {
            throw new IllegalArgumentException("has an empty entry");
          }
          Set<String> seen = new HashSet<>();
          entries.stream()
              .filter(entry -> !seen.add(entry))
              .findFirst()
              .ifPresent(
                  twice -> {
                    throw new IllegalArgumentException("names " + twice + " twice");
                  });
        });
  }

  static TextRule userInfo() {
    return new TextRule(
        "password",
        "user:secret",
        text -> {
          if (!text.isBlank() && !text.contains(":")) {
            throw new IllegalArgumentException("must have the form user:secret");
          }
        });
  }

  static TextRule topicCharacters(boolean emptyAllowed) {
    return new TextRule(
        "string",
        (emptyAllowed ? "" : "non-empty, ")
            + "letters, digits, '.', '_' and '-' (legal in Kafka topic names)",
        text -> {
          if (text.isEmpty() && !emptyAllowed) {
            throw new IllegalArgumentException("must not be empty");
          }
          if (!TOPIC_CHARACTERS.matcher(text).matches()) {
            throw new IllegalArgumentException(
                "may only contain letters, digits, '.', '_' and '-', because it is part of Kafka topic names");
          }
        });
  }

  static int positiveInt(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a positive whole number");
  }

  private static void checkPositiveDuration(String text) {
    if (Durations.parse(text).isZero()) {
      throw new IllegalArgumentException(
          "'" + text.trim() + "' is zero; a positive duration is needed");
    }
  }

  private static void checkHttpUrl(String text, String credentialsBelongIn) {
    try {
      URI uri = new URI(text);
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "must not carry credentials (user:password@): a URL is shown in logs, errors"
                + " and on the status page; give them as "
                + credentialsBelongIn);
      }
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
  }
}
