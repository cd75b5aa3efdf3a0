package dev.roster.app;

/** A command cannot go on, for a reason the user can fix; the message says which. */
public final class CommandFailed extends RuntimeException {
  public CommandFailed(String message) {
    super(message);
  }
}
