package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialScrubberTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CredentialScrubber SCRUBBER =
      new CredentialScrubber(ApiToken.of("trt-4f0e9a21"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer abc.def-ghi (retry)       | Authorization: [redacted] (retry)",
        "proxy-authorization=Basic dXNlcjpwYXNz, next     | proxy-authorization=[redacted], next",
        "Cookie: sid=abc; Path=/                          | Cookie: [redacted]; Path=/",
        "{\"client_secret\": \"s3cr3t\", \"id\": 1}        | {\"client_secret\": \"[redacted]\", \"id\": 1}",
        "?api_key=k-1&limit=5                             | ?api_key=[redacted]&limit=5",
        "X-Vendor-Token:abc                               | X-Vendor-Token:[redacted]",
        "sent bearer xyz to the vendor                    | sent bearer [redacted] to the vendor",
        "token trt-4f0e9a21 rejected                      | token [redacted] rejected",
        "(with Authorization: Bearer trt-4f0e9a21)        | (with Authorization: [redacted])",
        "Basic plan required, the token expired           | Basic plan required, the token expired"
      })
  void credentialsInTextAreRemovedAndOrdinaryWordsStay(String text, String scrubbed) {
    assertThat(SCRUBBER.scrub(text)).isEqualTo(scrubbed);
  }

  @Test
  void credentialFieldsOfJsonAreEmptiedAtAnyDepthAndEverythingElseIsKept() throws Exception {
    JsonNode body =
        JSON.readTree(
            """
        {"raw_response": {"headers": {"Authorization": "Bearer v-1", "X-API-KEY": 42, "x-request-id": "r-1"},
                          "data": [{"name": "Set-Cookie", "value": "sid=2"}, {"name": "etag", "value": "e-1"}]},
         "message": "token trt-4f0e9a21 bad", "refresh_token": {"value": "r-2"}}""");

    assertThat(SCRUBBER.scrub(body))
        .isEqualTo(
            JSON.readTree(
                """
        {"raw_response": {"headers": {"Authorization": "[redacted]", "X-API-KEY": "[redacted]", "x-request-id": "r-1"},
                          "data": [{"name": "Set-Cookie", "value": "[redacted]"}, {"name": "etag", "value": "e-1"}]},
         "message": "token [redacted] bad", "refresh_token": "[redacted]"}"""));
    assertThat(body.toString()).as("the original is left alone").contains("Bearer v-1");
  }

  @Property
  void scrubbingTwiceChangesNothingMore(@ForAll String text) {
    String once = SCRUBBER.scrub(text);

    assertThat(SCRUBBER.scrub(once)).isEqualTo(once);
  }

  @Test
  void scrubbingTwiceChangesNothingMoreWhereCredentialsWere() {
    String once =
        SCRUBBER.scrub(
            "Authorization: Bearer trt-4f0e9a21), \"password\": \"p\", cookie=c; x-api-key: k");

    assertThat(SCRUBBER.scrub(once)).isEqualTo(once);
  }

  @Test
  void anExceptionIsCopiedWithEveryMessageOfItsCauseChainScrubbed() {
    IllegalArgumentException jdk =
        new IllegalArgumentException("invalid header value: \"Bearer trt-4f0e9a21\"");
    Exception wrapped = new IllegalStateException("request failed: " + jdk, jdk);

    Throwable scrubbed = SCRUBBER.scrub(wrapped);

    StringWriter trace = new StringWriter();
    scrubbed.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .doesNotContain("trt-4f0e9a21")
        .contains("java.lang.IllegalStateException: request failed:")
        .contains("Caused by: java.lang.IllegalArgumentException: invalid header value:")
        .contains(getClass().getName()); // the stack frames stay
  }

  @Test
  void rawBytesKeepEveryByteNoRuleTouches() {
    byte[] raw = {'{', (byte) 0xff, ' ', 't', 'o', 'k', 'e', 'n', '=', 's', '1', ' ', (byte) 0xc3};

    assertThat(SCRUBBER.scrub(raw))
        .containsExactly(
            '{',
            (byte) 0xff,
            ' ',
            't',
            'o',
            'k',
            'e',
            'n',
            '=',
            '[',
            'r',
            'e',
            'd',
            'a',
            'c',
            't',
            'e',
            'd',
            ']',
            ' ',
            (byte) 0xc3);
  }

  @Test
  void withoutTokenReplacesOnlyTheApiTokenInValuesAndNames() throws Exception {
    JsonNode user =
        JSON.readTree(
            """
        {"id": "u-trt-4f0e9a21", "password": "p-1", "remote_data": {"trt-4f0e9a21": ["x trt-4f0e9a21"]}}""");

    assertThat(SCRUBBER.withoutToken(user))
        .isEqualTo(
            JSON.readTree(
                """
        {"id": "u-[redacted]", "password": "p-1", "remote_data": {"[redacted]": ["x [redacted]"]}}"""));
  }

  @Test
  @Timeout(30)
  void aLongRunOfWordBoundariesIsScrubbedInLinearTime() {
    // Before the name prefix was bounded, 64 KB of this took over a minute: 200 KB, some ten.
    String run = "a-".repeat(100_000);

    assertThat(SCRUBBER.scrub(run)).isEqualTo(run);
  }
}
