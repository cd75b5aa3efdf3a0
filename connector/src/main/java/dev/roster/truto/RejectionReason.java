package dev.roster.truto;

/** Why a user could not be mapped at all. Few values, so each can be a metric tag. */
public enum RejectionReason {
  NOT_AN_OBJECT("the user is not a JSON object"),
  MISSING_ID("the user has no id"),
  BLANK_ID("the user's id is empty or blank"),
  ID_NOT_STRING_OR_NUMBER("the user's id is neither a string nor a number"),
  ID_TOO_LONG("the user's id is longer than the string cap");

  private final String description;

  RejectionReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
