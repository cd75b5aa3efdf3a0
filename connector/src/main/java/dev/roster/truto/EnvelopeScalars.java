package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the envelope's scalars: strict where a wrong value would misdirect the poll, lenient where
 * it is only informative.
 */
final class EnvelopeScalars {

  private EnvelopeScalars() {}

  /** The cursor as text. Numbers are taken as text; a boolean cannot be a cursor. */
  static String cursor(ListEnvelopeParser.Envelope envelope, String key)
      throws InvalidResponseException {
    JsonNode value = envelope.scalar(key);
    if (value.isNull()) {
      return null;
    }
    if (value.isTextual() || value.isNumber()) {
      return value.asText();
    }
    throw wrong(envelope, key, "a string or null");
  }

  /** A flag that changes what the poll must do: true, false, "true", "false" or absent (false). */
  static boolean flag(ListEnvelopeParser.Envelope envelope, String key)
      throws InvalidResponseException {
    JsonNode value = envelope.scalar(key);
    if (value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()
        && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    throw wrong(envelope, key, "a boolean");
  }

  /** A count that is only informative: a whole number (or its text), else null. */
  static Long count(ListEnvelopeParser.Envelope envelope, String key) {
    JsonNode value = envelope.scalar(key);
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Long.valueOf(value.textValue().strip());
      } catch (NumberFormatException notACount) {
        return null;
      }
    }
    return null;
  }

  private static InvalidResponseException wrong(
      ListEnvelopeParser.Envelope envelope, String key, String expected) {
    ListEnvelopeParser.Located located = envelope.scalars().get(key);
    return new InvalidResponseException(
        "`" + key + "` is " + LenientReader.describe(located.value()) + ", not " + expected,
        located.byteOffset(),
        envelope.itemCount(),
        null);
  }
}
