package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import java.util.Locale;
import java.util.Optional;

/**
 * Why Roster knows an account but does not poll it, as its NOT_POLLED status says (the categories
 * are documented on PollStatus.error_category in contract/src/main/avro/PollStatus.avsc). Pure.
 *
 * <p>An account in roster.accounts is polled exactly when it is enabled. A disabled one is either
 * one Truto reports not active (discovery sets its status; the merge disables it) or one the
 * accounts file disables. Truto's status wins when it is not active, even if the file disables the
 * account too: the account then needs someone to fix it either way.
 *
 * @param category null when nothing is wrong with the account: the accounts file disables it
 * @param message what an operator reads, naming Truto's status when it is the reason
 */
public record NotPolledReason(ErrorCategory category, String message) {

  static final String ACTIVE = "active";
  static final String NEEDS_REAUTH = "needs_reauth";
  static final String BLOCKED = "blocked";
  private static final String UNTIL_ACTIVE = "; polled again once Truto reports it active";

  /** Why {@code account} is not polled; empty when it is polled. */
  public static Optional<NotPolledReason> of(IntegratedAccount account) {
    if (account.getEnabled()) {
      return Optional.empty();
    }
    String status = account.getStatus();
    if (status == null || ACTIVE.equals(status.toLowerCase(Locale.ROOT))) {
      return Optional.of(
          new NotPolledReason(null, "disabled in the accounts file (enabled: false)"));
    }
    return Optional.of(
        switch (status.toLowerCase(Locale.ROOT)) {
          case NEEDS_REAUTH ->
              new NotPolledReason(
                  ErrorCategory.AUTH,
                  "Truto reports the account needs re-authentication (status "
                      + status
                      + "): the customer must reconnect it"
                      + UNTIL_ACTIVE);
          case BLOCKED ->
              new NotPolledReason(
                  ErrorCategory.BLOCKED,
                  "Truto reports the account blocked (status " + status + ")" + UNTIL_ACTIVE);
          default ->
              new NotPolledReason(
                  ErrorCategory.CONFIG,
                  "Truto reports the account's connection unfinished or invalid (status "
                      + status
                      + ")"
                      + UNTIL_ACTIVE);
        });
  }

  /** An account the customer must reconnect before it can be polled again. */
  public boolean needsReauth() {
    return category == ErrorCategory.AUTH;
  }
}
