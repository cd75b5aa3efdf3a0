package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users derived on demand from (seed, account, index): the position is the index, the id encodes
 * it, and nothing per user is kept, so an account can hold millions of users for free.
 */
final class GeneratedUserStore implements SimUserStore {

  private final SimUserFactory factory;
  private final SimIntegration integration;
  private final String accountId;
  private final String tenantId;
  private final long size;

  GeneratedUserStore(
      SimUserFactory factory,
      SimIntegration integration,
      String accountId,
      String tenantId,
      long size) {
    this.factory = factory;
    this.integration = integration;
    this.accountId = accountId;
    this.tenantId = tenantId;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Page page(long fromPosition, int max) {
    long end = Math.min(size, fromPosition + max);
    List<ObjectNode> users = new ArrayList<>((int) Math.max(0, end - fromPosition));
    for (long index = fromPosition; index < end; index++) {
      users.add(factory.user(integration, accountId, tenantId, index));
    }
    return new Page(users, end < size ? end : -1);
  }

  @Override
  public Optional<ObjectNode> find(String userId) {
    long index = integration.indexOf(userId);
    return index >= 0 && index < size
        ? Optional.of(factory.user(integration, accountId, tenantId, index))
        : Optional.empty();
  }
}
