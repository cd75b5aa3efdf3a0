package dev.roster.truto;

import java.util.Map;

/**
 * An integrated account as the client lists it: who it is, and the query parameters its
 * integration needs or the operator chose (GitHub's organization_id, filters, remote_query[…]).
 */
public record TrutoAccount(AccountContext context, Map<String, String> query) {
  public TrutoAccount {
    query = Map.copyOf(query);
  }

  public String id() {
    return context.integratedAccountId();
  }
}
