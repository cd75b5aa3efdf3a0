package dev.roster.sim;

/**
 * The state of an integrated account and how Truto answers unified calls for it
 * (docs/architecture.md#truto-errors). {@link #wireStatus()} is what {@code GET
 * /integrated-account} reports.
 */
public enum SimAccountState {
  /** Served normally. */
  ACTIVE("active"),
  /** The vendor rejected the credentials: 401 with {@code truto_is_remote_error: true}. */
  NEEDS_REAUTH("needs_reauth"),
  /**
   * Connected, but without the scopes to read users: 403 with {@code
   * truto_error_insight.forbidden_error}.
   */
  MISSING_SCOPES("active"),
  /** Truto blocked the account: 503. */
  BLOCKED("active"),
  /** Still being connected: unified calls answer 400. */
  CONNECTING("connecting"),
  /** The post-install step failed: unified calls answer 400. */
  POST_INSTALL_ERROR("post_install_error"),
  /** Credentials never validated: unified calls answer 400. */
  VALIDATION_ERROR("validation_error");

  private final String wireStatus;

  SimAccountState(String wireStatus) {
    this.wireStatus = wireStatus;
  }

  public String wireStatus() {
    return wireStatus;
  }
}
