package dev.roster.detect;

/**
 * Keys of the detector's stores: {@code account \u0000 user}, so all users of one account are one
 * contiguous key range (a RocksDB prefix scan) for the removal sweep. Truto ids never contain NUL.
 * Unlike the stores' values, keys carry no format byte: a key is where an entry is found, so
 * another key layout would move every entry and needs a new store, not a byte that tells the
 * layouts apart.
 */
final class StoreKeys {

  private static final char SEPARATOR = '\u0000';

  private StoreKeys() {}

  static String user(String accountId, String userId) {
    return accountId + SEPARATOR + userId;
  }

  static String accountPrefix(String accountId) {
    return accountId + SEPARATOR;
  }

  static String userId(String storeKey) {
    return storeKey.substring(storeKey.indexOf(SEPARATOR) + 1);
  }
}
