package dev.roster.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an identity key is made of. A key is prefixed by its kind ({@code email:…}), so an email and
 * a username never meet by accident.
 */
public enum IdentityKeyKind {
  /** The primary work email, lower-cased and trimmed. */
  EMAIL,
  /** The login or handle, lower-cased and trimmed. */
  USERNAME,
  /** The vendor's own id, trimmed, case kept. */
  EXTERNAL_ID;

  /** The name in configuration and in keys: email, username, external_id. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IdentityKeyKind fromConfig(String name) {
    for (IdentityKeyKind kind : values()) {
      if (kind.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown identity key '"
            + name
            + "'; known: "
            + Arrays.stream(values())
                .map(IdentityKeyKind::configName)
                .collect(Collectors.joining(", ")));
  }
}
