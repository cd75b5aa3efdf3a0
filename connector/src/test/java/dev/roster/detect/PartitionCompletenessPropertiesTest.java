package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.kafka.UserPartitioner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The detector over several partitions of roster.observations, one TopologyTestDriver per partition
 * (one Streams task each), fed from a model of the topic: the writer places each user by {@link
 * UserPartitioner} and ends a complete poll with a marker per partition saying how many
 * observations it wrote there. The world then misbehaves: markers are duplicated, interleaved with
 * other accounts' polls, missing on some partitions; retention deletes records from a partition's
 * head before its task read them; polls end without a marker or aborted.
 *
 * <p>Whatever happens, no poll's removal takes a user that poll saw, no user of an account's first
 * poll is ever news (USER_CREATED) unless it left in between, and one clean complete poll
 * afterwards brings the event stream back to the directory. Each try builds its world from one
 * seed, and a failure prints the run.
 */
class PartitionCompletenessPropertiesTest {

  static final int PARTITIONS = 3;
  static final int POOL = 12;
  static final int ACCOUNTS_PER_TRY = 2;

  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void noPollRemovesAUserItSawAndNoBaselineUserIsNews(
      @ForAll long seed, @ForAll boolean defaultGuard) {
    Run run =
        new World(
                seed, defaultGuard ? DetectorSettings.defaults() : DetectorPropertiesTest.GUARD_OFF)
            .play();

    for (Emitted emitted : run.events()) {
      UserChangeEvent event = emitted.event();
      Map<Long, Set<String>> directories = run.directories().get(event.getIntegratedAccountId());
      if (event.getType() == ChangeType.USER_REMOVED) {
        assertThat(directories.get(event.getPollId()))
            .as(
                "poll %s removed a user it saw: %s%n%s",
                event.getPollId(), event.getUserId(), run.log())
            .doesNotContain(event.getUserId());
      }
      if (event.getType() == ChangeType.USER_CREATED) {
        assertThat(directories.entrySet())
            .as(
                "%s is news in poll %s though every earlier poll saw it%n%s",
                event.getUserId(), event.getPollId(), run.log())
            .anyMatch(
                poll ->
                    poll.getKey() < event.getPollId()
                        && !poll.getValue().contains(event.getUserId()));
      }
    }
    Statistics.label("deleted unread records").collect(run.deletedUnread() > 0);
    Statistics.label("removals")
        .collect(
            run.events().stream().anyMatch(e -> e.event().getType() == ChangeType.USER_REMOVED));
    Statistics.label("deleted unread records")
        .coverage(coverage -> coverage.check(true).percentage(share -> share >= 30));
  }

  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void oneCleanCompletePollBringsTheEventsBackToTheDirectory(@ForAll long seed) {
    Run run = new World(seed, DetectorPropertiesTest.GUARD_OFF).play();

    Map<String, Map<String, ChangeType>> folded = new HashMap<>();
    for (Emitted emitted : run.events()) {
      UserChangeEvent event = emitted.event();
      Map<String, ChangeType> users =
          folded.computeIfAbsent(event.getIntegratedAccountId(), account -> new HashMap<>());
      boolean appears =
          event.getType() == ChangeType.USER_DISCOVERED
              || event.getType() == ChangeType.USER_CREATED;
      assertThat(users.containsKey(event.getUserId()))
          .as(
              "%s %s continues its user's events%n%s",
              event.getType(), event.getUserId(), run.log())
          .isEqualTo(!appears);
      if (event.getType() == ChangeType.USER_REMOVED) {
        users.remove(event.getUserId());
      } else {
        users.put(event.getUserId(), event.getType());
      }
    }
    run.finalDirectories()
        .forEach(
            (account, directory) ->
                assertThat(new TreeSet<>(folded.getOrDefault(account, Map.of()).keySet()))
                    .as("users of %s by the events after a clean poll%n%s", account, run.log())
                    .isEqualTo(directory));
  }

  // ---------------------------------------------------------------------------------------------------------
  // The detector's tasks, shared by the tries: every try uses accounts of its own.
  // ---------------------------------------------------------------------------------------------------------

  private static final Map<DetectorSettings, List<DetectorHarness>> TASKS = new HashMap<>();
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

  @AfterContainer
  static void closeTasks() {
    TASKS.values().forEach(tasks -> tasks.forEach(DetectorHarness::close));
    TASKS.clear();
  }

  record Entry(UserKey key, Observation observation) {
    @Override
    public String toString() {
      Object payload = observation.getPayload();
      String what =
          payload instanceof User user
              ? user.getId()
              : payload instanceof dev.roster.avro.PollCompleted marker
                  ? "completed(" + marker.getPartitionObservations() + ")"
                  : "aborted";
      return key.getIntegratedAccountId() + "#" + observation.getPollId() + ":" + what;
    }
  }

  record Emitted(int partition, UserChangeEvent event) {}

  /**
   * What a try did and saw.
   *
   * @param directories per account, the users each poll saw (the truth of that poll)
   * @param finalDirectories per account, the users of its last, clean poll
   */
  record Run(
      List<Emitted> events,
      Map<String, Map<Long, Set<String>>> directories,
      Map<String, Set<String>> finalDirectories,
      int deletedUnread,
      List<String> actions) {

    String log() {
      return String.join("\n", actions)
          + "\nevents: "
          + events.stream()
              .map(
                  e ->
                      "p"
                          + e.partition()
                          + " "
                          + e.event().getIntegratedAccountId()
                          + "#"
                          + e.event().getPollId()
                          + " "
                          + e.event().getType()
                          + " "
                          + e.event().getUserId())
              .collect(Collectors.joining(", "));
    }
  }

  /**
   * One try: accounts polled in turn into a model of roster.observations, read by the tasks with
   * faults.
   */
  static final class World {
    private final Random random;
    private final List<DetectorHarness> tasks;
    private final List<List<Entry>> partitions = new ArrayList<>();
    private final int[] start = new int[PARTITIONS];
    private final int[] read = new int[PARTITIONS];
    private final List<Emitted> events = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();
    private final Map<String, Map<Long, Set<String>>> directories = new HashMap<>();
    private int deletedUnread;

    World(long seed, DetectorSettings settings) {
      random = new Random(seed);
      tasks =
          TASKS.computeIfAbsent(
              settings,
              key ->
                  IntStream.range(0, PARTITIONS).mapToObj(p -> new DetectorHarness(key)).toList());
      tasks.forEach(
          task -> { // whatever a failed earlier try left unread
            task.drainEvents();
            task.users.readKeyValuesToList();
            task.summaries.readValuesToList();
          });
      IntStream.range(0, PARTITIONS).forEach(p -> partitions.add(new ArrayList<>()));
    }

    Run play() {
      List<String> accounts =
          IntStream.range(0, ACCOUNTS_PER_TRY)
              .mapToObj(n -> "acct-" + ACCOUNTS.incrementAndGet())
              .toList();
      // Each account's polls as steps (observations, then the end), interleaved with the other
      // account's.
      Map<String, List<Runnable>> steps = new HashMap<>();
      Map<String, Set<String>> current = new HashMap<>();
      for (String account : accounts) {
        Set<String> directory = new TreeSet<>();
        IntStream.range(0, POOL)
            .filter(n -> random.nextInt(4) > 0)
            .forEach(n -> directory.add(userId(n)));
        current.put(account, directory);
        List<Runnable> plan = new ArrayList<>();
        int polls = 2 + random.nextInt(4);
        for (long poll = 1; poll <= polls; poll++) {
          long pollId = poll;
          PollEnd end = PollEnd.values()[random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2)];
          long[] written = new long[PARTITIONS];
          plan.add(
              () -> {
                Set<String> seen = current.get(account);
                if (pollId > 1) {
                  churn(seen);
                }
                directories
                    .computeIfAbsent(account, a -> new HashMap<>())
                    .put(pollId, new TreeSet<>(seen));
                writeObservations(account, pollId, seen, written);
              });
          plan.add(() -> end(account, pollId, end, current.get(account).size(), written));
        }
        steps.put(account, plan);
      }
      List<String> order = new ArrayList<>();
      steps.forEach((account, plan) -> plan.forEach(step -> order.add(account)));
      Collections.shuffle(
          order,
          random); // each account's steps stay in order: they are taken from its list in turn
      Map<String, Integer> next = new HashMap<>();
      for (String account : order) {
        steps.get(account).get(next.merge(account, 1, Integer::sum) - 1).run();
        if (random.nextInt(10) < 4) {
          readWithRetention(random.nextInt(PARTITIONS));
        }
      }
      IntStream.range(0, PARTITIONS).forEach(this::readAll);

      // One clean complete poll of every account, everything read.
      Map<String, Set<String>> finals = new HashMap<>();
      for (String account : accounts) {
        long pollId = directories.get(account).size() + 1;
        Set<String> seen = current.get(account);
        directories.get(account).put(pollId, new TreeSet<>(seen));
        long[] written = new long[PARTITIONS];
        writeObservations(account, pollId, seen, written);
        end(account, pollId, PollEnd.COMPLETE_CLEAN, seen.size(), written);
        finals.put(account, new TreeSet<>(seen));
      }
      IntStream.range(0, PARTITIONS).forEach(this::readAll);
      return new Run(events, directories, finals, deletedUnread, actions);
    }

    private void churn(Set<String> directory) {
      for (int n = 0; n < POOL; n++) {
        if (random.nextInt(6) == 0 && !directory.remove(userId(n))) {
          directory.add(userId(n));
        }
      }
    }

    private void writeObservations(String account, long pollId, Set<String> seen, long[] written) {
      List<String> shuffled = new ArrayList<>(seen);
      Collections.shuffle(shuffled, random);
      for (String id : shuffled) {
        int partition = UserPartitioner.partition(account, id, PARTITIONS);
        written[partition]++;
        User user =
            DetectorPropertiesTest.user(account, Integer.parseInt(id.substring("00u".length())));
        append(partition, new Entry(new UserKey(account, id), new Observation(pollId, user)));
      }
      actions.add(account + "#" + pollId + " observed " + seen);
    }

    private void end(String account, long pollId, PollEnd end, long usersSeen, long[] written) {
      UserKey markerKey = new UserKey(account, "");
      switch (end) {
        case COMPLETE, COMPLETE_CLEAN -> {
          List<Integer> missing = new ArrayList<>();
          for (int p = 0; p < PARTITIONS; p++) {
            if (end == PollEnd.COMPLETE && random.nextInt(10) == 0) {
              missing.add(
                  p); // lost, as by retention: the partition never hears that the poll completed
              continue;
            }
            Observation marker =
                new Observation(
                    pollId, DetectorHarness.marker(account, pollId, usersSeen, written[p]));
            append(p, new Entry(markerKey, marker));
            if (end == PollEnd.COMPLETE && random.nextInt(8) == 0) {
              append(p, new Entry(markerKey, marker)); // a duplicate
            }
          }
          actions.add(
              account
                  + "#"
                  + pollId
                  + " completed, written "
                  + java.util.Arrays.toString(written)
                  + ", no marker on "
                  + missing);
        }
        case ABORTED -> {
          Observation aborted =
              new Observation(
                  pollId,
                  PollAborted.newBuilder()
                      .setIntegratedAccountId(account)
                      .setPollId(pollId)
                      .setAbortedAt(DetectorHarness.START)
                      .build());
          IntStream.range(0, PARTITIONS).forEach(p -> append(p, new Entry(markerKey, aborted)));
          actions.add(account + "#" + pollId + " aborted");
        }
        case NO_MARKER -> actions.add(account + "#" + pollId + " ended without a marker");
      }
    }

    private void append(int partition, Entry entry) {
      partitions.get(partition).add(entry);
    }

    /**
     * Retention may first delete some of what the task has not read yet; the task then reads what
     * is left.
     */
    private void readWithRetention(int partition) {
      int unreadFrom = Math.max(read[partition], start[partition]);
      int end = partitions.get(partition).size();
      if (end > unreadFrom && random.nextInt(3) == 0) {
        int newStart = unreadFrom + 1 + random.nextInt(end - unreadFrom);
        actions.add(
            "retention deleted unread p"
                + partition
                + " "
                + partitions.get(partition).subList(unreadFrom, newStart));
        deletedUnread += newStart - unreadFrom;
        start[partition] = newStart;
      }
      readAll(partition);
    }

    private void readAll(int partition) {
      DetectorHarness task = tasks.get(partition);
      List<Entry> log = partitions.get(partition);
      for (int offset = Math.max(read[partition], start[partition]);
          offset < log.size();
          offset++) {
        task.pipe(log.get(offset).key(), log.get(offset).observation());
      }
      read[partition] = log.size();
      task.drainEvents().forEach(event -> events.add(new Emitted(partition, event)));
      task.users.readKeyValuesToList();
      task.summaries.readValuesToList();
    }
  }

  enum PollEnd {
    COMPLETE,
    ABORTED,
    NO_MARKER,
    COMPLETE_CLEAN
  }

  static String userId(int n) {
    return DetectorPropertiesTest.id(n);
  }
}
