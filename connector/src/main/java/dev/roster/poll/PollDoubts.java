package dev.roster.poll;

import dev.roster.truto.ListingStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a complete poll cannot vouch for, carried on its PollCompleted marker
 * (contract/src/main/avro/PollCompleted.avsc) so that the detector removes only users whose absence
 * is proven (README.md, "No false removals").
 *
 * @param unconfirmedUserIds users the list showed whose get found nothing: they exist, so they keep
 *     their previous state instead of being removed
 * @param removalsWithheld why the poll may remove nobody at all, when it may not
 */
public record PollDoubts(List<String> unconfirmedUserIds, Optional<String> removalsWithheld) {

  /**
   * More unconfirmed users than this are not listed one by one on the marker (it must stay a small
   * Kafka record): the poll then removes nobody instead.
   */
  static final int MAX_UNCONFIRMED_LISTED = 1_000;

  public static final PollDoubts NONE = new PollDoubts(List.of(), Optional.empty());

  public PollDoubts {
    unconfirmedUserIds = List.copyOf(unconfirmedUserIds);
  }

  /**
   * The doubts of a listing that completed: an entry dead-lettered for want of a usable id, or an
   * id met twice, may stand for any user, so such a poll removes nobody; users whose get found
   * nothing are kept.
   */
  static PollDoubts of(ListingStats stats, List<String> unconfirmedUserIds) {
    List<String> doubts = new ArrayList<>();
    if (stats.rejected() > 0) {
      doubts.add(
          count(stats.rejected(), "entry", "entries") + " without a usable id (dead-lettered)");
    }
    if (stats.duplicates() > 0) {
      doubts.add(count(stats.duplicates(), "id", "ids") + " listed twice (dead-lettered)");
    }
    boolean tooManyToList = unconfirmedUserIds.size() > MAX_UNCONFIRMED_LISTED;
    if (tooManyToList) {
      doubts.add(
          count(unconfirmedUserIds.size(), "listed user", "listed users")
              + " whose get found nothing");
    }
    Optional<String> withheld =
        doubts.isEmpty()
            ? Optional.empty()
            : Optional.of(
                "the poll met "
                    + String.join(" and ", doubts)
                    + ": a user it missed may be one of them, so it removes nobody");
    return new PollDoubts(tooManyToList ? List.of() : unconfirmedUserIds, withheld);
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
