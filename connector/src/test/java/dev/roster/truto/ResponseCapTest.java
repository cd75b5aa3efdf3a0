package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.roster.avro.ErrorCategory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Truto response body, success or error, is read through truto.max-response-bytes: at the cap
 * whole, one byte over not at all. A local HTTP server plays Truto, so each test controls the exact
 * bytes, the framing, and a body that never ends.
 */
class ResponseCapTest {

  private static final int CAP = 64 * 1024;

  /**
   * Longer than any honest answer here takes: a client that waited for an unread body would end
   * TIMEOUT, not INVALID_RESPONSE.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private static final TrutoRequest LIST =
      new TrutoRequest(
          "acct-1",
          "acct-1",
          TrutoClient.USERS_PATH,
          Map.of("integrated_account_id", "acct-1"),
          RequestKind.LIST_USERS);

  /** Whether the body tells its length up front. */
  enum Framing {
    CONTENT_LENGTH,
    CHUNKED
  }

  private final AtomicReference<HttpHandler> truto = new AtomicReference<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private ExecutorService handlers;
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/", exchange -> truto.get().handle(exchange));
    server.start();
  }

  @AfterEach
  void stop() {
    released.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private TrutoClientSettings settings() {
    return TrutoClientSettings.defaults(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            ApiToken.of("cap-token"))
        .withRetry(
            new RetrySettings(
                3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1)))
        .withTimeouts(Duration.ofSeconds(5), REQUEST_TIMEOUT)
        .withMaxResponseBytes(CAP);
  }

  private void answer(int status, byte[] body, Framing framing) {
    truto.set(
        exchange -> {
          exchange.sendResponseHeaders(status, framing == Framing.CHUNKED ? 0 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
  }

  private TrutoHttp.Reply get(TrutoRequest request, AtomicInteger calls) throws Exception {
    return new TrutoHttp(settings(), TrutoCallListener.NONE).get(request, calls);
  }

  private TrutoCallFailed failure(TrutoRequest request, AtomicInteger calls) {
    return catchThrowableOfType(TrutoCallFailed.class, () -> get(request, calls));
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void aBodyExactlyAtTheCapIsReadWhole(Framing framing) throws Exception {
    byte[] body = bytes(CAP);
    answer(200, body, framing);

    TrutoHttp.Reply reply = get(LIST, new AtomicInteger());

    assertThat(reply)
        .isInstanceOfSatisfying(
            TrutoHttp.Reply.Body.class, whole -> assertThat(whole.bytes()).isEqualTo(body));
  }

  @ParameterizedTest
  @EnumSource(Framing.class)
  void oneByteOverTheCapFailsAsAnInvalidResponseNamingTheCapAndItsKeyWithoutRetry(Framing framing) {
    answer(200, bytes(CAP + 1), framing);
    AtomicInteger calls = new AtomicInteger();

    TrutoCallFailed failed = failure(LIST, calls);

    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.getMessage())
        .contains("acct-1")
        .contains(TrutoClient.USERS_PATH)
        .contains("truto.max-response-bytes = " + CAP + " bytes");
    assertThat(calls).as("asking again would bring the same flood").hasValue(1);
  }

  @Test
  void aContentLengthOverTheCapFailsAtOnceWithoutReadingTheBody() {
    long declared = 1L << 30;
    truto.set(
        exchange -> {
          exchange.sendResponseHeaders(200, declared);
          OutputStream out = exchange.getResponseBody();
          out.write(bytes(1024));
          out.flush();
          await(released); // the rest never comes: a client that read on would wait for its timeout
        });

    TrutoCallFailed failed = failure(LIST, new AtomicInteger());

    assertThat(failed.category())
        .as("refused on the headers, not timed out waiting for the body")
        .isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.getMessage()).contains("Content-Length " + declared + ", not read");
  }

  @Test
  void aBodyThatNeverEndsStopsBeingReadAtTheCapAndItsConnectionIsDropped() {
    AtomicInteger written = new AtomicInteger();
    CountDownLatch dropped = new CountDownLatch(1);
    truto.set(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = bytes(8 * 1024);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (IOException e) {
            dropped.countDown();
          }
        });

    TrutoCallFailed failed = failure(LIST, new AtomicInteger());

    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.getMessage())
        .contains("more than " + CAP + " bytes sent; reading stopped there");
    assertThat(await(dropped)).as("the server's endless write failed: the client hung up").isTrue();
    System.out.printf(
        "[cap] an endless body: the server got %d KiB out before the client hung up, cap %d KiB%n",
        written.get() / 1024, CAP / 1024);
  }

  @Test
  void errorBodiesAreCappedTooAndAnOversizedOneIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    answer(502, bytes(CAP), Framing.CHUNKED);
    TrutoCallFailed atTheCap = failure(LIST, calls);
    assertThat(atTheCap.category())
        .as("a 502 within the cap is an upstream failure, retried")
        .isEqualTo(ErrorCategory.UPSTREAM);
    assertThat(calls).hasValue(3);

    calls.set(0);
    answer(502, bytes(CAP + 1), Framing.CHUNKED);
    TrutoCallFailed overTheCap = failure(LIST, calls);
    assertThat(overTheCap.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(overTheCap.getMessage()).contains("HTTP 502").contains("truto.max-response-bytes");
    assertThat(calls).hasValue(1);
  }

  @Test
  void discoveryResponsesGoThroughTheSameCap() throws Exception {
    byte[] page = "{\"result\":[],\"next_cursor\":null}".getBytes(StandardCharsets.US_ASCII);
    try (TrutoClient client = new TrutoClient(settings())) {
      answer(200, padded(page, CAP), Framing.CONTENT_LENGTH);
      assertThat(client.discoverAccounts(DiscoveryFilter.all()))
          .as("a discovery page at the cap is read")
          .isEmpty();

      answer(200, padded(page, CAP + 1), Framing.CONTENT_LENGTH);
      TrutoCallFailed failed =
          catchThrowableOfType(
              TrutoCallFailed.class, () -> client.discoverAccounts(DiscoveryFilter.all()));
      assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
      assertThat(failed.getMessage())
          .contains(TrutoClient.ACCOUNTS_PATH)
          .contains("truto.max-response-bytes");
    }
  }

  /** {@code n} bytes of JSON-ish text (their content does not matter here). */
  private static byte[] bytes(int n) {
    byte[] body = new byte[n];
    Arrays.fill(body, (byte) 'x');
    return body;
  }

  /** {@code json} preceded by whitespace to {@code size} bytes in all: still valid JSON. */
  private static byte[] padded(byte[] json, int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) ' ');
    System.arraycopy(json, 0, body, size - json.length, json.length);
    return body;
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
