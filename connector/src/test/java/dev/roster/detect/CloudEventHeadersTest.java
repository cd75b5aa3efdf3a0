package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventHeadersTest {

  @Test
  void binaryModeHeadersInAFixedOrder() {
    User user = TestUsers.okta().build();
    UserChangeEvent event =
        ChangeEvents.appeared(
            user, ChangeType.USER_CREATED, 12, Instant.parse("2026-11-27T10:00:00.123Z"));

    assertThat(text(ChangeEvents.cloudEventHeaders(event)))
        .containsExactly(
            Map.entry("ce_specversion", "1.0"),
            Map.entry("ce_id", event.getEventId()),
            Map.entry("ce_source", "/truto/integrated-accounts/ia-7f3c2a10-okta"),
            Map.entry("ce_type", "dev.roster.user.created"),
            Map.entry("ce_subject", "00u1a2b3c4d5e6f7g8h9"),
            Map.entry("ce_time", "2026-11-27T10:00:00.123Z"),
            Map.entry("content-type", "application/avro"));
  }

  @ParameterizedTest
  @CsvSource({
    "USER_DISCOVERED, dev.roster.user.discovered",
    "USER_CREATED, dev.roster.user.created",
    "USER_STATUS_CHANGED, dev.roster.user.status_changed",
    "USER_UPDATED, dev.roster.user.updated",
    "USER_REMOVED, dev.roster.user.removed"
  })
  void eachChangeTypeHasItsCloudEventType(ChangeType type, String cloudEventType) {
    UserChangeEvent event =
        eventWith(type, Instant.parse("2026-11-27T10:00:00.123Z"), TestUsers.OKTA_ACCOUNT);
    assertThat(text(ChangeEvents.cloudEventHeaders(event)))
        .containsEntry("ce_type", cloudEventType);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-27T10:00:00Z, 2026-11-27T10:00:00.000Z",
    "2026-11-27T10:00:00.5Z, 2026-11-27T10:00:00.500Z",
    "2026-11-27T10:00:00.123999Z, 2026-11-27T10:00:00.123Z"
  })
  void theTimeIsRfc3339InUtcWithTheMillisecondsAvroKeeps(Instant emittedAt, String ceTime) {
    UserChangeEvent event = eventWith(ChangeType.USER_UPDATED, emittedAt, TestUsers.OKTA_ACCOUNT);
    assertThat(text(ChangeEvents.cloudEventHeaders(event))).containsEntry("ce_time", ceTime);
  }

  @Test
  void anAccountIdThatIsNoPathSegmentIsPercentEncoded() {
    UserChangeEvent event = eventWith(ChangeType.USER_UPDATED, Instant.EPOCH, "acme/okta prod#1é");
    assertThat(text(ChangeEvents.cloudEventHeaders(event)))
        .containsEntry("ce_source", "/truto/integrated-accounts/acme%2Fokta%20prod%231%C3%A9");
  }

  private static UserChangeEvent eventWith(ChangeType type, Instant emittedAt, String accountId) {
    return UserChangeEvent.newBuilder(
            ChangeEvents.removed(TestUsers.okta().build(), 1, Instant.EPOCH, emittedAt))
        .setType(type)
        .setIntegratedAccountId(accountId)
        .build();
  }

  private static Map<String, String> text(Map<String, byte[]> headers) {
    Map<String, String> text = new LinkedHashMap<>();
    headers.forEach((key, value) -> text.put(key, new String(value, StandardCharsets.UTF_8)));
    return text;
  }
}
