package dev.roster.ops;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;

/** Told of every record that changed {@link OpsState}, once each (replays are not repeated). */
public interface OpsListener {

  default void accountChanged(IntegratedAccount account) {}

  default void accountRemoved(String accountId) {}

  default void pollStatus(PollStatus status) {}

  default void removalsHeld(String accountId, String integration, long held) {}

  default void userEvent(UserChangeEvent event) {}

  default void deadLetter() {}

  /** An identity alert that opened an alert, or resolved one that was open. */
  default void identityAlert(IdentityAlert alert) {}
}
