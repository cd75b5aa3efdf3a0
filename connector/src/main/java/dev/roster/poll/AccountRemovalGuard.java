package dev.roster.poll;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.RemovalGuard;
import dev.roster.detect.RemovalGuardSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The accounts table's mass-removal guard (docs/architecture.md#accounts-guard): an empty or
 * shrunken discovery answer (a token for another environment, a Truto incident) looks exactly like
 * every account being deleted, and tombstoning them would stop every poll. So an answer that would
 * remove more than {@code maxShare} of the discovered accounts in the table (with at least {@code
 * minKnownUsers} of them, read as accounts), or all of them, is held: the accounts it misses stay,
 * and go only when {@code 1 + confirmations} consecutive answers miss them (a discovered account
 * the accounts file still names is kept as the file says, but counts as missed by discovery).
 * Accounts that only the accounts file named ({@link AccountSource#CONFIG}) go at once when the
 * file drops them: an operator's edit is no outage.
 */
public final class AccountRemovalGuard {

  /**
   * Above a fifth of five or more discovered accounts, or all of them, held for two more answers.
   */
  public static final RemovalGuardSettings DEFAULTS = new RemovalGuardSettings(0.20, 5, 2);

  private AccountRemovalGuard() {}

  /**
   * Judges one answer.
   *
   * @param table the accounts table now, by id
   * @param listed the accounts the table is to hold (the file merged with discovery)
   * @param missedBefore for each discovered account the previous answers missed and the table kept,
   *     how many consecutive answers missed it ({@link AccountRemovals#held()} of the last
   *     judgement; empty when there was none)
   */
  public static AccountRemovals judge(
      Map<String, IntegratedAccount> table,
      Collection<IntegratedAccount> listed,
      Map<String, Integer> missedBefore,
      RemovalGuardSettings settings) {
    Map<String, AccountSource> listedSources =
        listed.stream()
            .collect(
                Collectors.toMap(
                    IntegratedAccount::getId,
                    IntegratedAccount::getSource,
                    (first, second) -> first));
    Set<String> remove = new HashSet<>();
    Map<String, Integer> missed = new HashMap<>();
    long discovered = 0;
    long discoveryMissed = 0;
    for (IntegratedAccount account : table.values()) {
      AccountSource listedAs = listedSources.get(account.getId());
      if (account.getSource() == AccountSource.DISCOVERY) {
        discovered++;
        // One the file still names is kept, but discovery missed it all the same: an empty answer
        // is no smaller a share for the accounts the file also lists.
        discoveryMissed += listedAs != AccountSource.DISCOVERY ? 1 : 0;
        if (listedAs == null) {
          missed.put(account.getId(), missedBefore.getOrDefault(account.getId(), 0) + 1);
        }
      } else if (listedAs == null) {
        remove.add(account.getId());
      }
    }
    Optional<String> holdReason = holdReason(discovered, discoveryMissed, settings);
    Map<String, Integer> held = new HashMap<>();
    missed.forEach(
        (id, answers) -> {
          if (RemovalGuard.mayRemove(answers, holdReason.isPresent(), settings)) {
            remove.add(id);
          } else {
            held.put(id, answers);
          }
        });
    return new AccountRemovals(remove, held, holdReason);
  }

  private static Optional<String> holdReason(
      long discovered, long missing, RemovalGuardSettings settings) {
    long listed = discovered - missing;
    String share;
    if (missing > 0 && missing == discovered) {
      share = "(all missing)";
    } else if (RemovalGuard.tooManyMissing(discovered, listed, settings)) {
      share = RemovalGuard.missingShare(discovered, listed, settings);
    } else {
      return Optional.empty();
    }
    int answers = 1 + settings.confirmations();
    return Optional.of(
        "discovery listed "
            + listed
            + " of "
            + discovered
            + " discovered accounts in the table "
            + share
            + "; an account is removed only when "
            + answers
            + " discovery answers in a row miss it");
  }
}
