package dev.roster.truto;

/**
 * The share of the API token's budget one instance may use: the share of the accounts table's
 * partitions it owns, rounded down. The instances of one application own disjoint partitions (a
 * partition is revoked from its old owner before its new owner is given it), so their shares never
 * add up to more than the whole budget. Pure.
 */
public final class TokenShare {

  private TokenShare() {}

  /**
   * @param whole the token's budget across every instance
   * @param ownedPartitions how many partitions of the accounts table this instance owns
   * @param partitions how many partitions the accounts table has
   * @return requests per {@code whole.window()} this instance may send; 0 when it owns nothing
   */
  public static int requests(RequestBudget whole, int ownedPartitions, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "The accounts table needs at least one partition, got " + partitions);
    }
    if (ownedPartitions < 0 || ownedPartitions > partitions) {
      throw new IllegalArgumentException(
          "An instance owns between 0 and " + partitions + " partitions, got " + ownedPartitions);
    }
    return (int) ((long) whole.requests() * ownedPartitions / partitions);
  }
}
