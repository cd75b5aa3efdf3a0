package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The canned error answers, in Truto's shapes (docs/architecture.md#truto-errors); one place for
 * their wording.
 */
final class SimErrors {

  private SimErrors() {}

  /** Our API token is wrong: no remote flag, which is what tells it apart from a vendor 401. */
  static SimResponse badToken() {
    return SimResponse.error(401, "Invalid API token");
  }

  static SimResponse missingQueryParams(List<String> names) {
    ObjectNode extras = SimResponse.MAPPER.createObjectNode();
    extras
        .putObject("truto_error_insight")
        .putObject("missing_required_query_parameters")
        .set("value", SimResponse.MAPPER.valueToTree(names));
    return SimResponse.error(
        400, "Missing required query parameters: " + String.join(", ", names), extras);
  }

  static SimResponse badRequest(String message) {
    return SimResponse.error(400, message);
  }

  static SimResponse accountNotFound(String accountId) {
    return SimResponse.error(404, "Integrated account " + accountId + " not found");
  }

  /** A get for a user the vendor does not have (e.g. removed between list and get). */
  static SimResponse userNotFound(String userId) {
    ObjectNode raw =
        SimResponse.MAPPER.createObjectNode().put("message", "Not Found").put("id", userId);
    return SimResponse.error(404, "Resource not found", SimResponse.remote(raw));
  }

  static SimResponse routeNotFound(String method, String path) {
    return SimResponse.error(404, "Cannot " + method + " " + path);
  }

  static SimResponse methodNotAllowed(String method) {
    return SimResponse.error(405, "Method " + method + " is not supported by the simulator");
  }

  /** Truto's own cap (per token or per account) was hit. */
  static SimResponse trutoRateLimited(String what, Map<String, String> rateHeaders) {
    return SimResponse.error(429, "Rate limit exceeded for " + what).withHeaders(rateHeaders);
  }

  /** A scripted 429: the vendor's limit passing through. */
  static SimResponse vendorRateLimited(Map<String, String> rateHeaders) {
    ObjectNode raw =
        SimResponse.MAPPER.createObjectNode().put("message", "API rate limit exceeded");
    return SimResponse.error(429, "Rate limited by the integration", SimResponse.remote(raw))
        .withHeaders(rateHeaders);
  }

  /** A scripted 5xx. 502 is a vendor failure passing through; 500 keeps Truto's empty message. */
  static SimResponse serverError(int status) {
    switch (status) {
      case 500:
        return SimResponse.error(500, "");
      case 502:
        ObjectNode raw =
            SimResponse.MAPPER
                .createObjectNode()
                .put("message", "upstream connect error or disconnect/reset before headers");
        return SimResponse.error(
            502, "The integration returned an invalid response", SimResponse.remote(raw));
      case 504:
        return SimResponse.error(504, "The integration did not respond in time");
      default:
        return SimResponse.error(status, "Simulated failure");
    }
  }

  /** What a unified call answers for an account that is not {@link SimAccountState#ACTIVE}. */
  static SimResponse forState(SimAccount account) {
    switch (account.state()) {
      case NEEDS_REAUTH:
        ObjectNode raw =
            SimResponse.MAPPER
                .createObjectNode()
                .put("error", "invalid_grant")
                .put("error_description", "Token has been expired or revoked.");
        return SimResponse.error(
            401, "The integrated account needs to be re-authenticated", SimResponse.remote(raw));
      case MISSING_SCOPES:
        String scope = account.integration().slug() + ".users.read";
        ObjectNode extras =
            SimResponse.remote(
                SimResponse.MAPPER
                    .createObjectNode()
                    .put("error", "insufficient_scope")
                    .put("scope", scope));
        extras
            .putObject("truto_error_insight")
            .putObject("forbidden_error")
            .put("message", "The integrated account was connected without the scope " + scope)
            .putArray("missing_scopes")
            .add(scope);
        return SimResponse.error(403, "Forbidden by the integration", extras);
      case BLOCKED:
        return SimResponse.error(503, "The integrated account is blocked");
      default:
        return SimResponse.error(
            400,
            "The integrated account is not active (status: " + account.state().wireStatus() + ")");
    }
  }
}
