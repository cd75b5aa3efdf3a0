package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.RemovalGuardSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AccountRemovalGuardTest {

  private static final RemovalGuardSettings SETTINGS = new RemovalGuardSettings(0.20, 5, 2);

  @Test
  void anEmptyAnswerKeepsEveryDiscoveredAccountAndSaysWhy() {
    Map<String, IntegratedAccount> table = table(discovered(10));

    AccountRemovals removals = AccountRemovalGuard.judge(table, List.of(), Map.of(), SETTINGS);

    assertThat(removals.remove()).isEmpty();
    assertThat(removals.held()).hasSize(10).containsValues(1).doesNotContainValue(2);
    assertThat(removals.holdReason())
        .hasValue(
            "discovery listed 0 of 10 discovered accounts in the table (all missing);"
                + " an account is removed only when 3 discovery answers in a row miss it");
  }

  @Test
  void heldAccountsGoWhenOnePlusTheConfirmationsAnswersInARowMissThem() {
    List<IntegratedAccount> accounts = discovered(10);
    Map<String, IntegratedAccount> table = table(accounts);

    AccountRemovals first = AccountRemovalGuard.judge(table, List.of(), Map.of(), SETTINGS);
    AccountRemovals second = AccountRemovalGuard.judge(table, List.of(), first.held(), SETTINGS);
    AccountRemovals third = AccountRemovalGuard.judge(table, List.of(), second.held(), SETTINGS);

    assertThat(second.remove()).isEmpty();
    assertThat(second.held()).containsOnlyKeys(table.keySet()).containsValues(2);
    assertThat(third.remove()).containsExactlyInAnyOrderElementsOf(table.keySet());
    assertThat(third.held()).isEmpty();
    assertThat(third.answerHeld()).as("the answer still misses them all").isTrue();
  }

  @Test
  void anAccountListedAgainStartsOverAndOnlyTheOnesMissedInARowGo() {
    List<IntegratedAccount> accounts = discovered(10);
    Map<String, IntegratedAccount> table = table(accounts);
    List<IntegratedAccount> firstFive = accounts.subList(0, 5);

    AccountRemovals first = AccountRemovalGuard.judge(table, List.of(), Map.of(), SETTINGS);
    // The second answer lists half again: still half missing, so still held.
    AccountRemovals second = AccountRemovalGuard.judge(table, firstFive, first.held(), SETTINGS);
    AccountRemovals third = AccountRemovalGuard.judge(table, List.of(), second.held(), SETTINGS);

    assertThat(second.answerHeld()).isTrue();
    assertThat(second.held()).containsOnlyKeys(ids(accounts.subList(5, 10)));
    assertThat(third.remove())
        .as("missed by three answers in a row")
        .containsExactlyInAnyOrderElementsOf(ids(accounts.subList(5, 10)));
    assertThat(third.held())
        .as("missed once, then listed, then missed: starts over")
        .containsOnlyKeys(ids(firstFive))
        .containsValues(1);
  }

  @Test
  void aSmallShareGoesAtOnce() {
    List<IntegratedAccount> accounts = discovered(10);

    // 2 of 10 missing is exactly the allowed 20%.
    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), accounts.subList(2, 10), Map.of(), SETTINGS);

    assertThat(removals.answerHeld()).isFalse();
    assertThat(removals.remove()).containsExactlyInAnyOrder("d-1", "d-2");
    assertThat(removals.held()).isEmpty();
  }

  @Test
  void aShareAboveTheLimitIsHeldWithTheShareInTheReason() {
    List<IntegratedAccount> accounts = discovered(10);

    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), accounts.subList(3, 10), Map.of(), SETTINGS);

    assertThat(removals.remove()).isEmpty();
    assertThat(removals.held()).containsOnlyKeys("d-1", "d-2", "d-3");
    assertThat(removals.holdReason())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "discovery listed 7 of 10 discovered accounts in the table (30% missing > 20% allowed)"));
  }

  @Test
  void belowTheMinimumAShareIsNoHoldButAllOfThemIs() {
    List<IntegratedAccount> accounts = discovered(3);

    AccountRemovals two =
        AccountRemovalGuard.judge(table(accounts), accounts.subList(2, 3), Map.of(), SETTINGS);
    AccountRemovals all =
        AccountRemovalGuard.judge(table(discovered(1)), List.of(), Map.of(), SETTINGS);

    assertThat(two.remove()).containsExactlyInAnyOrder("d-1", "d-2");
    assertThat(all.remove()).isEmpty();
    assertThat(all.held()).containsOnlyKeys("d-1");
  }

  @Test
  void accountsOnlyTheFileNamedGoAtOnceAndDoNotCountAsDiscovered() {
    List<IntegratedAccount> accounts = new ArrayList<>(discovered(10));
    accounts.add(account("f-1", AccountSource.CONFIG));
    accounts.add(account("f-2", AccountSource.CONFIG));

    // The file drops both of its accounts while discovery answers empty.
    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), List.of(), Map.of(), SETTINGS);

    assertThat(removals.remove()).containsExactlyInAnyOrder("f-1", "f-2");
    assertThat(removals.held()).hasSize(10).doesNotContainKeys("f-1", "f-2");
    assertThat(removals.holdReason()).hasValueSatisfying(r -> assertThat(r).contains("0 of 10"));
  }

  @Test
  void aDiscoveredAccountTheFileStillNamesIsKeptButCountsAsMissedByDiscovery() {
    List<IntegratedAccount> accounts = discovered(3);
    // Discovery answers empty; the file names d-3, so the merge lists it as the file says.
    List<IntegratedAccount> listed = List.of(account("d-3", AccountSource.CONFIG));

    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), listed, Map.of(), SETTINGS);

    assertThat(removals.remove()).isEmpty();
    assertThat(removals.held()).containsOnlyKeys("d-1", "d-2");
    assertThat(removals.holdReason())
        .hasValueSatisfying(r -> assertThat(r).contains("listed 0 of 3", "(all missing)"));
  }

  @Test
  void theFileDroppingOneOfItsAccountsIsNoHoldWhateverTheShare() {
    List<IntegratedAccount> accounts =
        List.of(account("f-1", AccountSource.CONFIG), account("f-2", AccountSource.CONFIG));

    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), List.of(), Map.of(), SETTINGS);

    assertThat(removals.remove()).containsExactlyInAnyOrder("f-1", "f-2");
    assertThat(removals.holdReason()).isEqualTo(Optional.empty());
  }

  @Test
  void anAnswerMissingNothingHoldsNothingAndForgetsEarlierMisses() {
    List<IntegratedAccount> accounts = discovered(10);

    AccountRemovals removals =
        AccountRemovalGuard.judge(table(accounts), accounts, Map.of("d-1", 2), SETTINGS);

    assertThat(removals.remove()).isEmpty();
    assertThat(removals.held()).isEmpty();
    assertThat(removals.answerHeld()).isFalse();
  }

  private static List<IntegratedAccount> discovered(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(n -> account("d-" + n, AccountSource.DISCOVERY))
        .toList();
  }

  private static IntegratedAccount account(String id, AccountSource source) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration("okta")
        .setTenantId("acme")
        .setSource(source)
        .build();
  }

  private static Map<String, IntegratedAccount> table(List<IntegratedAccount> accounts) {
    Map<String, IntegratedAccount> table = new LinkedHashMap<>();
    accounts.forEach(account -> table.put(account.getId(), account));
    return table;
  }

  private static List<String> ids(List<IntegratedAccount> accounts) {
    return accounts.stream().map(IntegratedAccount::getId).toList();
  }
}
