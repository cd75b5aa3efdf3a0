package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How an integration writes timestamps. Truto passes vendor timestamps through, so they are ISO 8601
 * but not uniform, and a few vendors (Slack) use epoch numbers.
 */
public enum SimTimeFormat {
  /** {@code 2021-08-10T10:00:00.000Z} (Okta, Google, HubSpot). */
  ISO_MILLIS_Z("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"),
  /** {@code 2021-08-10T10:00:00Z} (Microsoft Graph, GitHub, Zoom). */
  ISO_SECONDS_Z("yyyy-MM-dd'T'HH:mm:ss'Z'"),
  /** {@code 2021-08-10T10:00:00.000+0000}: Salesforce's offset without a colon. */
  ISO_OFFSET_COMPACT("yyyy-MM-dd'T'HH:mm:ss.SSSZ"),
  /** {@code 2024-09-01 10:00:00}: no T, no zone (Jira and friends). */
  SQL_SPACE("yyyy-MM-dd HH:mm:ss"),
  /** A JSON number of seconds since the epoch (Slack). */
  EPOCH_SECONDS(null);

  private final DateTimeFormatter formatter;

  SimTimeFormat(String pattern) {
    this.formatter = pattern == null ? null : DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
  }

  public JsonNode node(Instant instant) {
    return formatter == null
        ? LongNode.valueOf(instant.getEpochSecond())
        : TextNode.valueOf(formatter.format(instant));
  }
}
