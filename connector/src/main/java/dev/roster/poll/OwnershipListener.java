package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import java.util.List;

/**
 * Told by the {@link Poller} which accounts this instance owns: those in the partitions of
 * roster.accounts the consumer group assigned to it, disabled ones included. Called on the poller's
 * loop thread, so an implementation must not block.
 */
public interface OwnershipListener {

  /** A record of an owned account: newly assigned, or changed. */
  default void owned(IntegratedAccount account) {}

  /** The account is no longer this instance's: its partition moved, or the account was deleted. */
  default void released(String accountId) {}

  /** Tells each of {@code listeners}, in order. */
  static OwnershipListener all(OwnershipListener... listeners) {
    List<OwnershipListener> all = List.of(listeners);
    return new OwnershipListener() {
      @Override
      public void owned(IntegratedAccount account) {
        all.forEach(listener -> listener.owned(account));
      }

      @Override
      public void released(String accountId) {
        all.forEach(listener -> listener.released(accountId));
      }
    };
  }
}
