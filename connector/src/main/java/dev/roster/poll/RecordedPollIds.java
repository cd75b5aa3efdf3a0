package dev.roster.poll;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The poll ids recorded on roster.poll-status, as this instance has read them: every status of
 * every account, whichever instance wrote it, so a poll id can continue the account's sequence when
 * the account moves here.
 */
public interface RecordedPollIds {

  /** Completes once every status committed to roster.poll-status before this call has been read. */
  CompletableFuture<Void> readToCurrentEnd();

  /** The highest poll id read for {@code accountId}; empty when none. */
  OptionalLong last(String accountId);
}
