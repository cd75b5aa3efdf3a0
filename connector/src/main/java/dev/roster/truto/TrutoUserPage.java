package dev.roster.truto;

/**
 * One page of {@code GET /unified/user-directory/users}, without its users (those were streamed to
 * a consumer).
 *
 * @param nextCursor the cursor of the next page exactly as sent: null, empty (both mean the end) or
 *     text; {@link PaginationState} decides what it means
 * @param resultCount Truto's {@code result_count}, or null when absent or not a whole number (it is
 *     informational)
 * @param partialResponse Truto's {@code is_partial_response}: the items carry only some fields and
 *     need a get each
 * @param itemsDelivered how many {@code result} items were handed to the consumer
 */
public record TrutoUserPage(
    String nextCursor, Long resultCount, boolean partialResponse, long itemsDelivered) {}
