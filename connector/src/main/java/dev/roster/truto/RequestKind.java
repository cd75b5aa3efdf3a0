package dev.roster.truto;

/** Which Truto call failed; the same status means different things for each. */
public enum RequestKind {
  LIST_USERS("list users"),
  GET_USER("get user"),
  DISCOVERY("list integrated accounts");

  private final String description;

  RequestKind(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
