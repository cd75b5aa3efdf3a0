package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorPreflightTest {

  static final String APP = "roster";
  static final List<String> BY_USER =
      List.of("roster.observations", "roster.users", "roster.user-events");

  /**
   * The topics as a fresh start leaves them: the three user topics, and the detector's changelogs
   * if it ran.
   */
  static Map<String, Integer> topics(int partitions, boolean detectorRan) {
    Map<String, Integer> counts = new HashMap<>();
    BY_USER.forEach(topic -> counts.put(topic, partitions));
    if (detectorRan) {
      DetectorTopology.changelogTopics(APP).forEach(changelog -> counts.put(changelog, partitions));
    }
    return counts;
  }

  @Test
  void aFreshStartAndARestartOnTheSameLayoutPass() {
    assertThat(DetectorPreflight.layoutProblems(topics(6, false), BY_USER, APP)).isEmpty();
    assertThat(DetectorPreflight.layoutProblems(topics(6, true), BY_USER, APP)).isEmpty();
  }

  @Test
  void partitionsAddedToTheObservationsUnderExistingStateAreRefused() {
    Map<String, Integer> counts = topics(6, true);
    BY_USER.forEach(topic -> counts.put(topic, 8));

    assertThat(DetectorPreflight.layoutProblems(counts, BY_USER, APP))
        .singleElement()
        .asString()
        .contains("was built on 6 partitions of 'roster.observations', which now has 8")
        .contains("README.md, \"Changing the number of partitions\"");
  }

  @Test
  void aUserTopicWithAnotherCountIsRefusedByName() {
    Map<String, Integer> counts = topics(6, false);
    counts.put("roster.user-events", 12);

    assertThat(DetectorPreflight.layoutProblems(counts, BY_USER, APP))
        .singleElement()
        .asString()
        .startsWith("Topic 'roster.user-events' has 12 partitions but 'roster.observations' has 6");
  }

  @Test
  void aStateWithoutTheTalliesChangelogWasBuiltByAnOlderRoster() {
    Map<String, Integer> counts = topics(6, true);
    counts.remove(DetectorTopology.changelogTopic(APP, DetectorTopology.TALLIES_STORE));

    assertThat(DetectorPreflight.layoutProblems(counts, BY_USER, APP))
        .singleElement()
        .asString()
        .contains("built by an older Roster")
        .contains("roster-tallies-changelog");
  }

  @Test
  void aUserTopicThatVanishedIsNamed() {
    Map<String, Integer> counts = topics(6, false);
    counts.remove("roster.users");

    assertThat(DetectorPreflight.layoutProblems(counts, BY_USER, APP))
        .singleElement()
        .asString()
        .startsWith("Topics [roster.users] do not exist");
  }
}
