package dev.roster.truto;

/** Whose limit a 429 says is spent, and so who waits (docs/architecture.md#truto-rate-limits). */
public enum RateLimitScope {
  /**
   * The vendor's limit, passed through by Truto ({@code truto_is_remote_error}): it binds the
   * customer's connection, one integrated account, so only that account's requests wait.
   */
  ACCOUNT,
  /**
   * Truto's own cap: the API token's budget, shared by every account, so every request of the
   * instance waits.
   */
  TOKEN
}
