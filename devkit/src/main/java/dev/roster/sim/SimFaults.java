package dev.roster.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Scripted misbehaviour for one account ({@link TrutoSimulator#faults(String)}) or for every
 * request ({@link TrutoSimulator#faults()}, checked first). Methods chain and add to what is
 * scripted; {@link #clear()} removes everything. Thread-safe.
 *
 * <ul>
 *   <li>{@link #rateLimitNext}: the next N requests get 429 with {@code Retry-After} and {@code
 *       ratelimit-*} headers (a vendor limit passing through, so {@code truto_is_remote_error}).
 *   <li>{@link #tokenRateLimitNext}: the next N requests get Truto's own 429 for the API token,
 *       without the remote flag.
 *   <li>{@link #serverErrorNext}: the next N requests get that 5xx status.
 *   <li>One-shot 429s and 5xxs queue up in the order they were scripted: {@code
 *       rateLimitNext(1).serverErrorNext(2, 502)} answers 429, 502, 502.
 *   <li>{@link #delay}: every response waits this long before it is sent (provokes client
 *       timeouts).
 *   <li>{@link #malformedNext} / {@link #truncatedNext}: the next N responses that would be 200
 *       have a body that is not valid JSON: malformed (a doubled comma; complete but unparseable)
 *       or truncated (cut in half, with a Content-Length that matches the cut body).
 *   <li>{@link #cursorLoop}: from the second page on, a list answers with the very cursor it was
 *       asked with, so the cursor repeats.
 *   <li>{@link #emptyPages}: the next N list requests get zero users and a fresh non-null cursor
 *       for the same position (not the end, not a loop).
 *   <li>{@link #endlessEmptyPages}: every list request gets zero users and a fresh cursor, for as
 *       long as the fault lasts: a vendor (or proxy) whose pagination never ends.
 *   <li>{@link #failPage}: page k of every list walk answers with that status.
 *   <li>{@link #emptyList}: every list answers a valid, empty, final page: the misconfigured-token
 *       look. Set for every request, discovery's listing of accounts answers empty too.
 *   <li>{@link #userGoneOnGet}: the next N gets answer 404, as when a user is deleted between the
 *       list that named it and the get that should complete it.
 *   <li>{@link #notFoundOnGet}: the gets of the named users answer 404 while the list still shows
 *       them, for as long as the fault lasts.
 *   <li>{@link #failGetsNext}: the next N gets (never lists) answer that status: the per-user calls
 *       of a partial-response integration failing while its list pages are fine.
 *   <li>{@link #needsReauth}: when it fires, the account moves to needs_reauth, so it and every
 *       later request answers 401 with the remote flag until the test reconnects the account.
 *   <li>{@link #spliceIntoPage}: page k of every list walk carries extra raw bytes as its first
 *       {@code result} items: users without ids, duplicates, huge fields, invalid UTF-8; set on
 *       {@link TrutoSimulator#faults()}, the pages of integrated accounts too.
 *   <li>{@link #emptyObjectsInPage}: page k of every list walk carries N bytes of empty objects
 *       {@code {},{},…} as its first items: millions of entries on one page under the size cap.
 *   <li>{@link #arraysInRemoteData}: page k of every list walk carries first a user whose {@code
 *       remote_data} holds N bytes of empty arrays {@code [[],[],…]}: one entry that expands to
 *       millions of nodes.
 *   <li>{@link #padPage}: page k of every list walk, whatever its status, is preceded by N bytes of
 *       whitespace: a page as large as a test needs (48 MB, say), with or without a Content-Length.
 *   <li>{@link #echoRequestInErrors}: every error answer repeats the request's {@code
 *       Authorization} header, in its message and its error insight, as vendor errors passed on by
 *       Truto may.
 *   <li>{@link #echoRequestInPages}: every successful answer repeats it too, in its body, its next
 *       cursor, a response header and an entry of its first page ({@link SimEcho}).
 *   <li>{@link #fromPage}: every fault of this set waits for a list request of page k or later, so
 *       it strikes in the middle of a poll; from then on the faults apply as scripted.
 * </ul>
 */
public final class SimFaults {

  /**
   * What a one-shot fault answers instead of the real response.
   *
   * @param trutoOwn a 429 of Truto's own cap on the API token, without the remote flag, rather than
   *     a vendor's limit passing through
   */
  record Preemption(int status, Duration retryAfter, boolean trutoOwn) {}

  /** How a padded page ({@link #padPage}) tells its size. */
  public enum Framing {
    /** A Content-Length up front: a client can refuse the page before reading it. */
    CONTENT_LENGTH,
    /** Chunked, no length: a client learns the size only by reading. */
    CHUNKED
  }

  /** How a response body that would be fine gets broken. */
  enum Corruption {
    NONE,
    MALFORMED,
    TRUNCATED
  }

  private final Deque<Burst<Preemption>> preemptions = new ArrayDeque<>();
  private final Deque<Burst<Corruption>> corruptions = new ArrayDeque<>();
  private final Map<Integer, Integer> failingPages = new HashMap<>();
  private int emptyPages;
  private boolean endlessEmptyPages;
  private Duration delay = Duration.ZERO;
  private boolean cursorLoop;
  private boolean emptyList;
  private int goneOnGet;
  private final Deque<Burst<Integer>> getFailures = new ArrayDeque<>();
  private boolean reauth;
  private final Map<Integer, byte[]> splices = new HashMap<>();
  private final Map<Integer, SimResponse.Padding> paddings = new HashMap<>();
  private final Set<String> notFoundOnGet = new HashSet<>();
  private boolean echoRequest;
  private boolean echoRequestInPages;
  private int fromPage = 1;
  private boolean armed = true;

  /**
   * 429 for the next {@code n} requests, with {@code Retry-After} from the account budget's window.
   */
  public SimFaults rateLimitNext(int n) {
    return rateLimitNext(n, null);
  }

  /** 429 for the next {@code n} requests, telling the client to retry after {@code retryAfter}. */
  public synchronized SimFaults rateLimitNext(int n, Duration retryAfter) {
    preemptions.add(new Burst<>(new Preemption(429, retryAfter, false), positive(n)));
    return this;
  }

  /**
   * 429 of Truto's own cap on the API token (no {@code truto_is_remote_error}) for the next {@code
   * n} requests, telling the client to retry after {@code retryAfter}: the token is spent for every
   * account at once.
   */
  public synchronized SimFaults tokenRateLimitNext(int n, Duration retryAfter) {
    preemptions.add(
        new Burst<>(
            new Preemption(429, Objects.requireNonNull(retryAfter, "retryAfter"), true),
            positive(n)));
    return this;
  }

  /** {@code status} (500, 502, 504, or another 5xx) for the next {@code n} requests. */
  public synchronized SimFaults serverErrorNext(int n, int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("not a 5xx status: " + status);
    }
    preemptions.add(new Burst<>(new Preemption(status, null, false), positive(n)));
    return this;
  }

  public synchronized SimFaults delay(Duration responseDelay) {
    this.delay = Objects.requireNonNull(responseDelay, "responseDelay");
    return this;
  }

  public synchronized SimFaults malformedNext(int n) {
    corruptions.add(new Burst<>(Corruption.MALFORMED, positive(n)));
    return this;
  }

  public synchronized SimFaults truncatedNext(int n) {
    corruptions.add(new Burst<>(Corruption.TRUNCATED, positive(n)));
    return this;
  }

  public synchronized SimFaults cursorLoop() {
    cursorLoop = true;
    return this;
  }

  public synchronized SimFaults emptyPages(int n) {
    emptyPages += positive(n);
    return this;
  }

  /**
   * Every list request, from the next on, answers zero users and a fresh cursor (never the end,
   * never a repeat) until cleared.
   */
  public synchronized SimFaults endlessEmptyPages() {
    endlessEmptyPages = true;
    return this;
  }

  /** Page {@code page} (1 = the first, no cursor) of every list walk answers {@code status}. */
  public synchronized SimFaults failPage(int page, int status) {
    if (page < 1 || status < 400 || status > 599) {
      throw new IllegalArgumentException("page must be >= 1 and status an error status");
    }
    failingPages.put(page, status);
    return this;
  }

  public synchronized SimFaults emptyList() {
    emptyList = true;
    return this;
  }

  public synchronized SimFaults userGoneOnGet(int n) {
    goneOnGet += positive(n);
    return this;
  }

  /**
   * The gets of {@code userIds} answer 404 (the vendor's "not found", as for a deleted user) while
   * the list still shows them, until cleared.
   */
  public synchronized SimFaults notFoundOnGet(String... userIds) {
    notFoundOnGet.addAll(List.of(userIds));
    return this;
  }

  /** {@code status} (an error status) for the next {@code n} gets; list requests are untouched. */
  public synchronized SimFaults failGetsNext(int n, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    getFailures.add(new Burst<>(status, positive(n)));
    return this;
  }

  /** The account needs re-authentication from the next request this set's faults apply to. */
  public synchronized SimFaults needsReauth() {
    reauth = true;
    return this;
  }

  /**
   * Page {@code page} of every list walk carries {@code rawItems} before its own users: bytes that
   * are one or more comma-separated JSON values, or deliberately not (invalid UTF-8, say).
   */
  public synchronized SimFaults spliceIntoPage(int page, byte[] rawItems) {
    if (page < 1 || rawItems.length == 0) {
      throw new IllegalArgumentException("page must be >= 1 and the items non-empty");
    }
    splices.put(page, rawItems.clone());
    return this;
  }

  /**
   * Page {@code page} of every list walk carries {@code bytes} of empty objects, {@code {},{},…},
   * before its own users: a third as many entries as bytes, each of which is no user.
   */
  public SimFaults emptyObjectsInPage(int page, int bytes) {
    return spliceIntoPage(page, repeated("{}", ",", bytes));
  }

  /**
   * Page {@code page} of every list walk carries first a user (id {@code remote-data-bomb}) whose
   * {@code remote_data} holds {@code bytes} of empty arrays, {@code {"x": [[],[],…]}}.
   */
  public SimFaults arraysInRemoteData(int page, int bytes) {
    byte[] start =
        "{\"id\":\"remote-data-bomb\",\"remote_data\":{\"x\":[".getBytes(StandardCharsets.US_ASCII);
    byte[] end = "]}}".getBytes(StandardCharsets.US_ASCII);
    byte[] arrays = repeated("[]", ",", bytes);
    byte[] user = Arrays.copyOf(start, start.length + arrays.length + end.length);
    System.arraycopy(arrays, 0, user, start.length, arrays.length);
    System.arraycopy(end, 0, user, start.length + arrays.length, end.length);
    return spliceIntoPage(page, user);
  }

  /** {@code unit} repeated, separated by {@code separator}, to at most {@code bytes} in all. */
  private static byte[] repeated(String unit, String separator, int bytes) {
    byte[] one = (unit + separator).getBytes(StandardCharsets.US_ASCII);
    int count = Math.max(1, (bytes + separator.length()) / one.length);
    byte[] out = new byte[count * one.length - separator.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = one[i % one.length];
    }
    return out;
  }

  /**
   * Page {@code page} of every list walk, whatever its status, is preceded by {@code bytes} of JSON
   * whitespace, framed as {@code framing} says. The page stays valid JSON however large it grows,
   * and the simulator streams the padding from one small buffer, holding none of it.
   */
  public synchronized SimFaults padPage(int page, long bytes, Framing framing) {
    if (page < 1 || bytes < 1) {
      throw new IllegalArgumentException("page and bytes must be >= 1");
    }
    paddings.put(page, new SimResponse.Padding(bytes, framing));
    return this;
  }

  /** Every error answer repeats the request's Authorization header, token and all. */
  public synchronized SimFaults echoRequestInErrors() {
    echoRequest = true;
    return this;
  }

  /**
   * Every successful answer repeats the request's Authorization header wherever a vendor's text can
   * go: body, cursor, a header, a user or account of the first page ({@link SimEcho}).
   */
  public synchronized SimFaults echoRequestInPages() {
    echoRequestInPages = true;
    return this;
  }

  /**
   * Holds every fault of this set until a list request for page {@code page} or later arrives, so
   * the fault strikes mid-poll (the poll has already read the pages before); from that request on,
   * the faults apply as scripted, to later polls too, until they run out or are cleared.
   */
  public synchronized SimFaults fromPage(int page) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be >= 1, was " + page);
    }
    fromPage = page;
    armed = page == 1;
    return this;
  }

  public synchronized SimFaults clear() {
    preemptions.clear();
    corruptions.clear();
    failingPages.clear();
    emptyPages = 0;
    endlessEmptyPages = false;
    delay = Duration.ZERO;
    cursorLoop = false;
    emptyList = false;
    goneOnGet = 0;
    getFailures.clear();
    reauth = false;
    splices.clear();
    paddings.clear();
    notFoundOnGet.clear();
    echoRequest = false;
    echoRequestInPages = false;
    fromPage = 1;
    armed = true;
    return this;
  }

  /**
   * Tells the set about a request before it is answered: {@code listPage} is the page a list
   * request asks for, 0 for any other request. Arms faults held by {@link #fromPage}.
   */
  synchronized void sawRequest(int listPage) {
    if (!armed && listPage >= fromPage) {
      armed = true;
    }
  }

  synchronized OptionalInt takeGetFailure() {
    Integer status = armed ? take(getFailures) : null;
    return status == null ? OptionalInt.empty() : OptionalInt.of(status);
  }

  synchronized boolean takeReauth() {
    if (!armed || !reauth) {
      return false;
    }
    reauth = false;
    return true;
  }

  synchronized Optional<byte[]> splice(int page) {
    return armed ? Optional.ofNullable(splices.get(page)).map(byte[]::clone) : Optional.empty();
  }

  synchronized Optional<SimResponse.Padding> padding(int page) {
    return armed ? Optional.ofNullable(paddings.get(page)) : Optional.empty();
  }

  synchronized boolean isNotFoundOnGet(String userId) {
    return armed && notFoundOnGet.contains(userId);
  }

  synchronized Optional<Preemption> takePreemption() {
    return armed ? Optional.ofNullable(take(preemptions)) : Optional.empty();
  }

  synchronized Corruption takeCorruption() {
    Corruption c = armed ? take(corruptions) : null;
    return c == null ? Corruption.NONE : c;
  }

  synchronized boolean takeUserGone() {
    if (!armed || goneOnGet == 0) {
      return false;
    }
    goneOnGet--;
    return true;
  }

  synchronized boolean takeEmptyPage() {
    if (!armed) {
      return false;
    }
    if (endlessEmptyPages) {
      return true;
    }
    if (emptyPages == 0) {
      return false;
    }
    emptyPages--;
    return true;
  }

  synchronized OptionalInt pageFailure(int page) {
    Integer status = armed ? failingPages.get(page) : null;
    return status == null ? OptionalInt.empty() : OptionalInt.of(status);
  }

  synchronized Duration delay() {
    return armed ? delay : Duration.ZERO;
  }

  synchronized boolean isCursorLoop() {
    return armed && cursorLoop;
  }

  synchronized boolean isEmptyList() {
    return armed && emptyList;
  }

  synchronized boolean isEchoingRequest() {
    return armed && echoRequest;
  }

  synchronized boolean isEchoingRequestInPages() {
    return armed && echoRequestInPages;
  }

  private static <T> T take(Deque<Burst<T>> bursts) {
    Burst<T> head = bursts.peek();
    if (head == null) {
      return null;
    }
    if (--head.remaining == 0) {
      bursts.remove();
    }
    return head.fault;
  }

  private static int positive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + n);
    }
    return n;
  }

  /** A fault and how many more requests it applies to. */
  private static final class Burst<T> {
    final T fault;
    int remaining;

    Burst(T fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }
}
