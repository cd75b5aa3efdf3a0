package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How an integration writes timestamps. Truto passes vendor timestamps through, so they are ISO
 * 8601 but not uniform, and a few vendors (Slack) use epoch numbers. Formatted by hand because a
 * generated million-user walk formats millions of them and DateTimeFormatter dominated the cost.
 */
public enum SimTimeFormat {
  /** {@code 2021-08-10T10:00:00.000Z} (Okta, Google, HubSpot). */
  ISO_MILLIS_Z,
  /** {@code 2021-08-10T10:00:00Z} (Microsoft Graph, GitHub, Zoom). */
  ISO_SECONDS_Z,
  /** {@code 2021-08-10T10:00:00.000+0000}: Salesforce's offset without a colon. */
  ISO_OFFSET_COMPACT,
  /** {@code 2024-09-01 10:00:00}: no T, no zone (Jira and friends). */
  SQL_SPACE,
  /** A JSON number of seconds since the epoch (Slack). */
  EPOCH_SECONDS;

  public JsonNode node(Instant instant) {
    if (this == EPOCH_SECONDS) {
      return LongNode.valueOf(instant.getEpochSecond());
    }
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    StringBuilder text = new StringBuilder(29);
    pad(text, t.getYear(), 4).append('-');
    pad(text, t.getMonthValue(), 2).append('-');
    pad(text, t.getDayOfMonth(), 2).append(this == SQL_SPACE ? ' ' : 'T');
    pad(text, t.getHour(), 2).append(':');
    pad(text, t.getMinute(), 2).append(':');
    pad(text, t.getSecond(), 2);
    switch (this) {
      case ISO_MILLIS_Z:
        pad(text.append('.'), t.getNano() / 1_000_000, 3).append('Z');
        break;
      case ISO_SECONDS_Z:
        text.append('Z');
        break;
      case ISO_OFFSET_COMPACT:
        pad(text.append('.'), t.getNano() / 1_000_000, 3).append("+0000");
        break;
      default:
        break;
    }
    return TextNode.valueOf(text.toString());
  }

  private static StringBuilder pad(StringBuilder text, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      text.append('0');
    }
    return text.append(digits);
  }
}
