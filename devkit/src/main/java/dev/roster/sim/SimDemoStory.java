package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo world's scripted leaver, on top of its random churn: {@link Timing#leave()} after the
 * start, the first person (by index) who is active in globex's identity provider ({@value #IDP})
 * and in both of its apps ({@link #APPS}) is deactivated in the identity provider, and {@link
 * Timing#offboard()} later in each app. Roster should raise a {@code LEAVER_STILL_ACTIVE} alert per
 * app, then resolve each.
 *
 * <p>The leaving waits until each of the story's accounts has been listed once (and {@link
 * #AFTER_FIRST_LIST} more), so that a Roster started after the simulator sees it as a change, not
 * in its baseline. Steps are logged at INFO and told to the {@link #onStep listeners}.
 */
public final class SimDemoStory implements AutoCloseable {

  public static final String TENANT = "globex";
  public static final String IDP = "globex-azure";
  public static final List<String> APPS = List.of("globex-slack", "globex-zoom");

  /**
   * How long after its accounts were first listed the story still waits: the walk ends first, and
   * Roster's identity stage, which may still be starting, gets time to take in the baselines (an
   * app's baseline taken in after the identity provider's change would make the alert a baseline
   * one, which the demo feed only counts).
   */
  static final Duration AFTER_FIRST_LIST = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(SimDemoStory.class);
  private static final Duration TICK = Duration.ofMillis(500);

  /**
   * @param leave from the start to the leaving (not before the accounts were listed)
   * @param offboard from the leaving to the offboarding from the apps
   */
  public record Timing(Duration leave, Duration offboard) {

    /** The demo's: the alert within a minute of start, its resolution about 50 s later. */
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(22), Duration.ofSeconds(50));

    public Timing {
      if (leave.isNegative() || offboard.isNegative()) {
        throw new IllegalArgumentException("the story's delays cannot be negative");
      }
    }
  }

  private final TrutoSimulator sim;
  private final Timing timing;
  private final long startedNanos = System.nanoTime();
  private final Map<String, Long> firstListedNanos = new HashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "truto-sim-demo-story");
            thread.setDaemon(true);
            return thread;
          });
  private volatile String leaver;
  private volatile boolean done;

  private SimDemoStory(TrutoSimulator sim, Timing timing) {
    this.sim = sim;
    this.timing = timing;
  }

  /** Starts the story on {@code sim}, which must hold the accounts of {@link SimDemo}. */
  static SimDemoStory start(TrutoSimulator sim, Timing timing) {
    SimDemoStory story = new SimDemoStory(sim, timing);
    story.scheduler.scheduleWithFixedDelay(
        story::waitToLeave, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    return story;
  }

  /** Tells {@code listener} each step, as one line of text (on the story's thread). */
  public SimDemoStory onStep(Consumer<String> listener) {
    listeners.add(listener);
    return this;
  }

  /** The leaver's primary email, once the story picked them. */
  public Optional<String> leaver() {
    return Optional.ofNullable(leaver);
  }

  /** Whether the story has told its end (the offboarding, or that it could not go on). */
  public boolean isDone() {
    return done;
  }

  private void waitToLeave() {
    if (leaver != null || done) {
      return;
    }
    long now = System.nanoTime();
    if (now - startedNanos < timing.leave().toNanos() || !listed(now)) {
      return;
    }
    try {
      leave();
    } catch (RuntimeException e) {
      done = true;
      LOG.warn("The demo's leaver story could not start", e);
    }
    if (leaver == null) {
      done = true;
    } else {
      scheduler.schedule(this::offboard, timing.offboard().toMillis(), TimeUnit.MILLISECONDS);
    }
    // The waiting task ends at once from now on; it is not worth cancelling.
  }

  /** Whether every account of the story was listed successfully, long enough ago. */
  private boolean listed(long now) {
    for (String account : accounts()) {
      if (!firstListedNanos.containsKey(account)) {
        sim
            .requests()
            .matching(r -> r.isUserList() && account.equals(r.accountId()) && r.status() == 200)
            .stream()
            .findFirst()
            .ifPresent(r -> firstListedNanos.put(account, r.receivedAtNanos()));
      }
      Long first = firstListedNanos.get(account);
      if (first == null || now - first < AFTER_FIRST_LIST.toNanos()) {
        return false;
      }
    }
    return true;
  }

  private static List<String> accounts() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(IDP), APPS.stream()).toList();
  }

  private void leave() {
    List<Map<String, ObjectNode>> apps =
        APPS.stream().map(app -> activeByEmail(sim.account(app))).toList();
    SimAccount idp = sim.account(IDP);
    Optional<ObjectNode> person =
        idp.snapshot().stream() // in index order
            .filter(user -> isActive(idp, user))
            .filter(user -> apps.stream().allMatch(app -> app.containsKey(key(user))))
            .findFirst();
    if (person.isEmpty()) {
      LOG.warn("Demo story: nobody is active in {} and in all of {}; no leaver", IDP, APPS);
      return;
    }
    String email = primaryEmail(person.get());
    sim.change(IDP, person.get().get("id").asText(), SimChange.Kind.DEACTIVATED);
    leaver = email;
    tell(
        "%s leaves %s: deactivated in %s, still active in %s"
            .formatted(email, TENANT, IDP, String.join(" and ", APPS)));
  }

  private void offboard() {
    try {
      for (String app : APPS) {
        SimAccount account = sim.account(app);
        Optional<ObjectNode> user = sim.userByEmail(app, leaver);
        if (user.isEmpty()) {
          tell("%s is already gone from %s".formatted(leaver, app));
        } else if (!isActive(account, user.get())) {
          tell("%s is already %s in %s".formatted(leaver, user.get().path("status").asText(), app));
        } else {
          sim.change(app, user.get().get("id").asText(), SimChange.Kind.DEACTIVATED);
          tell("%s offboarded: deactivated in %s".formatted(leaver, app));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("The demo's leaver story could not offboard {}", leaver, e);
    } finally {
      done = true;
    }
  }

  private void tell(String step) {
    LOG.info("Demo story: {}", step);
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(step);
      } catch (RuntimeException e) {
        LOG.warn("A listener of the demo story failed", e);
      }
    }
  }

  private static Map<String, ObjectNode> activeByEmail(SimAccount account) {
    Map<String, ObjectNode> active = new HashMap<>();
    for (ObjectNode user : account.snapshot()) {
      if (isActive(account, user) && primaryEmail(user) != null) {
        active.putIfAbsent(key(user), user);
      }
    }
    return active;
  }

  private static boolean isActive(SimAccount account, ObjectNode user) {
    return user.path("status").asText().equals(account.integration().activeStatus());
  }

  private static String key(ObjectNode user) {
    String email = primaryEmail(user);
    return email == null ? "" : email.toLowerCase(Locale.ROOT);
  }

  private static String primaryEmail(JsonNode user) {
    for (JsonNode address : user.path("emails")) {
      if (address.path("is_primary").asBoolean(false)) {
        return address.path("email").asText(null);
      }
    }
    return null;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
