package dev.roster.detect;

import java.util.Objects;

/** Whether one complete poll's removals may go ahead, by {@link RemovalGuard#judge}. */
public sealed interface RemovalVerdict {

  /** Remove users the poll missed, as usual. */
  record Proceed() implements RemovalVerdict {}

  /**
   * Too many users are missing at once: removals wait for confirmation.
   *
   * @param reason for operators and the PollStatus message
   */
  record Hold(String reason) implements RemovalVerdict {
    public Hold {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
