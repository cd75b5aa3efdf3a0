package dev.roster.cli;

/** A command cannot go on, for a reason the user can fix; the message says which. */
final class CommandFailed extends RuntimeException {
  CommandFailed(String message) {
    super(message);
  }
}
