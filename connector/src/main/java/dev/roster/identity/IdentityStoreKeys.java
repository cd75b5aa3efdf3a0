package dev.roster.identity;

import dev.roster.avro.IdentityKey;

/**
 * Keys of the identity stage's stores, as text: {@code account NUL user} for users, {@code tenant
 * NUL identity key} for people. Ids, tenants and normalised keys never contain NUL.
 */
final class IdentityStoreKeys {

  private static final char SEPARATOR = '\u0000';

  private IdentityStoreKeys() {}

  static String user(String accountId, String userId) {
    return accountId + SEPARATOR + userId;
  }

  static String person(IdentityKey key) {
    return key.getTenantId() + SEPARATOR + key.getIdentityKey();
  }

  static IdentityKey person(String storeKey) {
    int at = storeKey.indexOf(SEPARATOR);
    return new IdentityKey(storeKey.substring(0, at), storeKey.substring(at + 1));
  }
}
