package dev.roster.sim;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The parts of an incoming request the endpoints look at, parsed once. Query keys are kept as sent,
 * so bracket notation arrives as e.g. {@code truto_exclude_fields[]}.
 */
record SimHttpRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    String authorization,
    long receivedAtNanos) {

  static SimHttpRequest of(HttpExchange exchange, long receivedAtNanos) {
    return new SimHttpRequest(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getPath(),
        parseQuery(exchange.getRequestURI().getRawQuery()),
        exchange.getRequestHeaders().getFirst("Authorization"),
        receivedAtNanos);
  }

  /** The first value of {@code name}, or null when absent. */
  String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The parameter {@code name} as a positive integer, when given; anything else is refused. */
  OptionalInt positiveInt(String name) {
    String text = param(name);
    if (text == null || text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return OptionalInt.of(value);
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw new SimBadRequest(name + " must be a positive integer, was " + text);
  }

  String accountId() {
    return param("integrated_account_id");
  }

  /** Without the Authorization header, which carries the token. */
  @Override
  public String toString() {
    return "SimHttpRequest[method="
        + method
        + ", path="
        + path
        + ", query="
        + query
        + ", authorization="
        + (authorization == null ? "none" : "****")
        + ", receivedAtNanos="
        + receivedAtNanos
        + "]";
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SimBadRequest("Malformed query string");
    }
  }
}
