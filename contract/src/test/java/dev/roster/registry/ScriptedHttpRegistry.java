package dev.roster.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP endpoint answering fixed responses per "METHOD path", recording every request. Used only
 * where a real registry cannot be made to answer a given way (a Confluent-version-specific error
 * code, a non-JSON error page) and to count requests for the cache tests; the registry contract
 * itself is proven against the embedded registry and a real Apicurio server.
 */
final class ScriptedHttpRegistry implements AutoCloseable {

  record Answer(int status, String body) {}

  record Seen(
      String method, String pathAndQuery, String authorization, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Seen> requests = new CopyOnWriteArrayList<>();

  ScriptedHttpRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            requests.add(
                new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer =
                answers.getOrDefault(
                    key,
                    new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.start();
  }

  ScriptedHttpRegistry answer(String methodAndPath, int status, String body) {
    answers.put(methodAndPath, new Answer(status, body));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long count(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
