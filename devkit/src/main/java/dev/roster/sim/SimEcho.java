package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * What {@link SimFaults#echoRequestInPages} does to a successful answer: Truto, or a gateway in
 * front of it, repeating the request's {@code Authorization} header wherever a vendor's text can
 * go. The body gains the request's headers (first, so a truncated or malformed body still holds
 * them), the next cursor carries the header, a response header repeats it, and the first page of a
 * list gains an entry made of it: a user (its id, name, status, email, remote_data) or an
 * integrated account (its id, tenant). A cursor's echoed prefix, up to {@link #CURSOR_SEPARATOR},
 * is ignored when the cursor comes back, as it would be by a gateway that added it.
 */
final class SimEcho {

  /** The start of the id of the user or account an echoing first page gains. */
  static final String ID_PREFIX = "echo ";

  /** Ends the echoed prefix of a cursor; never part of a cursor of ours (base64url). */
  static final String CURSOR_SEPARATOR = "~";

  private SimEcho() {}

  /** {@code response} with the request's Authorization header echoed, when it is a JSON object. */
  static SimResponse page(SimResponse response, SimHttpRequest request) {
    String authorization = request.authorization() == null ? "" : request.authorization();
    JsonNode parsed;
    try {
      parsed = SimResponse.MAPPER.readTree(response.body());
    } catch (IOException notJson) {
      return response; // a splice that is not JSON on purpose: leave it as it was
    }
    if (parsed == null || !parsed.isObject()) {
      return response;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode echoed = body.putObject("request");
    echoed.put("method", request.method()).put("path", request.path());
    echoed
        .putObject("headers")
        .put("Authorization", authorization)
        .put("Accept", "application/json");
    body.setAll((ObjectNode) parsed);
    JsonNode cursor = body.get("next_cursor");
    if (cursor != null && cursor.isTextual() && !cursor.asText().isEmpty()) {
      // Never echoed twice: a cursor loop must still repeat the cursor it was asked with.
      body.put("next_cursor", authorization + CURSOR_SEPARATOR + cursor(cursor.asText()));
    }
    boolean accounts = request.path().equals(TrutoSimulator.ACCOUNTS_PATH);
    boolean list = accounts || request.path().equals(TrutoSimulator.USERS_PATH);
    String requestCursor = request.param("next_cursor");
    if (list && (requestCursor == null || requestCursor.isEmpty())) {
      body.properties().stream()
          .filter(field -> field.getValue().isArray())
          .findFirst()
          .ifPresent(
              entries ->
                  ((ArrayNode) entries.getValue())
                      .insert(0, accounts ? account(authorization) : user(authorization)));
    }
    return SimResponse.json(response.status(), body)
        .withHeaders(response.headers())
        .withHeaders(Map.of("x-echo-authorization", authorization))
        .withPadding(response.padding());
  }

  /** The user an echoing first page gains, and a get of its id answers. */
  static ObjectNode user(String authorization) {
    String token = bare(authorization);
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    user.put("id", ID_PREFIX + authorization)
        .put("name", token)
        .put("username", token)
        .put("title", "Signed in with " + authorization)
        .put("status", token);
    user.putArray("emails")
        .addObject()
        .put("email", token + "@echo.example")
        .put("type", "work")
        .put("is_primary", true);
    ObjectNode remote = user.putObject("remote_data");
    remote.putObject("headers").put("Authorization", authorization);
    remote.put("session", token);
    return user;
  }

  /** Whether {@code id} is the id of an echoed entry. */
  static boolean isEchoed(String id) {
    return id.startsWith(ID_PREFIX);
  }

  /** {@code cursor} without an echoed prefix. */
  static String cursor(String cursor) {
    return cursor.substring(cursor.lastIndexOf(CURSOR_SEPARATOR) + 1);
  }

  private static ObjectNode account(String authorization) {
    ObjectNode account = JsonNodeFactory.instance.objectNode();
    account.put("id", ID_PREFIX + authorization).put("tenant_id", bare(authorization));
    account.put("status", "active").putObject("integration").put("name", "slack");
    return account;
  }

  private static String bare(String authorization) {
    return authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length())
        : authorization;
  }
}
