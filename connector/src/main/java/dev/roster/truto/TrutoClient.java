package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the users of one integrated account through {@code GET /unified/user-directory/users}, page
 * by page, and the integrated accounts of the environment through {@code GET /integrated-account}.
 * Memory is bounded by one page: each page is parsed as a stream, its users mapped and handed on
 * before the next page is asked for. Thread-safe; one instance serves all accounts, so the token's
 * budget is shared.
 *
 * <p>Nothing Truto sent leaves this class with Roster's API token in it, whatever Truto echoed
 * (docs/architecture.md#truto-echoes): failure messages and their causes, dead-letter snippets and
 * bodies pass the {@link CredentialScrubber}; users and discovered accounts of a response that
 * holds the token have it replaced, their other values kept as the vendor sent them.
 */
public final class TrutoClient implements AutoCloseable {

  static final String USERS_PATH = "/unified/user-directory/users";
  static final String ACCOUNTS_PATH = "/integrated-account";
  private static final Logger LOG = LoggerFactory.getLogger(TrutoClient.class);

  /** How much of a user entry's JSON a dead letter quotes. */
  static final int SNIPPET_CHARS = 1024;

  private final TrutoClientSettings settings;
  private final TrutoHttp http;
  private final UserMapper mapper;
  private final UserPageParser pageParser;
  private final IntegratedAccountPageParser accountPageParser;
  private final ExecutorService gets;
  private final Clock clock;
  private final CredentialScrubber scrubber;

  public TrutoClient(TrutoClientSettings settings) {
    this(settings, TrutoCallListener.NONE, Clock.systemUTC());
  }

  public TrutoClient(TrutoClientSettings settings, TrutoCallListener listener) {
    this(settings, listener, Clock.systemUTC());
  }

  TrutoClient(TrutoClientSettings settings, TrutoCallListener listener, Clock clock) {
    this.settings = settings;
    this.http = new TrutoHttp(settings, listener);
    this.mapper = new UserMapper(settings.mapping());
    this.clock = clock;
    this.scrubber = new CredentialScrubber(settings.apiToken());
    this.pageParser = new UserPageParser(settings.pageBounds());
    this.accountPageParser =
        new IntegratedAccountPageParser(
            new PageBounds(PageBounds.MAX_DISCOVERY_ENTRIES, settings.pageBounds().maxTreeBytes()));
    // Unbounded: each poll bounds its own gets (Listing.completeWithGets), so the threads number at
    // most poll.concurrency x truto.get-concurrency, and idle ones end after a minute.
    this.gets =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread = new Thread(runnable, "truto-get");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Lists every user of {@code account}, with the query parameters it carries (GitHub's
   * organization_id, filters, remote_query[…]), handing each entry to {@code consumer} on the
   * calling thread, in page order. Returns {@link UserListing.Completed} only when every page was
   * read to the end and every needed get was answered.
   */
  public UserListing listUsers(IntegratedAccount account, Consumer<ListedItem> consumer)
      throws InterruptedException {
    Listing listing = new Listing(account, consumer);
    try {
      listing.run();
      return new UserListing.Completed(listing.stats());
    } catch (TrutoCallFailed e) {
      // The last gate before a log line, roster.poll-status and the status page.
      String message = scrubber.scrub(e.getMessage());
      LOG.warn(
          "Listing the users of account {} ({}) failed: {} {}",
          account.getId(),
          account.getIntegration(),
          e.category(),
          message);
      return new UserListing.Failed(
          e.category(),
          message,
          e.fatalForAllAccounts(),
          e.needsReauth(),
          e.retryAfter(),
          listing.stats());
    }
  }

  /** A user's get on its way, with the id the list gave. */
  private record PendingGet(String userId, Future<TrutoHttp.Reply> reply) {}

  /** One listing in progress: its cursor, counters and the ids it has seen. */
  private final class Listing {
    private final IntegratedAccount account;
    private final Consumer<ListedItem> consumer;
    private final boolean partial;
    private final PaginationState pagination;
    private final SeenUserIds seen = new SeenUserIds();
    private final AtomicInteger calls = new AtomicInteger();
    private long users;
    private long rejected;
    private long duplicates;
    private long absent;

    Listing(IntegratedAccount account, Consumer<ListedItem> consumer) {
      this.account = account;
      this.consumer = consumer;
      this.partial = settings.isPartialResponse(account.getIntegration());
      this.pagination = new PaginationState(settings.listingLimits(), clock.instant());
    }

    void run() throws TrutoCallFailed, InterruptedException {
      String cursor = null;
      do {
        TrutoRequest request = listRequest(cursor);
        TrutoUserPage page = readPage(request);
        cursor =
            nextCursor(
                pagination,
                page.nextCursor(),
                page.itemsDelivered(),
                "Account " + account.getId() + ", " + request.describe());
      } while (cursor != null);
    }

    private TrutoRequest listRequest(String cursor) {
      Map<String, String> query = accountQuery();
      query.put("limit", Integer.toString(settings.pageSize()));
      if (cursor != null) {
        query.put(TrutoRequest.NEXT_CURSOR, cursor);
      }
      return new TrutoRequest(
          account.getId(), account.getId(), USERS_PATH, query, RequestKind.LIST_USERS);
    }

    /**
     * What every call for this account carries: the account's own parameters (Truto documents
     * organization_id, workspace_id, group_id and product on the per-user get as on the list, and
     * answers 400 when a required one is missing: GitHub needs organization_id), its id, and
     * whether to leave out remote_data.
     */
    private Map<String, String> accountQuery() {
      Map<String, String> query = new LinkedHashMap<>(account.getQuery());
      query.put("integrated_account_id", account.getId());
      if (!settings.mapping().includeRemoteData()) {
        query.put("truto_ignore_remote_data", "true");
      }
      return query;
    }

    /**
     * Reads one page. Its entries are held until the page is known to be whole, then handed on, or
     * for partial-response integrations completed by a get each: either way at most one page of
     * users is in memory.
     */
    private TrutoUserPage readPage(TrutoRequest request)
        throws TrutoCallFailed, InterruptedException {
      byte[] body = ((TrutoHttp.Reply.Body) http.get(request, calls)).bytes();
      List<JsonNode> entries = new ArrayList<>();
      TrutoUserPage page;
      try {
        page = pageParser.parse(new ByteArrayInputStream(body), entries::add);
        if (settings.apiToken().appearsIn(body)) {
          entries.replaceAll(scrubber::withoutToken);
        }
      } catch (InvalidResponseException e) {
        throw unreadable(
            "Account "
                + account.getId()
                + ", "
                + request.describe()
                + (e instanceof PageTooLargeException ? ": " : ": malformed page: ")
                + e.getMessage(),
            body,
            e);
      } catch (IOException e) {
        throw unreadable(
            "Account "
                + account.getId()
                + ", "
                + request.describe()
                + ": unreadable page: "
                + e.getMessage(),
            body,
            e);
      }
      if (partial || page.partialResponse()) {
        completeWithGets(entries);
      } else {
        entries.forEach(this::handOn);
      }
      return page;
    }

    /**
     * Fetches every listed user's full object, {@link TrutoClientSettings#getConcurrency()} at a
     * time for this poll alone, and hands them on in list order. The window is the poll's own: the
     * threads come from a pool without a bound of its own, so a slow account's gets hold only its
     * own window, never another poll's gets; and at most a window of answers waits in memory.
     */
    private void completeWithGets(List<JsonNode> entries)
        throws TrutoCallFailed, InterruptedException {
      List<String> ids = new ArrayList<>();
      for (JsonNode entry : entries) {
        JsonNode id = entry.get("id");
        if (id == null || !(id.isTextual() || id.isNumber()) || id.asText().isBlank()) {
          handOn(entry); // the mapper rejects it with the reason
        } else {
          ids.add(id.asText());
        }
      }
      Deque<PendingGet> window = new ArrayDeque<>();
      try {
        for (String id : ids) {
          if (window.size() == settings.getConcurrency()) {
            handOnAnswer(window.removeFirst());
          }
          TrutoRequest get =
              new TrutoRequest(
                  account.getId(),
                  account.getId(),
                  USERS_PATH + "/" + encodePath(id),
                  accountQuery(),
                  RequestKind.GET_USER);
          window.addLast(new PendingGet(id, gets.submit(() -> http.get(get, calls))));
        }
        while (!window.isEmpty()) {
          handOnAnswer(window.removeFirst());
        }
      } finally {
        window.forEach(pending -> pending.reply().cancel(true));
      }
    }

    private void handOnAnswer(PendingGet pending) throws TrutoCallFailed, InterruptedException {
      TrutoHttp.Reply answer = await(pending.reply());
      if (answer instanceof TrutoHttp.Reply.Body full) {
        handOn(parseUser(full.bytes()));
      } else if (answer instanceof TrutoHttp.Reply.Absent gone) {
        absent++;
        LOG.warn(
            "Account {}: user {} was listed but its get found nothing; it is kept as it was",
            account.getId(),
            pending.userId());
        consumer.accept(new ListedItem.Unconfirmed(pending.userId(), gone.message()));
      }
    }

    private TrutoHttp.Reply await(Future<TrutoHttp.Reply> reply)
        throws TrutoCallFailed, InterruptedException {
      try {
        return reply.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TrutoCallFailed failed) {
          throw failed;
        }
        throw new TrutoCallFailed(
            ErrorCategory.INTERNAL,
            "Account " + account.getId() + ": a user get failed: " + e.getCause(),
            false,
            false,
            e.getCause());
      }
    }

    /** A get's bare user, built within the same budget as a page ({@link PageBounds}). */
    private JsonNode parseUser(byte[] body) throws TrutoCallFailed {
      TreeBudget budget = new TreeBudget(settings.pageBounds().maxTreeBytes());
      try {
        JsonNode user = budget.readTree(body);
        return settings.apiToken().appearsIn(body) ? scrubber.withoutToken(user) : user;
      } catch (TreeBudget.Exceeded e) {
        throw unreadable(
            "Account " + account.getId() + ": user object from a get too large: " + e.getMessage(),
            body,
            e);
      } catch (IOException e) {
        throw unreadable(
            "Account " + account.getId() + ": malformed user object from a get: " + e.getMessage(),
            body,
            e);
      }
    }

    /**
     * The failure of a poll whose response cannot be read. Nothing after the broken byte can be
     * trusted (a user's end, the cursor), so the whole poll fails; the body goes to the consumer
     * first, for the dead letter.
     */
    private TrutoCallFailed unreadable(String message, byte[] body, Exception cause) {
      // The parser's message may quote the page; the page may echo the request's headers.
      String scrubbed = scrubber.scrub(message);
      consumer.accept(new ListedItem.Unreadable(scrubbed, scrubber.scrub(body)));
      return new TrutoCallFailed(ErrorCategory.INVALID_RESPONSE, scrubbed, false, false, cause);
    }

    private void handOn(JsonNode entry) {
      MappedUser mapped = mapper.map(entry, account, clock.instant());
      if (mapped instanceof MappedUser.Rejected rejection) {
        rejected++;
        LOG.warn("Account {}: skipped a user entry: {}", account.getId(), rejection.reason());
        consumer.accept(new ListedItem.Rejected(rejection.reason(), snippet(entry)));
        return;
      }
      MappedUser.Mapped user = (MappedUser.Mapped) mapped;
      if (!seen.firstTime(user.user().getId())) {
        duplicates++;
        LOG.warn(
            "Account {}: user {} listed twice in one poll; keeping the first",
            account.getId(),
            user.user().getId());
        consumer.accept(new ListedItem.Duplicate(user.user().getId(), snippet(entry)));
        return;
      }
      users++;
      boolean cutForSize = user.issues().stream().anyMatch(issue -> issue.kind().absurdSize());
      consumer.accept(
          new ListedItem.Observed(user.user(), user.issues(), cutForSize ? snippet(entry) : null));
    }

    /** The start of an entry's JSON for a dead letter: scrubbed as a whole, then cut. */
    private String snippet(JsonNode entry) {
      return entry == null ? "null" : CompactJson.snippet(scrubber.scrub(entry), SNIPPET_CHARS);
    }

    ListingStats stats() {
      return new ListingStats(pagination.pages(), users, calls.get(), rejected, duplicates, absent);
    }
  }

  /**
   * Lists the environment's integrated accounts matching {@code filter}, every page, as discovery
   * alone knows them ({@link IntegratedAccountPageParser#discovered}).
   */
  public List<IntegratedAccount> discoverAccounts(DiscoveryFilter filter)
      throws TrutoCallFailed, InterruptedException {
    try {
      return discover(filter);
    } catch (TrutoCallFailed e) {
      // The last gate before the accounts refresher's log line and the accounts CLI's output.
      throw new TrutoCallFailed(
          e.category(),
          scrubber.scrub(e.getMessage()),
          e.fatalForAllAccounts(),
          e.needsReauth(),
          e.retryAfter(),
          scrubber.scrub(e.getCause()));
    }
  }

  private List<IntegratedAccount> discover(DiscoveryFilter filter)
      throws TrutoCallFailed, InterruptedException {
    List<IntegratedAccount> accounts = new ArrayList<>();
    for (Map<String, String> query : discoveryQueries(filter)) {
      PaginationState pagination = new PaginationState(settings.listingLimits(), clock.instant());
      String cursor = null;
      do {
        Map<String, String> pageQuery = new LinkedHashMap<>(query);
        if (cursor != null) {
          pageQuery.put(TrutoRequest.NEXT_CURSOR, cursor);
        }
        TrutoRequest request =
            new TrutoRequest(
                "discovery", "(discovery)", ACCOUNTS_PATH, pageQuery, RequestKind.DISCOVERY);
        byte[] body = ((TrutoHttp.Reply.Body) http.get(request, new AtomicInteger())).bytes();
        IntegratedAccountPage page;
        try {
          page = accountPageParser.parse(new ByteArrayInputStream(body));
        } catch (InvalidResponseException | IOException e) {
          throw new TrutoCallFailed(
              ErrorCategory.INVALID_RESPONSE,
              scrubber.scrub(request.describe() + ": malformed page: " + e.getMessage()),
              false,
              false,
              e);
        }
        page.skipped()
            .forEach(
                reason ->
                    LOG.warn(
                        "Discovery skipped an integrated account: {}", scrubber.scrub(reason)));
        if (settings.apiToken().appearsIn(body)) {
          page.accounts().forEach(account -> accounts.add(withoutToken(account)));
        } else {
          accounts.addAll(page.accounts());
        }
        cursor =
            nextCursor(
                pagination,
                page.nextCursor(),
                page.accounts().size() + page.skipped().size(),
                request.describe());
      } while (cursor != null);
    }
    return accounts;
  }

  /** A discovered account of a response that echoed the token, with the token replaced. */
  private IntegratedAccount withoutToken(IntegratedAccount account) {
    UnaryOperator<String> clean =
        text ->
            text == null ? null : settings.apiToken().replaceIn(text, CredentialScrubber.REDACTED);
    return IntegratedAccountPageParser.discovered(
        clean.apply(account.getId()),
        clean.apply(account.getIntegration()),
        clean.apply(account.getTenantId()),
        clean.apply(account.getStatus()));
  }

  /**
   * The cursor of the next page, or null at the end of the list; a cursor seen before in this
   * listing, or one past the listing's limits, fails it ({@link PaginationState}), {@code where}
   * naming the request.
   */
  private String nextCursor(
      PaginationState pagination, String cursorFromResponse, long entries, String where)
      throws TrutoCallFailed {
    PageStep step = pagination.next(cursorFromResponse, entries, clock.instant());
    if (step instanceof PageStep.Stop stop) {
      throw new TrutoCallFailed(stop.category(), where + ": " + stop.message(), false, false, null);
    }
    return step instanceof PageStep.Continue next ? next.cursor() : null;
  }

  private static List<Map<String, String>> discoveryQueries(DiscoveryFilter filter) {
    List<Map<String, String>> queries = new ArrayList<>();
    for (String integration : orAll(filter.integrations())) {
      for (String tenant : orAll(filter.tenantIds())) {
        for (String status : orAll(filter.statuses())) {
          Map<String, String> query = new LinkedHashMap<>();
          if (integration != null) {
            query.put("integration.name", integration);
          }
          if (tenant != null) {
            query.put("tenant_id", tenant);
          }
          if (status != null) {
            query.put("status", status);
          }
          queries.add(query);
        }
      }
    }
    return queries;
  }

  /** A list of filter values, or a single "no filter" (null) when it is empty. */
  private static List<String> orAll(List<String> values) {
    return values.isEmpty() ? java.util.Collections.singletonList(null) : values;
  }

  private static String encodePath(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /**
   * Uses this instance's share of the token's budget from now on: the share of the accounts table's
   * partitions it owns ({@link TokenShare}). A client starts with the whole budget.
   */
  public void shareTokenBudget(int ownedPartitions, int partitions) {
    http.shareToken(TokenShare.requests(settings.perToken(), ownedPartitions, partitions));
  }

  /** Requests per window of the token's budget this client may send now. */
  public int tokenShare() {
    return http.tokenShare();
  }

  @Override
  public void close() {
    gets.shutdownNow();
  }
}
