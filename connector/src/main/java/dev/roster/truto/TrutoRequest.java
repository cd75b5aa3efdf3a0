package dev.roster.truto;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One GET to Truto: the path and query, and whose budget it spends. Its {@link #describe()} is what
 * error messages and logs show: it never includes the token, which travels only as a header, and
 * shows a long cursor shortened.
 */
record TrutoRequest(
    String budgetKey, String accountId, String path, Map<String, String> query, RequestKind kind) {

  /** The query parameter that carries the cursor of the page asked for. */
  static final String NEXT_CURSOR = "next_cursor";

  TrutoRequest {
    query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
  }

  URI uri(URI baseUrl) {
    String base =
        baseUrl.toString().endsWith("/")
            ? baseUrl.toString().substring(0, baseUrl.toString().length() - 1)
            : baseUrl.toString();
    String queryString =
        query.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
    return URI.create(base + path + (queryString.isEmpty() ? "" : "?" + queryString));
  }

  String describe() {
    return "GET "
        + path
        + (query.isEmpty()
            ? ""
            : "?"
                + query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + shown(entry))
                    .collect(Collectors.joining("&")));
  }

  /**
   * A value as {@link #describe()} shows it: a cursor shortened ({@link
   * PaginationState#shortened}).
   */
  private static String shown(Map.Entry<String, String> parameter) {
    return parameter.getKey().equals(NEXT_CURSOR)
        ? PaginationState.shortened(parameter.getValue())
        : parameter.getValue();
  }

  /** Keeps Truto's bracket notation (truto_exclude_fields[]=a, remote_query[foo]=bar) readable. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%5B", "[")
        .replace("%5D", "]");
  }
}
