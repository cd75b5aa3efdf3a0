package dev.roster.truto;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory, but never more than a cap: one vendor's gigabyte page must not
 * take the heap every other account's poll needs. A body that declares a larger {@code
 * Content-Length} is not read at all; one that turns out larger as it streams (chunked, or a length
 * that lies) stops being read at the cap. Either way the connection is dropped, not drained.
 */
sealed interface CappedBody {

  /** The whole body, at most the cap. */
  record Whole(byte[] bytes) implements CappedBody {}

  /** A body over the cap; {@code evidence} says how that showed, for the error message. */
  record TooLarge(String evidence) implements CappedBody {}

  /** Reads each response through a {@link Reader} capped at {@code maxBytes}. */
  static HttpResponse.BodyHandler<CappedBody> handler(int maxBytes) {
    return info ->
        new Reader(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /**
   * Collects the body's bytes in one array that grows as they come, up to the cap, so a response
   * holds at most about twice the cap while it is read (the array and the one it outgrew).
   */
  final class Reader implements HttpResponse.BodySubscriber<CappedBody> {

    private static final int INITIAL_CAPACITY = 8 * 1024;

    private final int maxBytes;
    private final long declaredLength;
    private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int size;

    /**
     * @param declaredLength the response's {@code Content-Length}, or -1 when it has none
     */
    Reader(int maxBytes, long declaredLength) {
      this.maxBytes = maxBytes;
      this.declaredLength = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
      subscription = newSubscription;
      if (declaredLength > maxBytes) {
        tooLarge("Content-Length " + declaredLength + ", not read");
        return;
      }
      buffer =
          new byte
              [declaredLength >= 0 ? (int) declaredLength : Math.min(INITIAL_CAPACITY, maxBytes)];
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        if (result.isDone()) {
          return; // cancelled: buffers already on their way are dropped
        }
        int length = item.remaining();
        if ((long) size + length > maxBytes) {
          tooLarge("more than " + maxBytes + " bytes sent; reading stopped there");
          return;
        }
        if (size + length > buffer.length) {
          buffer =
              Arrays.copyOf(
                  buffer,
                  (int) Math.min(maxBytes, Math.max((long) size + length, 2L * buffer.length)));
        }
        item.get(buffer, size, length);
        size += length;
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      if (!result.isDone()) {
        result.complete(new Whole(size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
      }
    }

    @Override
    public CompletionStage<CappedBody> getBody() {
      return result;
    }

    private void tooLarge(String evidence) {
      buffer = null;
      subscription.cancel();
      result.complete(new TooLarge(evidence));
    }
  }
}
