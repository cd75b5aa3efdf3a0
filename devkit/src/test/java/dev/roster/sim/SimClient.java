package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A plain java.net.http client for the simulator's tests; it does no retrying of its own. */
final class SimClient {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;
  private final String token;

  SimClient(TrutoSimulator sim) {
    this(sim.baseUrl(), sim.config().apiToken());
  }

  SimClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  SimClient withToken(String otherToken) {
    return new SimClient(baseUrl, otherToken);
  }

  /** A reply: status, headers and body text. */
  record Reply(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Reply get(String path, Map<String, String> params) {
    return get(path, params, Duration.ofSeconds(30));
  }

  Reply get(String path, Map<String, String> params, Duration timeout) {
    StringBuilder uri = new StringBuilder(baseUrl).append(path);
    String sep = "?";
    for (Map.Entry<String, String> p : params.entrySet()) {
      uri.append(sep).append(enc(p.getKey())).append('=').append(enc(p.getValue()));
      sep = "&";
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri.toString()))
            .timeout(timeout)
            .GET()
            .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply list(String accountId, Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("integrated_account_id", accountId);
    params.putAll(extra);
    return get(TrutoSimulator.USERS_PATH, params);
  }

  Reply user(String accountId, String userId) {
    return get(
        TrutoSimulator.USERS_PATH + "/" + enc(userId), Map.of("integrated_account_id", accountId));
  }

  /** The pages of a full walk; fails on an error status or a repeated cursor. */
  List<JsonNode> walk(String accountId, Map<String, String> extra) {
    List<JsonNode> pages = new ArrayList<>();
    Set<String> seenCursors = new HashSet<>();
    String cursor = null;
    do {
      Map<String, String> params = new LinkedHashMap<>(extra);
      if (cursor != null) {
        params.put("next_cursor", cursor);
      }
      Reply reply = list(accountId, params);
      assertThat(reply.status())
          .as("page %d of %s: %s", pages.size() + 1, accountId, reply.body())
          .isEqualTo(200);
      JsonNode page = reply.json();
      pages.add(page);
      JsonNode next = page.get("next_cursor");
      cursor = next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText();
      assertThat(cursor == null || seenCursors.add(cursor))
          .as("cursor repeated: %s", cursor)
          .isTrue();
    } while (cursor != null);
    return pages;
  }

  /** Every user of a full walk, in order. */
  List<JsonNode> walkUsers(String accountId, Map<String, String> extra) {
    List<JsonNode> users = new ArrayList<>();
    walk(accountId, extra).forEach(page -> page.get("result").forEach(users::add));
    return users;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
