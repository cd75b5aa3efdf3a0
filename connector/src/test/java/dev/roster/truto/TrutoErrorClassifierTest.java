package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ErrorCategory;
import dev.roster.truto.ErrorDecision.Failure;
import dev.roster.truto.ErrorDecision.Retry;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrutoErrorClassifierTest {

  private static final String SECRET = "trt_live_5f0c2a9e7d41b388c1";
  private static final ApiToken TOKEN = ApiToken.of(SECRET);

  private static final String MISSING_ORG =
      """
            {"statusCode": 400, "error": "Bad Request", "message": "Missing required query parameters",
             "truto_error_insight": {"missing_required_query_parameters": {"value": ["organization_id"]}}}""";
  private static final String REMOTE_401 =
      """
            {"statusCode": 401, "error": "Unauthorized", "message": "Bad credentials", "truto_is_remote_error": true,
             "raw_response": {"message": "Bad credentials"}, "headers": {"x-github-request-id": "abc"}}""";

  private static Failure failure(int status, String body, RequestKind kind) {
    ErrorDecision decision = TrutoErrorClassifier.classify(status, body, kind, TOKEN);
    assertThat(decision).isInstanceOf(Failure.class);
    return (Failure) decision;
  }

  /** One test per row of the error table in docs/architecture.md#truto-errors. */
  @Nested
  class TheTableOfTrutoMd {

    @Test
    void badRequestIsAConfigErrorWithTheMissingParameterNamed() {
      Failure failure = failure(400, MISSING_ORG, RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.CONFIG);
      assertThat(failure.retry()).isEqualTo(Retry.NO);
      assertThat(failure.retryable()).isFalse();
      assertThat(failure.fatalForAllAccounts()).isFalse();
      assertThat(failure.needsReauth()).isFalse();
      assertThat(failure.message())
          .isEqualTo(
              "Truto refused the request as invalid; check the account's query parameters "
                  + "(HTTP 400 on list users): Bad Request; Missing required query parameters; "
                  + "missing required query parameter(s): organization_id");
    }

    @Test
    void unauthorizedWithoutTheRemoteFlagIsOurTokenAndFatalForAll() {
      Failure failure =
          failure(
              401,
              "{\"statusCode\": 401, \"error\": \"Unauthorized\", \"message\": \"Invalid API token\"}",
              RequestKind.LIST_USERS);
      assertThat(failure)
          .isEqualTo(
              new Failure(
                  ErrorCategory.AUTH,
                  Retry.NO,
                  true,
                  false,
                  "Truto refused Roster's API token; every account is affected (HTTP 401 on list users): Unauthorized; Invalid API token"));
    }

    @Test
    void unauthorizedWithTheRemoteFlagIsTheAccountNeedingReauth() {
      Failure failure = failure(401, REMOTE_401, RequestKind.LIST_USERS);
      assertThat(failure)
          .isEqualTo(
              new Failure(
                  ErrorCategory.AUTH,
                  Retry.NO,
                  false,
                  true,
                  "the vendor refused the account's credentials; the account needs re-authentication "
                      + "(HTTP 401 on list users, vendor error): Unauthorized; Bad credentials"));
    }

    @Test
    void theRemoteFlagMayBeAString() {
      assertThat(
              failure(401, "{\"truto_is_remote_error\": \"true\"}", RequestKind.GET_USER)
                  .needsReauth())
          .isTrue();
      assertThat(
              failure(401, "{\"truto_is_remote_error\": false}", RequestKind.GET_USER)
                  .fatalForAllAccounts())
          .isTrue();
    }

    @Test
    void forbiddenNamesTheMissingScopes() {
      Failure failure =
          failure(
              403,
              """
                    {"statusCode": 403, "error": "Forbidden", "message": "", "truto_is_remote_error": true,
                     "truto_error_insight": {"forbidden_error": {"value": "Missing scope: users:read"}}}""",
              RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.FORBIDDEN);
      assertThat(failure.retryable()).isFalse();
      assertThat(failure.message())
          .isEqualTo(
              "permission denied; the account lacks scopes (HTTP 403 on list users, vendor error): "
                  + "Forbidden; forbidden: Missing scope: users:read");
    }

    @Test
    void notFoundOnAListIsAConfigError() {
      Failure failure =
          failure(
              404,
              "{\"error\": \"Not Found\", \"message\": \"Integrated account not found\"}",
              RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.CONFIG);
      assertThat(failure.retryable()).isFalse();
      assertThat(failure.message()).contains("Integrated account not found");
    }

    @Test
    void notFoundOnDiscoveryIsAConfigError() {
      assertThat(failure(404, "", RequestKind.DISCOVERY).category())
          .isEqualTo(ErrorCategory.CONFIG);
    }

    @Test
    void notFoundOnAGetMeansTheUserIsAbsent() {
      assertThat(
              TrutoErrorClassifier.classify(
                  404, "{\"message\": \"User not found\"}", RequestKind.GET_USER, TOKEN))
          .isEqualTo(
              new ErrorDecision.UserAbsent(
                  "the user no longer exists (HTTP 404 on get user): User not found"));
    }

    @Test
    void tooManyRequestsWaitsAsToldThenRetries() {
      Failure failure =
          failure(
              429,
              "{\"statusCode\": 429, \"error\": \"Too Many Requests\"}",
              RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
      assertThat(failure.retry()).isEqualTo(Retry.AFTER_RATE_LIMIT_WAIT);
      assertThat(failure.retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void serverFailuresAreUpstreamAndRetriedWithBackoff(int status) {
      Failure failure = failure(status, "{\"error\": \"Bad Gateway\"}", RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.UPSTREAM);
      assertThat(failure.retry()).isEqualTo(Retry.WITH_BACKOFF);
      assertThat(failure.fatalForAllAccounts()).isFalse();
      assertThat(failure.message())
          .startsWith(
              "Truto or the vendor failed (HTTP " + status + " on list users): Bad Gateway");
    }

    @Test
    void aRemoteServerFailureBlamesTheVendor() {
      assertThat(
              failure(
                      502,
                      "{\"truto_is_remote_error\": true, \"message\": \"upstream died\"}",
                      RequestKind.GET_USER)
                  .message())
          .isEqualTo("the vendor failed (HTTP 502 on get user, vendor error): upstream died");
    }

    @Test
    void serviceUnavailableIsABlockedAccountNotRetried() {
      Failure failure =
          failure(503, "{\"message\": \"Integrated account is blocked\"}", RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.BLOCKED);
      assertThat(failure.retryable()).isFalse();
    }
  }

  @Nested
  class StatusesTheTableDoesNotName {

    @Test
    void requestTimeoutIsATimeoutRetriedWithBackoff() {
      Failure failure = failure(408, "", RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
      assertThat(failure.retry()).isEqualTo(Retry.WITH_BACKOFF);
    }

    @ParameterizedTest
    @ValueSource(ints = {402, 405, 409, 410, 422, 499})
    void otherClientErrorsAreConfigErrors(int status) {
      Failure failure = failure(status, "", RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.CONFIG);
      assertThat(failure.retryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {501, 505, 520, 599})
    void otherServerErrorsAreUpstream(int status) {
      assertThat(failure(status, "", RequestKind.LIST_USERS).category())
          .isEqualTo(ErrorCategory.UPSTREAM);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200, 204, 302, 399, 600})
    void nonErrorStatusesAreInvalidResponses(int status) {
      Failure failure = failure(status, "", RequestKind.LIST_USERS);
      assertThat(failure.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
      assertThat(failure.retryable()).isFalse();
    }
  }

  @Nested
  class Bodies {

    @Test
    void anEmptyOrMissingBodyIsSaid() {
      assertThat(failure(500, "", RequestKind.LIST_USERS).message()).endsWith("): empty body");
      assertThat(failure(500, null, RequestKind.LIST_USERS).message()).endsWith("): empty body");
      assertThat(failure(500, "  \n", RequestKind.LIST_USERS).message()).endsWith("): empty body");
    }

    @Test
    void aNonJsonBodyIsQuotedOnOneLine() {
      assertThat(
              failure(502, "<html>\n  <body>Bad   Gateway</body>\n</html>", RequestKind.LIST_USERS)
                  .message())
          .isEqualTo(
              "Truto or the vendor failed (HTTP 502 on list users): body: <html> <body>Bad Gateway</body> </html>");
    }

    @Test
    void jsonThatIsNotAnObjectIsQuotedToo() {
      assertThat(failure(500, "[\"oops\"]", RequestKind.LIST_USERS).message())
          .endsWith("): body: [\"oops\"]");
    }

    @Test
    void anEmptyMessageIsLeftOut() {
      assertThat(
              failure(403, "{\"error\": \"Forbidden\", \"message\": \"\"}", RequestKind.LIST_USERS)
                  .message())
          .endsWith("): Forbidden");
    }

    @Test
    void aJsonBodyWithoutTrutoFieldsSaysNothingMore() {
      assertThat(failure(500, "{\"foo\": 1}", RequestKind.LIST_USERS).message())
          .endsWith("(HTTP 500 on list users): ");
    }

    @Test
    void unknownInsightsAreNamedAfterTheirKey() {
      assertThat(
              failure(
                      400,
                      "{\"truto_error_insight\": {\"rate_limit_scope\": {\"value\": {\"per\": \"account\"}}, "
                          + "\"hint\": \"retry later\", \"ids\": {\"value\": [1, {\"a\": 2}]}}}",
                      RequestKind.LIST_USERS)
                  .message())
          .endsWith(
              "): rate limit scope: {\"per\":\"account\"}; hint: retry later; ids: 1, {\"a\":2}");
    }

    @Test
    void severalMissingParametersAreListed() {
      assertThat(
              failure(
                      400,
                      "{\"truto_error_insight\": {\"missing_required_query_parameters\": "
                          + "{\"value\": [\"organization_id\", \"workspace_id\"]}}}",
                      RequestKind.LIST_USERS)
                  .message())
          .endsWith("missing required query parameter(s): organization_id, workspace_id");
    }

    @Test
    void hugeBodiesGiveBoundedMessages() {
      String huge =
          "{\"message\": \""
              + "x".repeat(100_000)
              + "\", \"error\": \""
              + "y".repeat(100_000)
              + "\"}";
      assertThat(failure(500, huge, RequestKind.LIST_USERS).message())
          .hasSizeLessThanOrEqualTo(1001);
      assertThat(failure(500, "z".repeat(100_000), RequestKind.LIST_USERS).message())
          .hasSizeLessThan(400);
    }
  }

  /**
   * Truto's error bodies may echo the request and the vendor's answer: no credential in them
   * reaches a message.
   */
  @Nested
  class EchoedCredentials {

    private static final String ECHOING_VENDOR_ERROR =
        """
                {"statusCode": 502, "error": "Bad Gateway", "truto_is_remote_error": true,
                 "message": "Upstream refused GET /users with Authorization: Bearer %1$s",
                 "raw_response": {"error": "invalid_client", "request_headers": {"authorization": "Bearer %1$s"}},
                 "truto_error_insight": {"request": {"headers": {"Authorization": "Bearer %1$s", "Accept": "application/json"},
                                                     "query": "api_key=vendor-key-77&limit=100"},
                                         "upstream": [{"name": "X-Api-Key", "value": "vendor-key-88"},
                                                      {"name": "x-request-id", "value": "req-123"}]}}""";

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 429, 502, 503})
    void theApiTokenAndTheVendorsKeysAreScrubbedWhereverTheBodyEchoesThem(int status) {
      String message =
          TrutoErrorClassifier.classify(
                  status, ECHOING_VENDOR_ERROR.formatted(SECRET), RequestKind.LIST_USERS, TOKEN)
              .message();

      assertThat(message)
          .doesNotContain(SECRET, "vendor-key-77", "vendor-key-88")
          .contains("Upstream refused GET /users with Authorization: [redacted]")
          .contains("\"Authorization\":\"[redacted]\"", "\"Accept\":\"application/json\"")
          .contains("api_key=[redacted]&limit=100", "req-123");
    }

    @Test
    void theTokenIsScrubbedFromBodiesThatAreNotJsonAndWhereverItStands() {
      assertThat(
              failure(
                      500,
                      "<html>proxy error for token " + SECRET + "</html>",
                      RequestKind.DISCOVERY)
                  .message())
          .doesNotContain(SECRET)
          .contains("proxy error for token [redacted]");
      assertThat(
              failure(400, "{\"message\": \"bad value " + SECRET + "\"}", RequestKind.GET_USER)
                  .message())
          .doesNotContain(SECRET)
          .endsWith("bad value [redacted]");
    }

    @Test
    void noPrefixOfTheTokenSurvivesWhereAMessageIsCut() {
      String cutInTheToken = "{\"message\": \"" + "x".repeat(290) + SECRET + "\"}";

      assertThat(failure(500, cutInTheToken, RequestKind.LIST_USERS).message())
          .doesNotContain(SECRET.substring(0, 6));
    }

    @Test
    void aUrlEncodedTokenIsScrubbedToo() {
      ApiToken slashed = ApiToken.of("tok/with+signs=");

      assertThat(
              TrutoErrorClassifier.classify(
                      500,
                      "callback failed: token=tok%2Fwith%2Bsigns%3D&x=1",
                      RequestKind.LIST_USERS,
                      slashed)
                  .message())
          .doesNotContain("tok%2Fwith")
          .doesNotContain("tok/with");
    }

    @Test
    void wordsThatOnlyLookLikeCredentialsStay() {
      assertThat(
              failure(
                      403,
                      "{\"message\": \"Basic plan required; the token lacks the scope users:read\"}",
                      RequestKind.LIST_USERS)
                  .message())
          .endsWith("Basic plan required; the token lacks the scope users:read");
      assertThat(
              failure(
                      401,
                      "{\"message\": \"Basic dXNlcjpodW50ZXIy rejected\"}",
                      RequestKind.LIST_USERS)
                  .message())
          .endsWith("Basic [redacted] rejected");
    }

    @Property
    void theTokenNeverReachesAMessage(
        @ForAll String before,
        @ForAll String after,
        @ForAll @IntRange(min = 400, max = 599) int status,
        @ForAll boolean asJson) {
      String text = before + SECRET + after;
      String body =
          asJson
              ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                  .objectNode()
                  .put("message", text)
                  .toString()
              : text;

      assertThat(
              TrutoErrorClassifier.classify(status, body, RequestKind.LIST_USERS, TOKEN).message())
          .doesNotContain(SECRET);
    }
  }

  @ParameterizedTest
  @EnumSource(RequestKind.class)
  void everyKindIsNamedInTheMessage(RequestKind kind) {
    assertThat(failure(500, "", kind).message()).contains("on " + kind.description());
  }

  @Property
  void neverThrowsAndAlwaysExplains(
      @ForAll @IntRange(min = 0, max = 999) int status,
      @ForAll String body,
      @ForAll RequestKind kind) {
    ErrorDecision decision = TrutoErrorClassifier.classify(status, body, kind, TOKEN);
    assertThat(decision.message()).contains("HTTP " + status);
  }

  @Property
  void onlyA401WithoutRemoteFlagIsFatalForAll(
      @ForAll @IntRange(min = 400, max = 599) int status,
      @ForAll RequestKind kind,
      @ForAll @From("bodies") String body) {
    ErrorDecision decision = TrutoErrorClassifier.classify(status, body, kind, TOKEN);
    boolean fatal = decision instanceof Failure failure && failure.fatalForAllAccounts();
    assertThat(fatal).isEqualTo(status == 401 && !body.contains("truto_is_remote_error\": true"));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> bodies() {
    return net.jqwik.api.Arbitraries.of(
        "",
        "oops",
        MISSING_ORG,
        REMOTE_401,
        "{\"truto_is_remote_error\": true}",
        "{\"truto_is_remote_error\": false, \"message\": \"x\"}");
  }

  @Nested
  class RateLimitScopes {

    @Test
    void aVendorsLimitPassedThroughBindsItsAccountAlone() {
      assertThat(
              TrutoErrorClassifier.rateLimitScope(
                  "{\"statusCode\": 429, \"message\": \"Rate limited by the integration\","
                      + " \"truto_is_remote_error\": true}",
                  TOKEN))
          .isEqualTo(RateLimitScope.ACCOUNT);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"statusCode\": 429, \"message\": \"Rate limit exceeded for this API token\"}",
          "{\"truto_is_remote_error\": false}",
          "",
          "Too Many Requests",
          "[1, 2]"
        })
    void trutosOwnLimitOrAnUnreadableBodyIsTheTokensAndPausesEveryAccount(String body) {
      assertThat(TrutoErrorClassifier.rateLimitScope(body, TOKEN)).isEqualTo(RateLimitScope.TOKEN);
    }

    @Test
    void anErrorBodyThatExpandsPastItsBudgetIsNotBuiltAndCountsAsTheTokens() {
      String arrays = "[],".repeat(5_000_000) + "[]";
      String body = "{\"truto_is_remote_error\": true, \"raw_response\": [" + arrays + "]}";
      assertThat(TrutoErrorClassifier.rateLimitScope(body, TOKEN)).isEqualTo(RateLimitScope.TOKEN);
      assertThat(failure(500, body, RequestKind.LIST_USERS).message())
          .contains("an error body too large to read as JSON");
    }
  }
}
