package dev.roster.truto;

/**
 * Told what the client does that a poll's result does not show: retries and rate limits, for
 * metrics. Called on the requesting thread; must not block.
 */
public interface TrutoCallListener {

  TrutoCallListener NONE = new TrutoCallListener() {};

  /**
   * A request of {@code accountId} is tried again.
   *
   * @param reason the HTTP status that caused it ("429", "502", …), or "timeout" or "io"
   */
  default void retried(String accountId, String reason) {}
}
