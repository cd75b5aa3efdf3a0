package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request, in the order Truto would check things: method, token, scripted one-shot
 * faults, the token's budget, the account (missing, unknown), the account's budget, the account's
 * one-shot faults, its state; then the endpoint; then body corruption and delay. Each request is
 * logged before its response is sent, so a client that has its answer can already see it in the
 * log.
 */
final class SimRouter implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SimRouter.class);
  private static final String TOKEN_KEY = "token";

  private final SimulatorConfig config;
  private final Function<String, SimAccount> accounts;
  private final SimFaults globalFaults;
  private final SimRateLimiter tokenLimiter;
  private final SimRateLimiter accountLimiter;
  private final SimLog<SimRequest> requests;
  private final UsersEndpoint users;
  private final AccountsEndpoint accountsEndpoint;

  SimRouter(
      SimulatorConfig config,
      Function<String, SimAccount> accounts,
      SimFaults globalFaults,
      SimLog<SimRequest> requests,
      AccountsEndpoint accountsEndpoint) {
    this.config = config;
    this.accounts = accounts;
    this.globalFaults = globalFaults;
    this.requests = requests;
    this.accountsEndpoint = accountsEndpoint;
    this.users = new UsersEndpoint(config.partialResponseIntegrations());
    this.tokenLimiter = new SimRateLimiter(config.tokenBudget(), System::nanoTime);
    this.accountLimiter = new SimRateLimiter(config.accountBudget(), System::nanoTime);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long receivedAt = System.nanoTime();
    try (exchange) {
      SimHttpRequest request;
      SimResponse response;
      try {
        request = SimHttpRequest.of(exchange, receivedAt);
      } catch (SimBadRequest e) {
        request =
            new SimHttpRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.of(),
                null,
                receivedAt);
        send(exchange, request, SimErrors.badRequest(e.getMessage()), List.of(globalFaults));
        return;
      }
      SimAccount account = request.accountId() == null ? null : accounts.apply(request.accountId());
      List<SimFaults> faults =
          account == null ? List.of(globalFaults) : List.of(globalFaults, account.faults());
      int listPage = listPage(request, account);
      faults.forEach(f -> f.sawRequest(listPage));
      try {
        response = answer(request, account, faults);
      } catch (SimBadRequest e) {
        response = SimErrors.badRequest(e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Simulator failed on {} {}", request.method(), request.path(), e);
        response = SimResponse.error(500, "Simulator failure: " + e);
      }
      send(exchange, request, corrupt(echo(response, request, faults), faults), faults);
    } catch (IOException e) {
      // The client gave up (typically a timeout provoked by a delay fault); nothing to answer.
      LOG.debug("Client went away: {}", e.toString());
    }
  }

  private SimResponse answer(SimHttpRequest request, SimAccount account, List<SimFaults> faults) {
    if (!"GET".equals(request.method())) {
      return SimErrors.methodNotAllowed(request.method());
    }
    if (!("Bearer " + config.apiToken()).equals(request.authorization())) {
      return SimErrors.badToken();
    }
    Optional<SimResponse> preempted = preemption(globalFaults);
    if (preempted.isPresent()) {
      return preempted.get();
    }
    SimRateLimiter.Decision token = tokenLimiter.acquire(TOKEN_KEY);
    if (!token.allowed()) {
      return SimErrors.trutoRateLimited("this API token", rateHeaders(token));
    }
    String path = request.path();
    if (path.equals(TrutoSimulator.ACCOUNTS_PATH)) {
      return accountsEndpoint.list(request, globalFaults);
    }
    boolean isList = path.equals(TrutoSimulator.USERS_PATH);
    String userId =
        path.startsWith(TrutoSimulator.USERS_PATH + "/")
            ? path.substring(TrutoSimulator.USERS_PATH.length() + 1)
            : null;
    if (!isList && (userId == null || userId.isEmpty() || userId.contains("/"))) {
      return SimErrors.routeNotFound(request.method(), path);
    }
    if (request.accountId() == null || request.accountId().isBlank()) {
      return SimErrors.missingQueryParams(List.of("integrated_account_id"));
    }
    if (account == null) {
      return SimErrors.accountNotFound(request.accountId());
    }
    SimRateLimiter.Decision budget = accountLimiter.acquire(account.id());
    if (!budget.allowed()) {
      return SimErrors.trutoRateLimited("integrated account " + account.id(), rateHeaders(budget));
    }
    Optional<SimResponse> accountPreempted = preemption(account.faults());
    if (accountPreempted.isPresent()) {
      return accountPreempted.get();
    }
    if (faults.stream().anyMatch(SimFaults::takeReauth)) {
      account.state(SimAccountState.NEEDS_REAUTH); // Truto marks the account while a poll runs
    }
    if (account.state() != SimAccountState.ACTIVE) {
      return SimErrors.forState(account);
    }
    SimResponse answer =
        isList ? users.list(request, account, faults) : users.get(request, account, userId, faults);
    return answer.withHeaders(rateHeaders(budget));
  }

  /**
   * The page a list request of a known account asks for; 0 for other requests and foreign cursors.
   */
  private static int listPage(SimHttpRequest request, SimAccount account) {
    if (account == null || !request.path().equals(TrutoSimulator.USERS_PATH)) {
      return 0;
    }
    String cursor = request.param("next_cursor");
    if (cursor == null || cursor.isEmpty()) {
      return 1;
    }
    return SimCursor.decode(cursor, account.id()).map(SimCursor::page).orElse(0);
  }

  /** A scripted 429 or 5xx, if one is due. */
  private Optional<SimResponse> preemption(SimFaults faults) {
    return faults
        .takePreemption()
        .map(
            p -> {
              if (p.status() != 429) {
                return SimErrors.serverError(p.status());
              }
              Duration wait =
                  p.retryAfter() != null ? p.retryAfter() : config.accountBudget().window();
              if (p.trutoOwn()) {
                return SimErrors.trutoRateLimited(
                    "this API token",
                    rateHeaders(
                        new SimRateLimiter.Decision(
                            false, config.tokenBudget().requests(), 0, wait.toNanos())));
              }
              return SimErrors.vendorRateLimited(
                  rateHeaders(
                      new SimRateLimiter.Decision(
                          false, config.accountBudget().requests(), 0, wait.toNanos())));
            });
  }

  /** {@code ratelimit-*} headers for every answer, plus {@code Retry-After} when refused. */
  private Map<String, String> rateHeaders(SimRateLimiter.Decision decision) {
    Map<String, String> headers = new LinkedHashMap<>();
    String reset = seconds(decision.resetNanos());
    headers.put("ratelimit-limit", Integer.toString(decision.limit()));
    headers.put("ratelimit-remaining", Integer.toString(decision.remaining()));
    headers.put("ratelimit-reset", reset);
    if (!decision.allowed()) {
      headers.put("Retry-After", reset);
    }
    return headers;
  }

  private String seconds(long nanos) {
    if (config.retryAfterFormat() == SimulatorConfig.RetryAfterFormat.FRACTIONAL_SECONDS) {
      return String.format(Locale.ROOT, "%.3f", Math.max(1, nanos / 1_000_000) / 1000.0);
    }
    return Long.toString(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  /** Breaks the body of a 200 answer when a malformed or truncated fault is due. */
  private static SimResponse corrupt(SimResponse response, List<SimFaults> faults) {
    if (response.status() != 200) {
      return response;
    }
    for (SimFaults f : faults) {
      switch (f.takeCorruption()) {
        case MALFORMED:
          // Complete but unparseable: a doubled comma after the first field.
          String text = new String(response.body(), StandardCharsets.UTF_8);
          return response.withBody(text.replaceFirst(",", ",,").getBytes(StandardCharsets.UTF_8));
        case TRUNCATED:
          return response.withBody(Arrays.copyOf(response.body(), response.body().length / 2));
        case NONE:
          break;
      }
    }
    return response;
  }

  /** An answer that repeats the request's Authorization header, when a fault says so. */
  private static SimResponse echo(
      SimResponse response, SimHttpRequest request, List<SimFaults> faults) throws IOException {
    if (response.status() == 200 && faults.stream().anyMatch(SimFaults::isEchoingRequestInPages)) {
      return SimEcho.page(response, request);
    }
    if (response.status() < 400 || faults.stream().noneMatch(SimFaults::isEchoingRequest)) {
      return response;
    }
    ObjectNode body = (ObjectNode) SimResponse.MAPPER.readTree(response.body());
    body.put(
        "message",
        body.path("message").asText()
            + " (request GET "
            + request.path()
            + " with Authorization: "
            + request.authorization()
            + ")");
    ObjectNode headers =
        body.putObject("truto_error_insight").putObject("request").putObject("headers");
    headers.put("Authorization", request.authorization());
    headers.put("Accept", "application/json");
    return response.withBody(SimResponse.MAPPER.writeValueAsBytes(body));
  }

  private void send(
      HttpExchange exchange, SimHttpRequest request, SimResponse response, List<SimFaults> faults)
      throws IOException {
    Duration delay =
        faults.stream().map(SimFaults::delay).max(Duration::compareTo).orElse(Duration.ZERO);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down: answer at once
      }
    }
    requests.add(
        new SimRequest(
            request.method(),
            request.path(),
            request.query(),
            request.accountId(),
            response.status(),
            request.receivedAtNanos()));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    response.headers().forEach(exchange.getResponseHeaders()::set);
    long length = response.padding().bytes() + response.body().length;
    // The JDK server takes a length of -1 for "no body" and 0 for "chunked, length untold".
    exchange.sendResponseHeaders(
        response.status(),
        length == 0 ? -1 : response.padding().framing() == SimFaults.Framing.CHUNKED ? 0 : length);
    try (OutputStream out = exchange.getResponseBody()) {
      response.padding().writeTo(out);
      out.write(response.body());
    }
  }
}
