package dev.roster.detect;

import dev.roster.avro.ChangeType;
import dev.roster.avro.UserChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents 1.0 Kafka protocol binding, binary mode: the event's attributes as {@code ce_}
 * headers.
 */
final class CloudEventHeaders {

  /** RFC 3339 in UTC with exactly the milliseconds {@code timestamp-millis} keeps. */
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CloudEventHeaders() {}

  static Map<String, byte[]> of(UserChangeEvent event) {
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put("ce_specversion", utf8("1.0"));
    headers.put("ce_id", utf8(event.getEventId()));
    headers.put(
        "ce_source",
        utf8("/truto/integrated-accounts/" + pathSegment(event.getIntegratedAccountId())));
    headers.put("ce_type", utf8(type(event.getType())));
    headers.put("ce_subject", utf8(event.getUserId()));
    headers.put("ce_time", utf8(RFC_3339_MILLIS.format(event.getEmittedAt())));
    headers.put("content-type", utf8("application/avro"));
    return Collections.unmodifiableMap(headers);
  }

  private static String type(ChangeType type) {
    return switch (type) {
      case USER_DISCOVERED -> "dev.roster.user.discovered";
      case USER_CREATED -> "dev.roster.user.created";
      case USER_STATUS_CHANGED -> "dev.roster.user.status_changed";
      case USER_UPDATED -> "dev.roster.user.updated";
      case USER_REMOVED -> "dev.roster.user.removed";
    };
  }

  /**
   * Percent-encodes all but RFC 3986's unreserved characters, so that {@code ce_source} stays a
   * valid URI-reference whatever the account id holds; Truto's usual ids (UUIDs) pass unchanged.
   */
  private static String pathSegment(String text) {
    StringBuilder encoded = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return encoded.toString();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
