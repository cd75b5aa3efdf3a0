package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server that behaves like Truto's unified user-directory API (see
 * docs/architecture.md#truto), for the demo, for tests of the HTTP client, and for benchmarks. It
 * listens on the loopback address unless {@link SimulatorConfig#host()} says otherwise.
 *
 * <pre>{@code
 * try (TrutoSimulator sim = TrutoSimulator.start(SimulatorConfig.builder().apiToken("t").seed(42).build())) {
 *   SimAccount acct = sim.addAccount(SimAccountSpec.of("acct-1", "okta", "acme").users(250));
 *   URI base = URI.create(sim.baseUrl());                      // http://127.0.0.1:<port>
 *   sim.faults("acct-1").rateLimitNext(3).serverErrorNext(2, 502);
 *   sim.faults("acct-1").clear();
 *   List<SimChange> changes = sim.churn(20);                  // also recorded in sim.truth()
 *   List<ObjectNode> users = sim.snapshot("acct-1");
 *   sim.requests().all();                                     // what clients asked
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code GET /unified/user-directory/users} (list, cursor-paginated, page size {@code
 * min(limit, vendor page size)}), {@code GET /unified/user-directory/users/{id}} (bare user, 404
 * when absent), {@code GET /integrated-account} (discovery). All need {@code Authorization: Bearer
 * <apiToken>}; unknown query parameters are ignored.
 *
 * <p>Errors: wrong token 401 (no remote flag); missing required parameter 400 with {@code
 * truto_error_insight.missing_required_query_parameters} (GitHub needs {@code organization_id} on
 * list and get alike); unknown account 404; over budget 429 with {@code Retry-After} and {@code
 * ratelimit-*}; account states ({@link SimAccountState}) needs_reauth 401 with {@code
 * truto_is_remote_error}, missing scopes 403, blocked 503. Scripted faults: {@link SimFaults}.
 *
 * <p>Accounts are {@link SimAccountSpec.Storage#MATERIALISED materialised} (in-memory JSON, changed
 * by {@link #churn(int)}) or {@link SimAccountSpec.Storage#GENERATED generated} (derived on demand,
 * millions of users at no memory cost, never changing).
 */
public final class TrutoSimulator implements AutoCloseable {

  public static final String USERS_PATH = "/unified/user-directory/users";
  public static final String ACCOUNTS_PATH = "/integrated-account";

  /** The API token {@link #startDemo(int, long)} accepts. */
  public static final String DEMO_API_TOKEN = "sim-demo-token";

  /**
   * The id of the demo's GitHub account, which must be listed with {@link
   * #DEMO_GITHUB_ORGANIZATION}.
   */
  public static final String DEMO_GITHUB_ACCOUNT = "initech-github";

  /** The {@code organization_id} the demo's GitHub account must be listed with. */
  public static final String DEMO_GITHUB_ORGANIZATION = "initech";

  private static final Logger LOG = LoggerFactory.getLogger(TrutoSimulator.class);

  static {
    // The JDK server sends headers and body in separate segments; with Nagle's algorithm and the
    // client's delayed ACK every answer then waits ~40 ms. The JDK reads this once, when its first
    // HttpServer starts, so it only helps if nothing in the JVM started one before (a user's own
    // setting wins).
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private final SimulatorConfig config;
  private final SimUserFactory factory;
  private final ConcurrentNavigableMap<String, SimAccount> accounts = new ConcurrentSkipListMap<>();
  private final SimFaults globalFaults = new SimFaults();
  private final SimLog<SimRequest> requests;
  private final SimLog<SimChange> truth;
  private final SimChurn churn;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService churnScheduler;
  private ScheduledFuture<?> churnTask;
  private volatile SimDemoStory demoStory;

  private TrutoSimulator(SimulatorConfig config) throws IOException {
    this.config = config;
    this.factory = new SimUserFactory(config.seed());
    this.requests = new SimLog<>(config.requestLogCapacity());
    this.truth = new SimLog<>(config.truthCapacity());
    this.churn = new SimChurn(factory, config.seed(), config.clock(), truth);
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
    // Unbounded because a delay fault parks a thread per request; idle threads die after a minute.
    this.handlers = Executors.newCachedThreadPool(daemonThreads("truto-sim-http"));
    this.churnScheduler =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("truto-sim-churn"));
    server.setExecutor(handlers);
    server.createContext(
        "/",
        new SimRouter(
            config,
            accounts::get,
            globalFaults,
            requests,
            new AccountsEndpoint(accounts::values, config)));
    server.start();
  }

  /** Starts a simulator with no accounts. */
  public static TrutoSimulator start(SimulatorConfig config) {
    try {
      return new TrutoSimulator(config);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the Truto simulator on port " + config.port(), e);
    }
  }

  /**
   * Starts the demo world on {@code port} with token {@link #DEMO_API_TOKEN}: a mix of integrations
   * and tenants, including a GitHub account that needs {@code organization_id} ({@link
   * #DEMO_GITHUB_ORGANIZATION}), partial-response accounts (Okta, Salesforce), an account that
   * needs re-authentication, gentle background churn (3 changes every 5 s), and a scripted leaver
   * at globex ({@link SimDemoStory}, with its {@linkplain SimDemoStory.Timing#DEFAULT default
   * timing}).
   */
  public static TrutoSimulator startDemo(int port, long seed) {
    return startDemo(InetAddress.getLoopbackAddress().getHostAddress(), port, seed);
  }

  /** {@link #startDemo(int, long)} listening on {@code host}. */
  public static TrutoSimulator startDemo(String host, int port, long seed) {
    return startDemo(host, port, seed, SimDemoStory.Timing.DEFAULT);
  }

  /** {@link #startDemo(String, int, long)} with the leaver story's steps at {@code story}. */
  public static TrutoSimulator startDemo(
      String host, int port, long seed, SimDemoStory.Timing story) {
    TrutoSimulator sim =
        start(
            SimulatorConfig.builder()
                .host(host)
                .port(port)
                .apiToken(DEMO_API_TOKEN)
                .seed(seed)
                .build());
    SimDemo.accounts().forEach(sim::addAccount);
    sim.startChurn(Duration.ofSeconds(5), 3);
    sim.demoStory = SimDemoStory.start(sim, story);
    return sim;
  }

  /** The demo's scripted leaver, in a simulator started by {@code startDemo}. */
  public Optional<SimDemoStory> demoStory() {
    return Optional.ofNullable(demoStory);
  }

  public SimulatorConfig config() {
    return config;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Creates the account; a materialised one is filled with its generated users now. */
  public SimAccount addAccount(SimAccountSpec spec) {
    SimAccount account = new SimAccount(spec, factory, config.clock());
    if (accounts.putIfAbsent(spec.id(), account) != null) {
      throw new IllegalArgumentException("account " + spec.id() + " already exists");
    }
    return account;
  }

  public SimAccount account(String accountId) {
    SimAccount account = accounts.get(accountId);
    if (account == null) {
      throw new NoSuchElementException("no account " + accountId);
    }
    return account;
  }

  /** Every account, in id order (the order discovery lists them). */
  public List<SimAccount> accounts() {
    return List.copyOf(accounts.values());
  }

  /** Faults applied to every request, checked before any account's. */
  public SimFaults faults() {
    return globalFaults;
  }

  public SimFaults faults(String accountId) {
    return account(accountId).faults();
  }

  /**
   * Makes {@code n} changes across the materialised accounts; also recorded in {@link #truth()}.
   */
  public List<SimChange> churn(int n) {
    return churn.churn(accounts(), n);
  }

  /** Makes {@code n} changes to one (materialised) account. */
  public List<SimChange> churn(String accountId, int n) {
    SimAccount account = account(accountId);
    if (!account.isMaterialised()) {
      throw new IllegalStateException(
          "account " + accountId + " is generated; only materialised accounts churn");
    }
    return churn.churn(List.of(account), n);
  }

  /**
   * Makes one change of {@code kind} to one user (DEACTIVATED, REACTIVATED, REMOVED, ROLE_GRANTED,
   * ...), recorded in {@link #truth()}: for scripted stories such as a leaver.
   *
   * @throws IllegalArgumentException when the user's state does not allow it
   */
  public SimChange change(String accountId, String userId, SimChange.Kind kind) {
    return churn.change(account(accountId), userId, kind);
  }

  /** Gives one user a new primary work email; recorded in {@link #truth()} as EMAIL_CHANGED. */
  public SimChange changeEmail(String accountId, String userId, String email) {
    return churn.changeEmail(account(accountId), userId, email);
  }

  /** The account's user whose primary email is {@code email}, ignoring case. */
  public Optional<ObjectNode> userByEmail(String accountId, String email) {
    return account(accountId).snapshot().stream()
        .filter(
            user -> {
              for (com.fasterxml.jackson.databind.JsonNode address : user.path("emails")) {
                if (address.path("is_primary").asBoolean(false)
                    && address.path("email").asText().equalsIgnoreCase(email)) {
                  return true;
                }
              }
              return false;
            })
        .findFirst();
  }

  /**
   * Churns {@code changesPerTick} changes every {@code period} in the background, replacing any
   * earlier schedule.
   */
  public synchronized void startChurn(Duration period, int changesPerTick) {
    stopChurn();
    churnTask =
        churnScheduler.scheduleAtFixedRate(
            () -> {
              try {
                churn(changesPerTick);
              } catch (RuntimeException e) {
                LOG.error("Background churn failed; it goes on at the next tick", e);
              }
            },
            period.toMillis(),
            period.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  public synchronized void stopChurn() {
    if (churnTask != null) {
      churnTask.cancel(false);
      churnTask = null;
    }
  }

  /** Every change churn made, oldest first (bounded by {@link SimulatorConfig#truthCapacity()}). */
  public SimLog<SimChange> truth() {
    return truth;
  }

  /**
   * Every request answered, oldest first (bounded by {@link SimulatorConfig#requestLogCapacity()}).
   */
  public SimLog<SimRequest> requests() {
    return requests;
  }

  /** Copies of the account's current users, as the get endpoint serves them. */
  public List<ObjectNode> snapshot(String accountId) {
    return account(accountId).snapshot();
  }

  @Override
  public void close() {
    if (demoStory != null) {
      demoStory.close();
    }
    stopChurn();
    churnScheduler.shutdownNow();
    server.stop(0);
    handlers.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
