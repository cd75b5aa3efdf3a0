package dev.roster.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.ops.HealthCheck.CheckResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window on one Roster instance: /metrics (Prometheus), /health/live, /health/ready
 * (each check bounded in time, so a hung broker makes the instance unready, not the probe hang; 503
 * with a JSON body naming what is down) and the status page at /, behind a bearer token when one is
 * configured.
 *
 * <p>Jetty parses requests without blocking, so clients that connect and send nothing, or trickle
 * their headers, hold no thread and cannot starve the probes; idle connections are closed after
 * {@link #IDLE_TIMEOUT}. Health answers are written when their checks complete, again without
 * holding a request thread, and readiness is cached for {@link #READY_CACHE}.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  static final Duration READY_CACHE = Duration.ofSeconds(5);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_THREADS = 16;
  private static final int MAX_HEADER_BYTES = 8 * 1024;
  private static final int MAX_DETAIL_CHARS = 300;

  /** user:secret@ in a URL an exception names, e.g. the registry's. */
  private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

  /**
   * The page is server-rendered HTML with one inline style sheet and no scripts, images or forms.
   */
  private static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
          + "form-action 'none'; frame-ancestors 'none'";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService checkRunner;
  private final OpsState state;
  private final RosterMetrics metrics;
  private final HealthChecks checks;
  private final CachedHealth readiness;
  private final Optional<BearerToken> statusPageToken;
  private final Clock clock;

  /**
   * Binds and starts serving.
   *
   * @param settings host and port (port 0 picks a free one, see {@link #url()}) and the status
   *     page's token
   * @param checks what liveness and readiness need
   */
  public OpsServer(
      OpsSettings settings,
      OpsState state,
      RosterMetrics metrics,
      HealthChecks checks,
      Clock clock) {
    this.state = state;
    this.metrics = metrics;
    this.checks = checks;
    this.clock = clock;
    this.statusPageToken = settings.statusPageToken();
    this.checkRunner = Executors.newCachedThreadPool(daemon("roster-ops-check"));
    this.readiness = new CachedHealth(() -> run(checks.ready()), READY_CACHE, clock::instant);
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("roster-ops-http");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    InetSocketAddress address = settings.address();
    // The address's literal where it is resolved, so that url() says what was bound (127.0.0.1, not
    // localhost).
    connector.setHost(
        address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress());
    connector.setPort(settings.address().getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    errors.setShowMessageInTitle(false);
    server.setErrorHandler(errors);
    server.setHandler(new Routes());
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "Cannot start the ops server on " + settings.address() + ": " + e.getMessage(), e);
    }
  }

  /** Where the server listens, e.g. http://127.0.0.1:43117/ */
  public URI url() {
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + connector.getLocalPort()
            + "/");
  }

  private final class Routes extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(response, callback, 405, "text/plain; charset=utf-8", "Only GET\n");
        return true;
      }
      switch (Request.getPathInContext(request)) {
        case "/metrics" ->
            send(
                response,
                callback,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape());
        case "/health/live" -> answer(run(checks.live()), response, callback);
        case "/health/ready" -> answer(readiness.get(), response, callback);
        case "/" -> statusPage(request, response, callback);
        default -> send(response, callback, 404, "text/plain; charset=utf-8", "Not found\n");
      }
      return true;
    }
  }

  private void statusPage(Request request, Response response, Callback callback) {
    if (statusPageToken.isPresent()
        && !statusPageToken
            .get()
            .admits(Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"roster\"");
      send(
          response,
          callback,
          401,
          "text/plain; charset=utf-8",
          "The status page needs its bearer token (ops.auth-token)\n");
      return;
    }
    response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
    response.getHeaders().put("X-Frame-Options", "DENY");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    send(
        response,
        callback,
        200,
        "text/html; charset=utf-8",
        StatusPage.render(state, clock.instant()));
  }

  /** Writes the report when the checks are done; no request thread waits for them. */
  private static void answer(
      CompletableFuture<HealthReport> report, Response response, Callback callback) {
    report.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            callback.failed(failure);
            return;
          }
          ObjectNode body = JSON.createObjectNode();
          ObjectNode results = JSON.createObjectNode();
          done.results()
              .forEach(
                  (name, result) ->
                      results
                          .putObject(name)
                          .put("status", result.up() ? "UP" : "DOWN")
                          .put("detail", safeDetail(result.detail())));
          body.put("status", done.up() ? "UP" : "DOWN");
          body.set("checks", results);
          try {
            send(
                response,
                callback,
                done.up() ? 200 : 503,
                "application/json",
                JSON.writeValueAsString(body));
          } catch (JsonProcessingException e) {
            callback.failed(e);
          }
        });
  }

  private CompletableFuture<HealthReport> run(Map<String, HealthCheck> asked) {
    return CompletableFuture.supplyAsync(() -> runBounded(asked), checkRunner);
  }

  /** Every check at once, each given until one deadline. */
  private HealthReport runBounded(Map<String, HealthCheck> asked) {
    Map<String, Future<CheckResult>> running = new LinkedHashMap<>();
    asked.forEach((name, check) -> running.put(name, checkRunner.submit(check::check)));
    long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
    Map<String, CheckResult> results = new LinkedHashMap<>();
    running.forEach((name, check) -> results.put(name, outcome(check, deadline)));
    return new HealthReport(results);
  }

  private static CheckResult outcome(Future<CheckResult> check, long deadline) {
    try {
      CheckResult result =
          check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return result == null ? CheckResult.down("the check gave no answer") : result;
    } catch (TimeoutException e) {
      check.cancel(true);
      return CheckResult.down("no answer within " + CHECK_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      return CheckResult.down(describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.down("interrupted");
    }
  }

  /**
   * A check that threw, by the exception's kind and message (no stack trace), for {@link
   * #safeDetail}.
   */
  static String describe(Throwable failure) {
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }

  /**
   * What a check said, fit for an unauthenticated probe: one line, any credentials in a URL it
   * names removed, bounded in length (a check may quote an exception or a poll's last error).
   */
  static String safeDetail(String detail) {
    String line = URL_USER_INFO.matcher(detail).replaceAll("").replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "…";
  }

  private static void send(
      Response response, Callback callback, int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
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
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("The ops server did not stop cleanly: {}", e.toString());
    }
    checkRunner.shutdownNow();
  }
}
