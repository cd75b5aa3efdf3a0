package dev.roster.truto;

import dev.roster.avro.IntegratedAccount;
import java.util.List;

/**
 * One page of {@code GET /integrated-account}.
 *
 * @param accounts the usable accounts, in page order, as discovery alone knows them
 * @param skipped why each unusable account (no id, no integration name) was left out
 * @param nextCursor as in {@link TrutoUserPage#nextCursor()}
 * @param limit Truto's {@code limit}, or null
 */
public record IntegratedAccountPage(
    List<IntegratedAccount> accounts, List<String> skipped, String nextCursor, Long limit) {

  public IntegratedAccountPage {
    accounts = List.copyOf(accounts);
    skipped = List.copyOf(skipped);
  }
}
