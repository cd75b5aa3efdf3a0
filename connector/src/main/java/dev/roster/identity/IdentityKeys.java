package dev.roster.identity;

import dev.roster.avro.Email;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.User;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity key of a user: the first of the configured kinds that gives a value. Pure; the rules
 * are in docs/architecture.md#identities.
 */
public final class IdentityKeys {

  private IdentityKeys() {}

  /** A user's key. */
  public record ResolvedKey(IdentityKeyKind kind, String value) {
    public ResolvedKey {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
    }

    /** The key as identities are keyed: {@code <kind>:<value>}. */
    public String key() {
      return kind.configName() + ":" + value;
    }
  }

  private static final String EMAIL_PREFIX = IdentityKeyKind.EMAIL.configName() + ":";

  /**
   * The normalised email an email key holds, or null for a key of another kind: the person's email
   * is never stored beside their key, so the two cannot disagree.
   */
  public static String emailOf(IdentityKey key) {
    String value = key.getIdentityKey();
    return value.startsWith(EMAIL_PREFIX) ? value.substring(EMAIL_PREFIX.length()) : null;
  }

  public static Optional<ResolvedKey> of(User user, List<IdentityKeyKind> kinds) {
    for (IdentityKeyKind kind : kinds) {
      Optional<ResolvedKey> key =
          switch (kind) {
            case EMAIL -> workEmail(user.getEmails()).map(e -> new ResolvedKey(kind, e));
            case USERNAME -> lowerCased(user.getUsername()).map(u -> new ResolvedKey(kind, u));
            case EXTERNAL_ID -> trimmed(user.getExternalId()).map(id -> new ResolvedKey(kind, id));
          };
      if (key.isPresent()) {
        return key;
      }
    }
    return Optional.empty();
  }

  /**
   * The email that stands for the person at work: the primary one; without a primary, the first of
   * type work; without either, the smallest valid address (the list's order carries no meaning, so
   * the choice must not depend on it).
   */
  static Optional<String> workEmail(List<Email> emails) {
    Comparator<Email> byAddress =
        Comparator.comparing(e -> normaliseEmail(e.getEmail()).orElse(""));
    return emails.stream()
        .filter(e -> Boolean.TRUE.equals(e.getIsPrimary()))
        .sorted(byAddress)
        .flatMap(e -> normaliseEmail(e.getEmail()).stream())
        .findFirst()
        .or(
            () ->
                emails.stream()
                    .filter(e -> "work".equalsIgnoreCase(Objects.toString(e.getType(), "")))
                    .sorted(byAddress)
                    .flatMap(e -> normaliseEmail(e.getEmail()).stream())
                    .findFirst())
        .or(
            () ->
                emails.stream()
                    .flatMap(e -> normaliseEmail(e.getEmail()).stream())
                    .sorted()
                    .findFirst());
  }

  /**
   * Trimmed and lower-cased; empty unless it looks like an address (one {@code @}, something on
   * both sides, no white space inside), so "n/a" or "" never joins people.
   */
  public static Optional<String> normaliseEmail(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String email = raw.strip().toLowerCase(Locale.ROOT);
    if (email.startsWith("mailto:")) {
      email = email.substring("mailto:".length());
    }
    int at = email.indexOf('@');
    boolean valid =
        at > 0
            && at == email.lastIndexOf('@')
            && at < email.length() - 1
            && email.chars().noneMatch(Character::isWhitespace);
    return valid ? Optional.of(email) : Optional.empty();
  }

  private static Optional<String> lowerCased(String raw) {
    return trimmed(raw).map(s -> s.toLowerCase(Locale.ROOT));
  }

  private static Optional<String> trimmed(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(raw.strip());
  }
}
