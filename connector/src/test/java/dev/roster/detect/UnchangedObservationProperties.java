package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.poll.SentFingerprints;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Two pollers' memories ({@link SentFingerprints}, the real class) feed one detector task with
 * fingerprints-only observations while the world misbehaves: users change, leave and come back with
 * an old version, polls abort, an instance's memory outlives a rebalance (another instance polled
 * meanwhile), summaries that ask for users in full are lost. The memory is then wrong, and the
 * detector must find out: no complete poll removes a user it saw, and once one instance runs two
 * complete polls in a row with the first one's summary delivered, the users table equals the
 * directory. Each try plays one seed; a failure prints the run.
 */
class UnchangedObservationProperties {

  private static final int USERS = 4;
  private static final DetectorHarness DETECTOR =
      new DetectorHarness(DetectorPropertiesTest.GUARD_OFF);
  private static final AtomicLong ACCOUNTS = new AtomicLong();

  @AfterContainer
  static void close() {
    DETECTOR.close();
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void aWrongMemoryCostsAPollNeverAChange(@ForAll long seed) {
    Random random = new Random(seed);
    String account = "acct-unchanged-" + ACCOUNTS.incrementAndGet();
    Map<Integer, Integer> directory = new TreeMap<>(); // user -> version
    for (int n = 1; n <= USERS; n++) {
      directory.put(n, 0);
    }
    List<SentFingerprints> pollers =
        List.of(
            new SentFingerprints(true, DiffRules.defaults()),
            new SentFingerprints(true, DiffRules.defaults()));
    dev.roster.avro.IntegratedAccount owned =
        dev.roster.avro.IntegratedAccount.newBuilder()
            .setId(account)
            .setIntegration("okta")
            .setTenantId("acme")
            .build();
    pollers.forEach(poller -> poller.owned(owned));
    Map<String, User> table = new TreeMap<>();
    StringBuilder log = new StringBuilder("seed " + seed + "\n");
    int previousPoller = -1;
    boolean previousDelivered = false;
    long unchangedConfirmed = 0;
    long asked = 0;

    for (long poll = 1; poll <= 25; poll++) {
      int step = random.nextInt(10);
      if (step < 2) {
        int n = 1 + random.nextInt(USERS);
        directory.put(n, random.nextInt(3)); // may be a version the detector saw long ago
        log.append("user ").append(n).append(" -> ").append(directory.get(n)).append('\n');
      } else if (step == 2) {
        int n = 1 + random.nextInt(USERS);
        directory.remove(n);
        log.append("user ").append(n).append(" left\n");
      } else if (step == 3) {
        int which = random.nextInt(2);
        pollers.get(which).released(account);
        pollers.get(which).owned(owned); // it comes back, with nothing remembered
        log.append("poller ").append(which).append(" released the account\n");
        if (which == previousPoller) {
          previousPoller = -1;
        }
      }
      int which = random.nextInt(10) < 7 ? 0 : 1; // mostly one owner, sometimes the other
      boolean aborts = random.nextInt(10) == 0;
      boolean delivered = random.nextInt(10) < 7;
      SentFingerprints.PollFingerprints memory = pollers.get(which).begin(account);
      long pollId = poll;
      for (Map.Entry<Integer, Integer> user : directory.entrySet()) {
        User seen = user(account, user.getKey(), user.getValue());
        memory
            .unchanged(seen)
            .ifPresentOrElse(
                fingerprints -> DETECTOR.unchanged(pollId, seen, fingerprints),
                () -> DETECTOR.observe(pollId, List.of(seen)));
      }
      log.append("poll ")
          .append(poll)
          .append(" by ")
          .append(which)
          .append(aborts ? " aborted" : delivered ? "" : ", summary lost")
          .append(": ")
          .append(directory)
          .append('\n');
      List<UserChangeEvent> events;
      if (aborts) {
        DETECTOR.abort(account, poll);
        memory.abandoned();
        events = events(account);
        previousPoller = -1;
      } else {
        DETECTOR.complete(account, poll, directory.size());
        memory.completed();
        events = events(account);
        for (PollSummary summary : summaries(account)) {
          unchangedConfirmed += summary.getUnchanged();
          asked += summary.getResendUserIds().size();
          if (delivered) {
            pollers.get(which).asked(summary);
          }
        }
        for (UserChangeEvent event : events) {
          if (event.getType() == ChangeType.USER_REMOVED) {
            assertThat(directory)
                .as("poll %s removed user %s, which it saw%n%s", poll, event.getUserId(), log)
                .doesNotContainKey(number(event.getUserId()));
          }
        }
      }
      fold(account, table);
      if (!aborts && previousPoller == which && previousDelivered) {
        Map<String, User> expected = new TreeMap<>();
        directory.forEach((n, version) -> expected.put("00u" + n, user(account, n, version)));
        assertThat(titles(table))
            .as("after two complete polls by poller %s%n%s", which, log)
            .isEqualTo(titles(expected));
      }
      if (!aborts) {
        previousPoller = which;
        previousDelivered = delivered;
      }
    }
    Statistics.label("confirmed unchanged").collect(unchangedConfirmed > 0);
    Statistics.label("asked in full").collect(asked > 0);
  }

  private static User user(String account, int n, int version) {
    return User.newBuilder(DetectorTopologyTest.user(n))
        .setIntegratedAccountId(account)
        .setTitle("Title " + version)
        .build();
  }

  private static int number(String userId) {
    return Integer.parseInt(userId.substring(3));
  }

  private static List<UserChangeEvent> events(String account) {
    return DETECTOR.drainEvents().stream()
        .filter(event -> event.getIntegratedAccountId().equals(account))
        .toList();
  }

  private static List<PollSummary> summaries(String account) {
    return DETECTOR.summaries.readValuesToList().stream()
        .filter(summary -> summary.getIntegratedAccountId().equals(account))
        .toList();
  }

  /** The users table as a compacted topic's reader sees it. */
  private static void fold(String account, Map<String, User> table) {
    for (TestRecord<UserKey, User> record : DETECTOR.users.readRecordsToList()) {
      if (!record.key().getIntegratedAccountId().equals(account)) {
        continue;
      }
      if (record.value() == null) {
        table.remove(record.key().getUserId());
      } else {
        table.put(record.key().getUserId(), record.value());
      }
    }
  }

  private static Map<String, String> titles(Map<String, User> users) {
    Map<String, String> titles = new TreeMap<>();
    users.forEach((id, user) -> titles.put(id, user.getTitle()));
    return titles;
  }
}
