package dev.roster.truto;

/**
 * A Truto response body that is not what the API promises: malformed or truncated JSON, or the
 * wrong shape. Items read before the problem may already have been handed on; the poll that read
 * them must be treated as failed (ErrorCategory INVALID_RESPONSE), so nothing is inferred from what
 * is missing.
 */
public class InvalidResponseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final long byteOffset;
  private final long itemsDelivered;

  /**
   * @param problem what was wrong, in words
   * @param byteOffset where in the body, counted from 0; -1 when unknown
   * @param itemsDelivered how many items had been handed on before the problem
   */
  public InvalidResponseException(
      String problem, long byteOffset, long itemsDelivered, Throwable cause) {
    super(
        problem
            + (byteOffset >= 0 ? " at byte " + byteOffset : "")
            + " (after "
            + itemsDelivered
            + " items)",
        cause);
    this.byteOffset = byteOffset;
    this.itemsDelivered = itemsDelivered;
  }

  public long byteOffset() {
    return byteOffset;
  }

  public long itemsDelivered() {
    return itemsDelivered;
  }
}
