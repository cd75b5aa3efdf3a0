package dev.roster.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running process holds, closed in the order a clean stop needs, within one time budget.
 * Parts are added as start-up creates them, each under a {@link Stage}; closing runs the stages in
 * their order, and within a stage the parts in reverse order of addition (what was created last
 * goes first). Every part gets what is left of the budget, so a slow one shortens the time of the
 * next rather than the whole stop overrunning; a part that fails is logged and the next goes on.
 *
 * <p>Closing may come from another thread while start-up is still adding parts (a signal during
 * start-up): a part added after closing began is closed at once and the adder gets a {@link
 * Stopped}, so start-up unwinds instead of starting what nobody will stop. Closing twice waits for
 * the first to finish.
 */
public final class ShutdownSequence {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

  /** When a part stops, earliest first. */
  public enum Stage {
    /**
     * Stop starting work, end the work in progress: the poller and its polls, the accounts
     * refresher.
     */
    INPUT,
    /** The change detector: commits, leaves its group, writes its checkpoints. */
    PROCESSING,
    /** Producers, flushed so that what was written reaches Kafka. */
    OUTPUT,
    /** Everything else: clients, readers, metrics, embedded servers. */
    SUPPORT,
    /**
     * Health, metrics and status page: last, so an orchestrator sees the instance until it is gone.
     */
    OPS
  }

  /** Closes one part, taking at most {@code budget} (a part that cannot wait may ignore it). */
  @FunctionalInterface
  public interface Part {
    void close(Duration budget) throws Exception;
  }

  /** How one part's closing went. */
  record Step(String name, Duration took, Optional<String> failure) {}

  /** How the whole closing went: each step in the order it ran, and whether the budget sufficed. */
  public record Report(List<Step> steps, boolean withinBudget) {
    public boolean clean() {
      return withinBudget && steps.stream().allMatch(step -> step.failure().isEmpty());
    }

    /** For a sequence that is a part of another: its trouble becomes the outer step's failure. */
    public void requireClean() {
      if (!clean()) {
        throw new IllegalStateException("not stopped cleanly: " + this);
      }
    }
  }

  /** Thrown to whoever adds a part after closing began: start-up must stop. */
  public static final class Stopped extends RuntimeException {
    Stopped(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Entry(String name, Part part) {}

  private final Map<Stage, Deque<Entry>> stages = new EnumMap<>(Stage.class);
  private final LongSupplier nanoTime;
  private CompletableFuture<Report> closing;

  ShutdownSequence() {
    this(System::nanoTime);
  }

  /** With {@code nanoTime} as the clock, for tests. */
  ShutdownSequence(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Adds {@code part}, to be closed at {@code stage}; returns {@code resource} for the caller's
   * convenience.
   *
   * @throws Stopped when closing has begun: the part has been closed already
   */
  <T> T add(Stage stage, String name, T resource, Part part) {
    synchronized (this) {
      if (closing == null) {
        stages.computeIfAbsent(stage, s -> new ArrayDeque<>()).push(new Entry(name, part));
        return resource;
      }
    }
    run(new Entry(name, part), Duration.ZERO, new ArrayList<>());
    throw new Stopped("stopping: " + name + " was closed as soon as it was created", null);
  }

  /**
   * {@link #add(Stage, String, Object, Part)} for a part that closes by itself, without a budget.
   */
  <T extends AutoCloseable> T add(Stage stage, String name, T resource) {
    return add(stage, name, resource, budget -> resource.close());
  }

  /** Whether closing has begun. */
  synchronized boolean closing() {
    return closing != null;
  }

  /**
   * Closes every part, stage by stage, within {@code budget}. A second call waits for the first one
   * (at most {@code budget}) and returns its report.
   */
  Report close(Duration budget) {
    CompletableFuture<Report> mine = new CompletableFuture<>();
    CompletableFuture<Report> first;
    Map<Stage, Deque<Entry>> toClose;
    synchronized (this) {
      first = closing;
      if (first == null) {
        closing = mine;
      }
      toClose = new EnumMap<>(stages);
      stages.clear();
    }
    if (first != null) {
      return awaitOther(first, budget);
    }
    long deadline = nanoTime.getAsLong() + budget.toNanos();
    List<Step> steps = new ArrayList<>();
    boolean withinBudget = true;
    for (Stage stage : Stage.values()) {
      for (Entry entry : toClose.getOrDefault(stage, new ArrayDeque<>())) {
        long left = deadline - nanoTime.getAsLong();
        withinBudget &= left > 0;
        run(entry, Duration.ofNanos(Math.max(0, left)), steps);
      }
    }
    withinBudget &= deadline - nanoTime.getAsLong() >= 0;
    Report report = new Report(List.copyOf(steps), withinBudget);
    mine.complete(report);
    return report;
  }

  private void run(Entry entry, Duration budget, List<Step> steps) {
    long started = nanoTime.getAsLong();
    Optional<String> failure = Optional.empty();
    try {
      entry.part().close(budget);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = Optional.of(String.valueOf(e));
      LOG.warn("Error while stopping {}", entry.name(), e);
    }
    Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
    LOG.debug("Stopped {} in {} ms", entry.name(), took.toMillis());
    steps.add(new Step(entry.name(), took, failure));
  }

  private static Report awaitOther(CompletableFuture<Report> other, Duration budget) {
    try {
      return other.get(budget.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return new Report(List.of(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Report(List.of(), false);
    } catch (ExecutionException e) {
      throw new IllegalStateException("closing failed", e.getCause());
    }
  }
}
