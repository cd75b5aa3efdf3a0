package dev.roster.truto;

/**
 * What one listing cost and found.
 *
 * @param pages list pages read
 * @param usersSeen users handed on as observed
 * @param apiCalls HTTP requests made, retries included
 * @param rejected entries that could not be users
 * @param duplicates entries repeating an id already seen in this listing
 * @param absentOnGet users listed but gone by the time of their get
 */
public record ListingStats(
    int pages, long usersSeen, int apiCalls, long rejected, long duplicates, long absentOnGet) {}
