package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitHintsTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private static java.util.Optional<Duration> wait(Map<String, List<String>> headers) {
    return RateLimitHints.waitTime(headers, NOW);
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(wait(Map.of("Retry-After", List.of("10")))).contains(Duration.ofSeconds(10));
  }

  @Test
  void retryAfterWithAFractionIsRoundedUpToTheMillisecond() {
    assertThat(wait(Map.of("Retry-After", List.of("1.2345")))).contains(Duration.ofMillis(1235));
  }

  @Test
  void retryAfterAsAnHttpDate() {
    assertThat(wait(Map.of("Retry-After", List.of("Fri, 02 Jan 2026 03:05:05 GMT"))))
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void anHttpDateInThePastMeansNoWait() {
    assertThat(wait(Map.of("Retry-After", List.of("Thu, 01 Jan 2026 00:00:00 GMT"))))
        .contains(Duration.ZERO);
  }

  @Test
  void rateLimitResetInSeconds() {
    assertThat(wait(Map.of("ratelimit-reset", List.of("30")))).contains(Duration.ofSeconds(30));
  }

  @Test
  void rateLimitResetAsAUnixTime() {
    long inTwoMinutes = NOW.getEpochSecond() + 120;
    assertThat(wait(Map.of("ratelimit-reset", List.of(Long.toString(inTwoMinutes)))))
        .contains(Duration.ofMinutes(2));
    assertThat(
            wait(
                Map.of(
                    "ratelimit-reset",
                    List.of(Long.toString(RateLimitHints.EPOCH_SECONDS_FLOOR - 1)))))
        .contains(Duration.ofSeconds(RateLimitHints.EPOCH_SECONDS_FLOOR - 1));
    assertThat(wait(Map.of("ratelimit-reset", List.of(Long.toString(NOW.getEpochSecond() - 5)))))
        .contains(Duration.ZERO);
  }

  @Test
  void theLongerOfBothWins() {
    assertThat(wait(Map.of("Retry-After", List.of("10"), "ratelimit-reset", List.of("25"))))
        .contains(Duration.ofSeconds(25));
    assertThat(wait(Map.of("Retry-After", List.of("40"), "ratelimit-reset", List.of("25"))))
        .contains(Duration.ofSeconds(40));
  }

  @Test
  void anUnusableHeaderLeavesTheOther() {
    assertThat(wait(Map.of("Retry-After", List.of("soon"), "ratelimit-reset", List.of("7"))))
        .contains(Duration.ofSeconds(7));
  }

  @Test
  void headerNamesAreCaseInsensitiveAndValuesTrimmed() {
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("RETRY-AFTER", List.of(" 5 "));
    assertThat(wait(headers)).contains(Duration.ofSeconds(5));
    assertThat(wait(Map.of("RateLimit-Reset", List.of("6")))).contains(Duration.ofSeconds(6));
  }

  @Test
  void theFirstValueCounts() {
    assertThat(wait(Map.of("Retry-After", List.of("3", "99")))).contains(Duration.ofSeconds(3));
  }

  @Test
  void noHintsNoWait() {
    assertThat(wait(Map.of())).isEmpty();
    assertThat(wait(Map.of("ratelimit-limit", List.of("50"), "ratelimit-remaining", List.of("0"))))
        .isEmpty();
    assertThat(wait(Map.of("Retry-After", List.of()))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-5", "abc", "1e3", "10s", "1234567890123456", "Friday"})
  void unusableValuesAreIgnored(String value) {
    assertThat(wait(Map.of("Retry-After", List.of(value), "ratelimit-reset", List.of(value))))
        .isEmpty();
  }

  @Test
  void nullKeysAndValuesFromHttpClientsAreTolerated() {
    Map<String, List<String>> headers = new java.util.HashMap<>();
    headers.put(null, List.of("HTTP/1.1 429 Too Many Requests"));
    headers.put("Retry-After", java.util.Arrays.asList(null, "4"));
    assertThat(wait(headers)).contains(Duration.ofSeconds(4));
  }
}
