package dev.roster.config;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * A {@link ConfigDef.Validator} for values Kafka's types know only as strings (durations, maps,
 * URLs), which also says in words what it accepts, for the documentation.
 *
 * @param typeName what the documentation calls the type ("duration", "map")
 * @param description what values are accepted, shown as the valid values
 * @param check throws {@link IllegalArgumentException} with the reason when the text is bad; for a
 *     secret, the reason must not repeat the text
 */
record TextRule(String typeName, String description, Consumer<String> check)
    implements ConfigDef.Validator {

  @Override
  public void ensureValid(String name, Object value) {
    // Null is an optional key left unset: whether that is allowed is the caller's business.
    if (value == null) {
      return;
    }
    String text =
        value instanceof Password password
            ? password.value()
            : value instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : value.toString();
    try {
      check.accept(text);
    } catch (IllegalArgumentException e) {
      // A Password prints as [hidden], so the secret stays out of the message; other values are
      // shown by
      // RosterConfig, which hides credentials in URLs.
      throw new ConfigException(name, value, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
