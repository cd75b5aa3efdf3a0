package dev.roster.config;

import dev.roster.registry.RegistryClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** The {@link TextRule}s of Roster's configuration keys. */
final class Validators {

  // Kafka's legal topic name characters: the prefix and the application id both end up in topic names.
  private static final Pattern TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

  private Validators() {}

  static TextRule positiveDuration() {
    return new TextRule("duration", "a positive duration: " + Durations.FORMS, Validators::checkPositiveDuration);
  }

  static TextRule durationMap() {
    return new TextRule(
        "map", "integration=duration pairs, comma-separated (okta=5m,github=1h)",
        text -> KeyValuePairs.parse(text).values().forEach(Validators::checkPositiveDuration));
  }

  static TextRule positiveIntMap() {
    return new TextRule(
        "map", "integration=number pairs, comma-separated (github=2,okta=4)",
        text -> KeyValuePairs.parse(text).values().forEach(Validators::positiveInt));
  }

  static TextRule httpUrl() {
    return new TextRule("url", "an http:// or https:// URL", Validators::checkHttpUrl);
  }

  static TextRule registryUrls() {
    return new TextRule(
        "list", "one or more http:// or https:// URLs, comma-separated", RegistryClientConfig::of);
  }

  static TextRule userInfo() {
    return new TextRule(
        "password", "user:secret",
        text -> {
          if (!text.isBlank() && !text.contains(":")) {
            throw new IllegalArgumentException("must have the form user:secret");
          }
        });
  }

  static TextRule topicCharacters(boolean emptyAllowed) {
    return new TextRule(
        "string",
        (emptyAllowed ? "" : "non-empty, ") + "letters, digits, '.', '_' and '-' (legal in Kafka topic names)",
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
      throw new IllegalArgumentException("'" + text.trim() + "' is zero; a positive duration is needed");
    }
  }

  private static void checkHttpUrl(String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
  }
}
