package dev.roster.poll;

/** Told what the accounts table's guard decided at each sync, for metrics. */
public interface AccountsGuardListener {

  AccountsGuardListener NONE = removals -> {};

  void accountRemovalsJudged(AccountRemovals removals);
}
