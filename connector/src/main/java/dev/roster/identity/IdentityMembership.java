package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityChange;
import dev.roster.avro.IdentityChangeKind;
import dev.roster.avro.IdentityKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The second half of the identity stage's grouping, pure: one person's accounts after one
 * membership change. A user removed from an identity-provider account stays, marked removed, as the
 * evidence that the person left; a user removed from any other account, or that now has another
 * key, leaves. A person left with nothing but removed users is gone.
 */
public final class IdentityMembership {

  private static final Comparator<IdentityAccount> ORDER =
      Comparator.comparing(IdentityAccount::getIntegratedAccountId)
          .thenComparing(IdentityAccount::getUserId);

  private IdentityMembership() {}

  /**
   * @param current the person before, or null
   * @return the person after, or null when nothing of it is left
   */
  public static Identity apply(
      IdentityKey key,
      Identity current,
      IdentityChange change,
      IdentityProviderView providers,
      Instant now) {
    List<IdentityAccount> accounts =
        new ArrayList<>(current == null ? List.of() : current.getAccounts());
    IdentityAccount member = change.getAccount();
    accounts.removeIf(a -> samePair(a, member));
    boolean idp =
        providers.isIdentityProvider(member.getIntegratedAccountId(), member.getIntegration());
    IdentityChangeKind kind = change.getKind();
    if (kind == IdentityChangeKind.JOINED || kind == IdentityChangeKind.UPDATED) {
      accounts.add(flagged(member, idp, false));
    } else if (kind == IdentityChangeKind.REMOVED && idp) {
      accounts.add(flagged(member, true, true));
    }
    boolean idpSeen = current != null && current.getIdentityProviderSeen();
    return rebuilt(key, accounts, idpSeen, now);
  }

  /**
   * The same person with every account's identity-provider flag judged again: for the periodic
   * sweep, when an account's flag or the configured integrations changed.
   */
  public static Identity reflagged(Identity current, IdentityProviderView providers, Instant now) {
    List<IdentityAccount> accounts = new ArrayList<>();
    for (IdentityAccount account : current.getAccounts()) {
      boolean idp =
          providers.isIdentityProvider(account.getIntegratedAccountId(), account.getIntegration());
      if (account.getRemoved() && !idp) {
        continue; // only an identity provider's removal is evidence
      }
      accounts.add(flagged(account, idp, account.getRemoved()));
    }
    return rebuilt(
        new IdentityKey(current.getTenantId(), current.getIdentityKey()),
        accounts,
        current.getIdentityProviderSeen(),
        now);
  }

  private static Identity rebuilt(
      IdentityKey key, List<IdentityAccount> accounts, boolean idpSeen, Instant now) {
    if (accounts.stream().allMatch(IdentityAccount::getRemoved)) {
      return null;
    }
    accounts.sort(ORDER);
    boolean seen = idpSeen || accounts.stream().anyMatch(IdentityAccount::getIsIdentityProvider);
    return Identity.newBuilder()
        .setTenantId(key.getTenantId())
        .setIdentityKey(key.getIdentityKey())
        .setEmail(IdentityKeys.emailOf(key))
        .setAccounts(List.copyOf(accounts))
        .setIdentityProviderSeen(seen)
        .setUpdatedAt(now)
        .build();
  }

  private static IdentityAccount flagged(IdentityAccount account, boolean idp, boolean removed) {
    if (account.getIsIdentityProvider() == idp && account.getRemoved() == removed) {
      return account;
    }
    return IdentityAccount.newBuilder(account)
        .setIsIdentityProvider(idp)
        .setRemoved(removed)
        .build();
  }

  static boolean samePair(IdentityAccount a, IdentityAccount b) {
    return a.getIntegratedAccountId().equals(b.getIntegratedAccountId())
        && a.getUserId().equals(b.getUserId());
  }

  /** Whether two versions of a person differ in more than when they were rebuilt. */
  public static boolean sameContent(Identity a, Identity b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Identity.newBuilder(a)
        .setUpdatedAt(Instant.EPOCH)
        .build()
        .equals(Identity.newBuilder(b).setUpdatedAt(Instant.EPOCH).build());
  }
}
