package dev.roster.truto;

/**
 * A page whose entries are more than {@link PageBounds#maxEntries()} or whose trees would pass
 * {@link PageBounds#maxTreeBytes()}: reading on would cost memory out of all proportion to the
 * page, so the page is refused as a whole, and with it the poll.
 */
public final class PageTooLargeException extends InvalidResponseException {

  private static final long serialVersionUID = 1L;

  public PageTooLargeException(String problem, long byteOffset, long itemsDelivered) {
    super(problem, byteOffset, itemsDelivered, null);
  }
}
