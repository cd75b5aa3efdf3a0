package dev.roster.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.ops.HealthCheck.CheckResult;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window on one Roster instance: /metrics (Prometheus), /health/live, /health/ready
 * (each check bounded in time, so a hung broker makes the instance unready, not the probe hang; 503
 * with a JSON body naming what is down) and the status page at /; who may read which is {@link
 * OpsSettings}' and {@link AllowedHosts}' (docs/architecture.md#ops-access).
 *
 * <p>No request can hold up the probes (docs/architecture.md#ops-server). Jetty parses requests
 * without blocking, so clients that connect and send nothing, or trickle their headers, hold no
 * thread; idle connections are closed after {@link #IDLE_TIMEOUT}, and at most {@link
 * #MAX_CONNECTIONS} are open. Every answer is a {@link SharedAnswer}: health from the checks run at
 * most once per {@link #LIVE_CACHE} or {@link #READY_CACHE} on threads of their own, a scrape and
 * the page built at most once per {@link #RENDER_CACHE} on two threads of their own. A request
 * thread only routes and hands over bytes, which Jetty writes without blocking; so however many
 * clients scrape a large /metrics at once, one scrape is computed and the request threads stay free
 * for the probes.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  static final Duration LIVE_CACHE = Duration.ofSeconds(1);
  static final Duration READY_CACHE = Duration.ofSeconds(5);

  /**
   * Scrapes and pages shared for this long: Prometheus scrapes every 15 s or more, so only
   * concurrent scrapers (HA pairs, curious clients) share one.
   */
  static final Duration RENDER_CACHE = Duration.ofSeconds(1);

  /**
   * A scrape or page that took long is kept four times as long again, so their thread computes at
   * most a fifth of the time (a scrape of 5,000 accounts takes most of a second).
   */
  static final int RENDER_IDLE_MULTIPLE = 4;

  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Open connections at most, a bound on the memory and file descriptors clients can take; beyond
   * it new connections, probes included, wait in the kernel's accept queue until one closes (idle
   * ones within {@link #IDLE_TIMEOUT}). Far above what Prometheus, probes and a browser use.
   */
  static final int MAX_CONNECTIONS = 256;

  /**
   * The idle timeout while {@link #MAX_CONNECTIONS} are open; Jetty applies it from each
   * connection's next idle check.
   */
  static final Duration IDLE_TIMEOUT_AT_LIMIT = Duration.ofSeconds(2);

  private static final int MAX_THREADS = 16;
  private static final int MAX_HEADER_BYTES = 8 * 1024;
  private static final int MAX_DETAIL_CHARS = 300;
  private static final String TEXT = "text/plain; charset=utf-8";

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
  private final ExecutorService renderer;
  private final SharedAnswer<Reply> liveness;
  private final SharedAnswer<Reply> readiness;
  private final SharedAnswer<Reply> scrapes;
  private final SharedAnswer<Reply> pages;
  private final Optional<BearerToken> statusPageToken;
  private final Optional<BearerToken> metricsToken;
  private final AllowedHosts allowedHosts;

  /**
   * Binds and starts serving.
   *
   * @param settings host and port (port 0 picks a free one, see {@link #url()}) and the tokens
   * @param checks what liveness and readiness need
   */
  public OpsServer(
      OpsSettings settings,
      OpsState state,
      RosterMetrics metrics,
      HealthChecks checks,
      Clock clock) {
    this.statusPageToken = settings.statusPageToken();
    this.metricsToken = settings.metricsToken();
    this.allowedHosts = new AllowedHosts(settings.configuredHost());
    // Shared answers bound the work: one run of the checks per period, each check a thread.
    this.checkRunner = Executors.newCachedThreadPool(daemon("roster-ops-check"));
    // Two: a scrape and a page, one of each at a time, so neither waits for the other.
    this.renderer = Executors.newFixedThreadPool(2, daemon("roster-ops-render"));
    this.liveness =
        new SharedAnswer<>(() -> health(checks.live()), LIVE_CACHE, 0, System::nanoTime);
    this.readiness =
        new SharedAnswer<>(() -> health(checks.ready()), READY_CACHE, 0, System::nanoTime);
    this.scrapes =
        new SharedAnswer<>(
            () ->
                render(
                    () -> Reply.ok("text/plain; version=0.0.4; charset=utf-8", metrics.scrape())),
            RENDER_CACHE,
            RENDER_IDLE_MULTIPLE,
            System::nanoTime);
    this.pages =
        new SharedAnswer<>(
            () ->
                render(
                    () ->
                        Reply.ok(
                            "text/html; charset=utf-8", StatusPage.render(state, clock.instant()))),
            RENDER_CACHE,
            RENDER_IDLE_MULTIPLE,
            System::nanoTime);
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
    NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
    limit.setEndPointIdleTimeout(IDLE_TIMEOUT_AT_LIMIT.toMillis());
    server.addBean(limit);
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

    /**
     * Routing never blocks (answers are computed elsewhere, bytes written without waiting), so
     * Jetty may handle a request on the thread that read it: a probe needs no hand-over to a
     * request thread, which on a busy machine is a wait for the CPU.
     */
    Routes() {
      super(InvocationType.NON_BLOCKING);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(response, callback, Reply.text(405, "Only GET\n"));
        return true;
      }
      switch (Request.getPathInContext(request)) {
        case "/metrics" ->
            answer(request, response, callback, metricsToken, "ops.metrics-token", scrapes);
        case "/health/live" -> answer(request, response, callback, Optional.empty(), "", liveness);
        case "/health/ready" ->
            answer(request, response, callback, Optional.empty(), "", readiness);
        case "/" -> {
          response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
          response.getHeaders().put("X-Frame-Options", "DENY");
          response.getHeaders().put("Referrer-Policy", "no-referrer");
          answer(request, response, callback, statusPageToken, "ops.auth-token", pages);
        }
        default -> send(response, callback, Reply.text(404, "Not found\n"));
      }
      return true;
    }
  }

  /**
   * The shared answer, to a request that carries the path's token, or, for a path without one, that
   * names a Host a rebound name cannot be.
   */
  private void answer(
      Request request,
      Response response,
      Callback callback,
      Optional<BearerToken> token,
      String tokenKey,
      SharedAnswer<Reply> answer) {
    if (token.isPresent()) {
      if (!token
          .get()
          .admits(Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"roster\"");
        send(
            response,
            callback,
            Reply.text(401, "This needs its bearer token (" + tokenKey + ")\n"));
        return;
      }
    } else if (!allowedHosts.admits(
        Optional.ofNullable(request.getHeaders().get(HttpHeader.HOST)))) {
      send(
          response,
          callback,
          Reply.text(
              421,
              "Without a token, Roster answers only requests to localhost, an IP address or"
                  + " ops.host (a defence against DNS rebinding)\n"));
      return;
    }
    answer
        .get()
        .whenComplete(
            (reply, failure) ->
                send(
                    response,
                    callback,
                    failure == null
                        ? reply
                        : Reply.text(500, safeDetail(describe(unwrapped(failure))) + "\n")));
  }

  /**
   * What a health check run says, as the JSON body of its answer; no request thread waits for it.
   */
  private CompletableFuture<Reply> health(Map<String, HealthCheck> asked) {
    return CompletableFuture.supplyAsync(() -> healthReply(runBounded(asked)), checkRunner);
  }

  private static Reply healthReply(HealthReport report) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode results = JSON.createObjectNode();
    report
        .results()
        .forEach(
            (name, result) ->
                results
                    .putObject(name)
                    .put("status", result.up() ? "UP" : "DOWN")
                    .put("detail", safeDetail(result.detail())));
    body.put("status", report.up() ? "UP" : "DOWN");
    body.set("checks", results);
    try {
      return Reply.shared(
          report.up() ? 200 : 503, "application/json", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletableFuture<Reply> render(Supplier<Reply> work) {
    return CompletableFuture.supplyAsync(work, renderer);
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

  private static void send(Response response, Callback callback, Reply reply) {
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().remaining());
    // A position of its own over the shared bytes, which nobody writes: no copy per request.
    response.write(true, reply.body().duplicate(), callback);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /**
   * One answer, encoded once and handed to every request that shares it. The body is a direct
   * buffer: a socket writes a heap buffer by copying all that remains of it into a direct one for
   * every partial write, over and over for a body of megabytes.
   */
  private record Reply(int status, String contentType, ByteBuffer body) {

    /** An answer many requests share: encoded once, outside the heap. */
    static Reply shared(int status, String contentType, byte[] body) {
      return new Reply(
          status,
          contentType,
          ByteBuffer.allocateDirect(body.length).put(body).flip().asReadOnlyBuffer());
    }

    static Reply ok(String contentType, String body) {
      return shared(200, contentType, bytes(body));
    }

    /** A short answer to one request. */
    static Reply text(int status, String body) {
      return new Reply(status, TEXT, ByteBuffer.wrap(bytes(body)).asReadOnlyBuffer());
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
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("The ops server did not stop cleanly: {}", e.toString());
    }
    checkRunner.shutdownNow();
    renderer.shutdownNow();
  }
}
