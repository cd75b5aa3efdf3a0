package dev.roster.truto;

import dev.roster.avro.ErrorCategory;
import dev.roster.truto.ErrorDecision.Failure;
import dev.roster.truto.ErrorDecision.Retry;

/**
 * Decides what a failed Truto response means, following the error table in
 * docs/architecture.md#truto-errors:
 *
 * <table>
 *   <caption>HTTP status to decision</caption>
 *   <tr><th>status</th><th>category</th><th>retry</th><th>also</th></tr>
 *   <tr><td>400</td><td>CONFIG</td><td>no</td><td></td></tr>
 *   <tr><td>401, not remote</td><td>AUTH</td><td>no</td><td>fatal for all accounts: Roster's API token is wrong</td></tr>
 *   <tr><td>401, remote</td><td>AUTH</td><td>no</td><td>needs re-authentication: back off the account for long</td></tr>
 *   <tr><td>403</td><td>FORBIDDEN</td><td>no</td><td></td></tr>
 *   <tr><td>404 on a get</td><td colspan="3">user absent (not a failure)</td></tr>
 *   <tr><td>404 otherwise</td><td>CONFIG</td><td>no</td><td></td></tr>
 *   <tr><td>429</td><td>RATE_LIMITED</td><td>after the wait the headers give</td><td></td></tr>
 *   <tr><td>500, 502, 504</td><td>UPSTREAM</td><td>with backoff</td><td></td></tr>
 *   <tr><td>503</td><td>BLOCKED</td><td>no</td><td></td></tr>
 * </table>
 *
 * Statuses the table does not name: 408 is TIMEOUT with backoff; other 4xx are CONFIG without retry
 * (the request itself is wrong); other 5xx are UPSTREAM with backoff; anything below 400 is
 * INVALID_RESPONSE (an error path should never see it).
 *
 * <p>Pure: it sees the status, the body and the kind of request, never the request or its headers.
 * The body may echo them, though (Truto passes on the vendor's raw response and headers), so the
 * API token and every other credential in it is scrubbed before it reaches a message ({@link
 * CredentialScrubber}).
 */
public final class TrutoErrorClassifier {

  private static final int MAX_MESSAGE_CHARS = 1000;

  private TrutoErrorClassifier() {}

  /**
   * @param status the HTTP status
   * @param body the response body as text; may be null, empty or not JSON
   * @param kind which call failed
   * @param token the API token the request carried, removed from the message wherever the body
   *     repeats it
   */
  public static ErrorDecision classify(int status, String body, RequestKind kind, ApiToken token) {
    TrutoErrorBody error = TrutoErrorBody.parse(body, new CredentialScrubber(token));
    return switch (status) {
      case 400 ->
          failure(
              ErrorCategory.CONFIG,
              Retry.NO,
              "Truto refused the request as invalid; check the account's query parameters",
              status,
              kind,
              error);
      case 401 ->
          error.remote()
              ? new Failure(
                  ErrorCategory.AUTH,
                  Retry.NO,
                  false,
                  true,
                  message(
                      "the vendor refused the account's credentials; the account needs re-authentication",
                      status,
                      kind,
                      error))
              : new Failure(
                  ErrorCategory.AUTH,
                  Retry.NO,
                  true,
                  false,
                  message(
                      "Truto refused Roster's API token; every account is affected",
                      status,
                      kind,
                      error));
      case 403 ->
          failure(
              ErrorCategory.FORBIDDEN,
              Retry.NO,
              "permission denied; the account lacks scopes",
              status,
              kind,
              error);
      case 404 ->
          kind == RequestKind.GET_USER
              ? new ErrorDecision.UserAbsent(
                  message("the user no longer exists", status, kind, error))
              : failure(
                  ErrorCategory.CONFIG,
                  Retry.NO,
                  "not found; unknown integrated account or resource",
                  status,
                  kind,
                  error);
      case 408 ->
          failure(
              ErrorCategory.TIMEOUT,
              Retry.WITH_BACKOFF,
              "the request timed out",
              status,
              kind,
              error);
      case 429 ->
          failure(
              ErrorCategory.RATE_LIMITED,
              Retry.AFTER_RATE_LIMIT_WAIT,
              "rate limited",
              status,
              kind,
              error);
      case 503 ->
          failure(
              ErrorCategory.BLOCKED, Retry.NO, "Truto blocked the account", status, kind, error);
      default -> classifyUnlisted(status, kind, error);
    };
  }

  /**
   * Whose limit a 429 is (docs/architecture.md#truto-rate-limits): a vendor's, passed through with
   * {@code truto_is_remote_error}, binds the integrated account alone; Truto's own is taken for the
   * API token's, shared by every account. Truto's per-account cap answers the same way as its
   * per-token one, so it too pauses the instance: the safe side, and rare, as Roster paces each
   * account under that cap.
   *
   * @param body the 429's body as text; may be null, empty or not JSON (then the token's)
   */
  public static RateLimitScope rateLimitScope(String body, ApiToken token) {
    return TrutoErrorBody.parse(body, new CredentialScrubber(token)).remote()
        ? RateLimitScope.ACCOUNT
        : RateLimitScope.TOKEN;
  }

  private static ErrorDecision classifyUnlisted(
      int status, RequestKind kind, TrutoErrorBody error) {
    if (status >= 500 && status <= 599) {
      return failure(
          ErrorCategory.UPSTREAM,
          Retry.WITH_BACKOFF,
          error.remote() ? "the vendor failed" : "Truto or the vendor failed",
          status,
          kind,
          error);
    }
    if (status >= 400 && status <= 499) {
      return failure(
          ErrorCategory.CONFIG, Retry.NO, "Truto refused the request", status, kind, error);
    }
    return failure(
        ErrorCategory.INVALID_RESPONSE, Retry.NO, "unexpected HTTP status", status, kind, error);
  }

  private static Failure failure(
      ErrorCategory category,
      Retry retry,
      String meaning,
      int status,
      RequestKind kind,
      TrutoErrorBody error) {
    return new Failure(category, retry, false, false, message(meaning, status, kind, error));
  }

  private static String message(
      String meaning, int status, RequestKind kind, TrutoErrorBody error) {
    String message =
        meaning
            + " (HTTP "
            + status
            + " on "
            + kind.description()
            + (error.remote() ? ", vendor error" : "")
            + "): "
            + String.join("; ", error.details());
    return message.length() > MAX_MESSAGE_CHARS
        ? Strings.truncate(message, MAX_MESSAGE_CHARS) + "…"
        : message;
  }
}
