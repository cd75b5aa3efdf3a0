package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.PollSummary;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.detect.DiffRules;
import dev.roster.detect.Fingerprints;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SentFingerprintsTest {

  private static final String ACCOUNT = "acct-1";
  private static final DiffRules RULES = DiffRules.defaults();

  private final SentFingerprints sent = new SentFingerprints(true, RULES);

  @org.junit.jupiter.api.BeforeEach
  void ownTheAccount() {
    sent.owned(account(ACCOUNT));
  }

  @Test
  void theFirstPollSendsEveryoneInFullAndTheNextOnlyWhoChanged() {
    assertThat(poll(users("Engineer", 3))).isEmpty();

    List<User> next = users("Engineer", 3);
    next.set(1, User.newBuilder(next.get(1)).setTitle("Director").build());
    SentFingerprints.PollFingerprints poll = sent.begin(ACCOUNT);
    List<String> unchanged = unchangedIn(poll, next);
    poll.completed();

    assertThat(unchanged).containsExactly("u1", "u3");
  }

  @Test
  void theFingerprintsSentAreTheDetectorsOwn() {
    poll(users("Engineer", 1));
    User user = users("Engineer", 1).get(0);
    assertThat(sent.begin(ACCOUNT).unchanged(user)).contains(Fingerprints.of(user, RULES));
  }

  @Test
  void onlyAFreshObservationTimeIsNoChange() {
    poll(users("Engineer", 1));
    User later =
        User.newBuilder(users("Engineer", 1).get(0))
            .setObservedAt(Instant.parse("2026-11-30T12:00:00Z"))
            .build();
    assertThat(sent.begin(ACCOUNT).unchanged(later)).isPresent();
    User rawChanged =
        User.newBuilder(users("Engineer", 1).get(0)).setRemoteData("{\"etag\":2}").build();
    assertThat(sent.begin(ACCOUNT).unchanged(rawChanged))
        .as("remote data is compared too: its fingerprint is the detector's")
        .isEmpty();
  }

  @Test
  void aPollThatDidNotCompleteIsForgottenSoTheNextSendsEveryoneInFull() {
    poll(users("Engineer", 3));
    SentFingerprints.PollFingerprints aborted = sent.begin(ACCOUNT);
    unchangedIn(aborted, users("Engineer", 3));
    aborted.abandoned();

    assertThat(poll(users("Engineer", 3))).isEmpty();
  }

  @Test
  void anAccountThatLeavesTheInstanceIsForgotten() {
    poll(users("Engineer", 3));
    sent.released(ACCOUNT);

    assertThat(poll(users("Engineer", 3))).isEmpty();
    assertThat(sent.remembered(ACCOUNT)).isEqualTo(3);
  }

  @Test
  void usersTheDetectorAsksForGoInFullInTheNextPollOnly() {
    poll(users("Engineer", 3));
    sent.asked(summary(List.of("u2"), false));

    assertThat(poll(users("Engineer", 3))).containsExactly("u1", "u3");
    assertThat(poll(users("Engineer", 3))).containsExactly("u1", "u2", "u3");
  }

  @Test
  void anAskThatArrivesDuringAPollCountsForThePollAfterIt() {
    poll(users("Engineer", 3));
    SentFingerprints.PollFingerprints running = sent.begin(ACCOUNT);
    sent.asked(summary(List.of("u2"), false));
    assertThat(unchangedIn(running, users("Engineer", 3))).containsExactly("u1", "u2", "u3");
    running.completed();

    assertThat(poll(users("Engineer", 3))).containsExactly("u1", "u3");
  }

  @Test
  void askingForTheWholeAccountSendsEveryoneInFull() {
    poll(users("Engineer", 3));
    sent.asked(summary(List.of("u2"), true));

    assertThat(poll(users("Engineer", 3))).isEmpty();
  }

  @Test
  void switchedOffItSendsEveryoneInFullAlways() {
    SentFingerprints off = new SentFingerprints(false, RULES);
    for (int poll = 0; poll < 2; poll++) {
      SentFingerprints.PollFingerprints memory = off.begin(ACCOUNT);
      assertThat(users("Engineer", 2)).allSatisfy(u -> assertThat(memory.unchanged(u)).isEmpty());
      memory.completed();
    }
  }

  @Test
  void usersAPollDidNotSeeAreForgotten() {
    poll(users("Engineer", 3));
    poll(users("Engineer", 2));
    assertThat(sent.remembered(ACCOUNT)).isEqualTo(2);

    assertThat(poll(users("Engineer", 3))).containsExactly("u1", "u2");
  }

  @Test
  void aRunningPollHoldsTheMemorySoAnAskForTheWholeAccountMidPollIsNotLost() {
    poll(users("Engineer", 3));
    SentFingerprints.PollFingerprints running = sent.begin(ACCOUNT);
    sent.asked(summary(List.of(), true));
    unchangedIn(running, users("Engineer", 3));
    running.completed();

    assertThat(poll(users("Engineer", 3))).isEmpty();
  }

  @Test
  void theMemoryKeepsWorkingAcrossManyPolls() {
    for (int round = 0; round < 300; round++) { // more polls than the 8-bit generation counts
      List<String> unchanged = poll(users("Engineer", 2));
      assertThat(unchanged).hasSize(round == 0 ? 0 : 2);
    }
  }

  @Test
  void askingForTheUsersOfAnAccountAnotherInstanceOwnsIsIgnored() {
    poll(users("Engineer", 3));
    sent.released(ACCOUNT);
    sent.asked(summary(List.of("u2"), false));
    sent.owned(account(ACCOUNT));
    poll(users("Engineer", 3));

    assertThat(poll(users("Engineer", 3)))
        .as("the ask from before the account came back was not kept")
        .containsExactly("u1", "u2", "u3");
  }

  @Test
  void accountsAreRememberedApart() {
    poll(users("Engineer", 2));
    SentFingerprints.PollFingerprints other = sent.begin("acct-2");
    assertThat(other.unchanged(users("Engineer", 1).get(0))).isEmpty();
  }

  private List<String> poll(List<User> users) {
    SentFingerprints.PollFingerprints poll = sent.begin(ACCOUNT);
    List<String> unchanged = unchangedIn(poll, users);
    poll.completed();
    return unchanged;
  }

  private static List<String> unchangedIn(
      SentFingerprints.PollFingerprints poll, List<User> users) {
    return users.stream()
        .filter(user -> poll.unchanged(user).isPresent())
        .map(User::getId)
        .toList();
  }

  private static List<User> users(String title, int count) {
    return new java.util.ArrayList<>(
        IntStream.rangeClosed(1, count)
            .mapToObj(
                n ->
                    User.newBuilder()
                        .setId("u" + n)
                        .setIntegratedAccountId(ACCOUNT)
                        .setIntegration("okta")
                        .setName("User " + n)
                        .setTitle(title)
                        .setStatus("active")
                        .setStatusCategory(StatusCategory.ACTIVE)
                        .setObservedAt(Instant.parse("2026-11-30T10:00:00Z"))
                        .build())
            .toList());
  }

  private static dev.roster.avro.IntegratedAccount account(String id) {
    return dev.roster.avro.IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration("okta")
        .setTenantId("acme")
        .build();
  }

  private static PollSummary summary(List<String> resend, boolean all) {
    return PollSummary.newBuilder()
        .setIntegratedAccountId(ACCOUNT)
        .setIntegration("okta")
        .setPollId(2)
        .setPartition(0)
        .setUsersSeen(3)
        .setDiscovered(0)
        .setCreated(0)
        .setStatusChanged(0)
        .setUpdated(0)
        .setRemoved(0)
        .setRemovalsHeld(0)
        .setResendUserIds(resend)
        .setResendAll(all)
        .build();
  }
}
