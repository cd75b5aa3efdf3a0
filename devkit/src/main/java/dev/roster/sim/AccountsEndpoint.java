package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /integrated-account}: discovery of integrated accounts, filtered by {@code
 * integration.name}, {@code status} and {@code tenant_id} (other parameters are ignored), in id
 * order, cursor-paginated, the last page ending with {@code next_cursor: null}.
 */
final class AccountsEndpoint {

  private static final String SCOPE = "integrated-account";

  private final Supplier<Collection<SimAccount>> accounts;
  private final String resultKey;
  private final int maxPageSize;
  private final String environmentId;

  AccountsEndpoint(Supplier<Collection<SimAccount>> accounts, SimulatorConfig config) {
    this.accounts = accounts;
    this.resultKey = config.accountListKey();
    this.maxPageSize = config.accountPageSize();
    this.environmentId = config.environmentId();
  }

  /**
   * One page of accounts; {@code faults} (the global set) may empty the listing ({@link
   * SimFaults#emptyList}: a token of another environment, or a Truto incident) or splice raw items
   * into it ({@link SimFaults#spliceIntoPage}).
   */
  SimResponse list(SimHttpRequest request, SimFaults faults) {
    boolean empty = faults.isEmptyList();
    int pageSize = Math.min(maxPageSize, request.positiveInt("limit").orElse(maxPageSize));
    String cursorText = request.param("next_cursor");
    SimCursor cursor =
        cursorText == null || cursorText.isEmpty()
            ? SimCursor.first(SCOPE)
            : SimCursor.decode(cursorText, SCOPE)
                .orElseThrow(() -> new SimBadRequest("Invalid next_cursor"));
    List<SimAccount> matching =
        (empty ? List.<SimAccount>of() : accounts.get())
            .stream()
                .filter(
                    a ->
                        matches(
                            request.param("integration.name"), a, acc -> acc.integration().slug()))
                .filter(a -> matches(request.param("status"), a, acc -> acc.state().wireStatus()))
                .filter(a -> matches(request.param("tenant_id"), a, acc -> acc.spec().tenantId()))
                .toList();
    int from = (int) Math.min(cursor.position(), matching.size());
    int to = Math.min(matching.size(), from + pageSize);

    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode result = body.putArray(resultKey);
    matching.subList(from, to).forEach(a -> result.add(json(a)));
    if (to < matching.size()) {
      body.put("next_cursor", cursor.next(to).encode());
    } else {
      body.putNull("next_cursor");
    }
    body.put("limit", pageSize);
    SimResponse page = SimResponse.json(200, body);
    return faults.splice(cursor.page()).map(page::withItemsFirst).orElse(page);
  }

  private ObjectNode json(SimAccount account) {
    ObjectNode a = JsonNodeFactory.instance.objectNode();
    a.put("id", account.id());
    a.put("tenant_id", account.spec().tenantId());
    a.put("status", account.state().wireStatus());
    a.putObject("integration").put("name", account.integration().slug());
    a.put("environment_id", environmentId);
    a.put("is_sandbox", account.spec().sandbox());
    a.set("created_at", SimTimeFormat.ISO_MILLIS_Z.node(account.createdAt()));
    a.set("updated_at", SimTimeFormat.ISO_MILLIS_Z.node(account.updatedAt()));
    return a;
  }

  private static boolean matches(
      String wanted, SimAccount account, Function<SimAccount, String> value) {
    return wanted == null || wanted.equals(value.apply(account));
  }
}
