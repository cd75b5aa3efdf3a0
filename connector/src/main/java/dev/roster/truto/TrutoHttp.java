package dev.roster.truto;

import dev.roster.avro.ErrorCategory;
import dev.roster.truto.ErrorDecision.Failure;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends GETs to Truto politely and stubbornly: paced within the account's budget and this
 * instance's share of the token's, each whole exchange bounded by the request timeout and each
 * body, success or error, by {@link TrutoClientSettings#maxResponseBytes()} (a larger one fails
 * INVALID_RESPONSE at once: asking again would bring the same flood), 429s waited out as Truto says
 * (by every request of the account, for a vendor's limit, or of the instance, for Truto's own),
 * transient failures retried with exponential backoff and jitter (resilience4j), and every final
 * failure classified by {@link TrutoErrorClassifier}.
 */
final class TrutoHttp {

  private static final Logger LOG = LoggerFactory.getLogger(TrutoHttp.class);

  /**
   * One HTTP exchange: its status, the rate-limit wait it asked for, and its body, read up to the
   * cap.
   */
  private record Exchange(int status, Optional<Duration> rateLimitWait, CappedBody body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    byte[] bytes() {
      return ((CappedBody.Whole) body).bytes();
    }

    String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }
  }

  /** What a successful call answered. */
  sealed interface Reply {
    record Body(byte[] bytes) implements Reply {}

    /** A get answered 404: the user vanished between the list and the get. */
    record Absent(String message) implements Reply {}
  }

  private final TrutoClientSettings settings;
  private final HttpClient http;
  private final RequestPacer pacer;
  private final IntervalFunction backoff;
  private final TrutoCallListener listener;
  private final CredentialScrubber scrubber;

  TrutoHttp(TrutoClientSettings settings, TrutoCallListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.scrubber = new CredentialScrubber(settings.apiToken());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .build();
    this.pacer = new RequestPacer(settings.perAccount(), settings.perToken());
    RetrySettings retry = settings.retry();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            retry.initialBackoff(), 2.0, 0.5, retry.maxBackoff());
  }

  /**
   * @param calls counts every HTTP request made, retries included
   * @throws TrutoCallFailed when the request failed for good
   */
  Reply get(TrutoRequest request, AtomicInteger calls)
      throws TrutoCallFailed, InterruptedException {
    Retry retry =
        Retry.of(
            "truto",
            RetryConfig.<Exchange>custom()
                .maxAttempts(settings.retry().maxAttempts())
                .retryOnResult(exchange -> retryable(exchange, request))
                .retryExceptions(IOException.class)
                .intervalBiFunction(
                    (attempt, outcome) ->
                        outcome.isRight() && outcome.get().rateLimitWait().isPresent()
                            ? cappedRateLimitWait(outcome.get().rateLimitWait().get())
                            : backoff.apply(attempt))
                .consumeResultBeforeRetryAttempt(
                    (attempt, exchange) -> {
                      LOG.info(
                          "Truto answered HTTP {} to {} for account {}; retry {} of {}",
                          exchange.status(),
                          // A cursor Truto sent may echo the token.
                          scrubber.scrub(request.describe()),
                          request.accountId(),
                          attempt,
                          settings.retry().maxAttempts() - 1);
                      listener.retried(request.accountId(), Integer.toString(exchange.status()));
                    })
                .failAfterMaxAttempts(false)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              if (event.getLastThrowable() != null) {
                listener.retried(
                    request.accountId(),
                    event.getLastThrowable() instanceof HttpTimeoutException ? "timeout" : "io");
              }
            });
    Exchange exchange;
    try {
      exchange = retry.executeCheckedSupplier(() -> send(request, calls));
    } catch (InterruptedException e) {
      throw e;
    } catch (HttpTimeoutException e) {
      throw new TrutoCallFailed(
          ErrorCategory.TIMEOUT,
          where(request)
              + ": no answer within "
              + settings.requestTimeout()
              + " after "
              + settings.retry().maxAttempts()
              + " attempts",
          false,
          false,
          null);
    } catch (IOException e) {
      throw new TrutoCallFailed(
          ErrorCategory.UPSTREAM,
          where(request)
              + ": could not reach Truto at "
              + settings.baseUrl()
              + " after "
              + settings.retry().maxAttempts()
              + " attempts: "
              + e,
          false,
          false,
          null);
    } catch (Throwable e) {
      throw new TrutoCallFailed(ErrorCategory.INTERNAL, where(request) + ": " + e, false, false, e);
    }
    if (exchange.body() instanceof CappedBody.TooLarge tooLarge) {
      throw new TrutoCallFailed(
          ErrorCategory.INVALID_RESPONSE,
          where(request)
              + ": the HTTP "
              + exchange.status()
              + " response is larger than "
              + TrutoClientSettings.MAX_RESPONSE_BYTES_KEY
              + " = "
              + settings.maxResponseBytes()
              + " bytes ("
              + tooLarge.evidence()
              + ")",
          false,
          false,
          null);
    }
    if (exchange.ok()) {
      return new Reply.Body(exchange.bytes());
    }
    ErrorDecision decision = decide(exchange, request);
    if (decision instanceof ErrorDecision.UserAbsent absent) {
      return new Reply.Absent(absent.message());
    }
    Failure failure = (Failure) decision;
    String attempts =
        failure.retryable()
            ? " (gave up after " + settings.retry().maxAttempts() + " attempts)"
            : "";
    throw new TrutoCallFailed(
        failure.category(),
        where(request) + ": " + failure.message() + attempts,
        failure.fatalForAllAccounts(),
        failure.needsReauth(),
        exchange.rateLimitWait(),
        null);
  }

  /**
   * This instance may send {@code requests} per window of the token's budget: its share ({@link
   * TokenShare}).
   */
  void shareToken(int requests) {
    pacer.shareToken(requests);
  }

  int tokenShare() {
    return pacer.tokenShare();
  }

  /**
   * Whether the answer is an error worth asking again: never one too large to read, whose next
   * answer would be too.
   */
  private boolean retryable(Exchange exchange, TrutoRequest request) {
    return !exchange.ok()
        && exchange.body() instanceof CappedBody.Whole
        && decide(exchange, request) instanceof Failure failure
        && failure.retryable();
  }

  private ErrorDecision decide(Exchange exchange, TrutoRequest request) {
    return TrutoErrorClassifier.classify(
        exchange.status(), exchange.text(), request.kind(), settings.apiToken());
  }

  private long cappedRateLimitWait(Duration asked) {
    return Math.min(asked.toMillis(), settings.retry().maxRateLimitWait().toMillis());
  }

  private Exchange send(TrutoRequest request, AtomicInteger calls)
      throws IOException, InterruptedException {
    pacer.acquire(request.budgetKey());
    calls.incrementAndGet();
    HttpRequest httpRequest =
        HttpRequest.newBuilder(request.uri(settings.baseUrl()))
            .timeout(settings.requestTimeout())
            .header("Authorization", settings.apiToken().authorizationHeader())
            .header("Accept", "application/json")
            .GET()
            .build();
    // The JDK's request timeout stops at the headers; bound the body too, so a stalled page cannot
    // hang a poll.
    CompletableFuture<HttpResponse<CappedBody>> pending =
        http.sendAsync(httpRequest, CappedBody.handler(settings.maxResponseBytes()));
    HttpResponse<CappedBody> response;
    try {
      response = pending.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + settings.requestTimeout());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
    Optional<Duration> wait =
        response.statusCode() == 429
            ? RateLimitHints.waitTime(response.headers().map(), Instant.now())
            : Optional.empty();
    // A vendor's limit binds its account alone; Truto's own may be the token's, across every
    // account: then the whole instance waits, not only this call.
    wait.ifPresent(
        asked ->
            pacer.pause(
                rateLimitScope(response.body()),
                request.budgetKey(),
                Duration.ofMillis(cappedRateLimitWait(asked))));
    return new Exchange(response.statusCode(), wait, response.body());
  }

  /** Whose limit a 429 is, by its body; one too large to read is taken for the token's. */
  private RateLimitScope rateLimitScope(CappedBody body) {
    return body instanceof CappedBody.Whole whole
        ? TrutoErrorClassifier.rateLimitScope(
            new String(whole.bytes(), StandardCharsets.UTF_8), settings.apiToken())
        : RateLimitScope.TOKEN;
  }

  private static String where(TrutoRequest request) {
    return "Account " + request.accountId() + ", " + request.describe();
  }
}
