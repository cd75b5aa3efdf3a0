package dev.roster.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.roster.ops.HealthCheck.CheckResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's window on one Roster instance: /metrics (Prometheus), /health/live, /health/ready
 * (each check bounded in time, so a hung broker makes the instance unready, not the probe hang; 503
 * with a JSON body naming what is down) and the status page at /.
 */
public final class OpsServer implements AutoCloseable {

  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ExecutorService checkRunner;
  private final OpsState state;
  private final RosterMetrics metrics;
  private final HealthChecks checks;
  private final Clock clock;

  /**
   * Binds and starts serving.
   *
   * @param address host and port; port 0 picks a free one (see {@link #url()})
   * @param checks what liveness and readiness need
   */
  public OpsServer(InetSocketAddress address, OpsState state, RosterMetrics metrics, HealthChecks checks, Clock clock) {
    this.state = state;
    this.metrics = metrics;
    this.checks = checks;
    this.clock = clock;
    this.handlers = Executors.newFixedThreadPool(2, daemon("roster-ops-http"));
    this.checkRunner = Executors.newCachedThreadPool(daemon("roster-ops-check"));
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the ops server to " + address, e);
    }
    server.setExecutor(handlers);
    server.createContext("/metrics", get(this::metrics));
    server.createContext("/health/live", get(exchange -> health(exchange, checks.live())));
    server.createContext("/health/ready", get(exchange -> health(exchange, checks.ready())));
    server.createContext("/", get(this::statusPage));
    server.start();
  }

  /** Where the server listens, e.g. http://127.0.0.1:43117/ */
  public URI url() {
    InetSocketAddress bound = server.getAddress();
    return URI.create("http://" + bound.getHostString() + ":" + bound.getPort() + "/");
  }

  private void metrics(HttpExchange exchange) throws IOException {
    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
  }

  private void statusPage(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      send(exchange, 404, "text/plain; charset=utf-8", "Not found\n");
      return;
    }
    send(exchange, 200, "text/html; charset=utf-8", StatusPage.render(state, clock.instant()));
  }

  private void health(HttpExchange exchange, Map<String, HealthCheck> checks) throws IOException {
    Map<String, Future<CheckResult>> running = new LinkedHashMap<>();
    checks.forEach((name, check) -> running.put(name, checkRunner.submit(check::check)));
    long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
    ObjectNode body = JSON.createObjectNode();
    ObjectNode results = JSON.createObjectNode();
    boolean allUp = true;
    for (Map.Entry<String, Future<CheckResult>> entry : running.entrySet()) {
      CheckResult result = outcome(entry.getValue(), deadline);
      allUp &= result.up();
      results.putObject(entry.getKey()).put("status", result.up() ? "UP" : "DOWN").put("detail", result.detail());
    }
    body.put("status", allUp ? "UP" : "DOWN");
    body.set("checks", results);
    send(exchange, allUp ? 200 : 503, "application/json", JSON.writeValueAsString(body));
  }

  private static CheckResult outcome(Future<CheckResult> check, long deadline) {
    try {
      CheckResult result = check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return result == null ? CheckResult.down("the check gave no answer") : result;
    } catch (TimeoutException e) {
      check.cancel(true);
      return CheckResult.down("no answer within " + CHECK_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      return CheckResult.down(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.down("interrupted");
    }
  }

  private static HttpHandler get(HttpHandler handler) {
    return exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
          send(exchange, 405, "text/plain; charset=utf-8", "Only GET\n");
          return;
        }
        handler.handle(exchange);
      }
    };
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    checkRunner.shutdownNow();
  }
}
