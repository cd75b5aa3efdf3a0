package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code GET /unified/user-directory/users} (list) and {@code .../users/{id}} (get) for an account
 * that has passed authentication, rate limits and state checks. Both refuse a call without the
 * query parameters the account requires. List-shaping faults (failing page, empty list, empty
 * pages, cursor loop, spliced raw items, padding) are applied here because only here is the page
 * known.
 */
final class UsersEndpoint {

  private final Set<String> partialResponseIntegrations;

  UsersEndpoint(Set<String> partialResponseIntegrations) {
    this.partialResponseIntegrations = Set.copyOf(partialResponseIntegrations);
  }

  /**
   * One page of the list.
   *
   * @param faults the global faults, then the account's
   */
  SimResponse list(SimHttpRequest request, SimAccount account, List<SimFaults> faults) {
    Optional<SimResponse> refused = missingRequiredParams(request, account);
    if (refused.isPresent()) {
      return refused.get();
    }
    int pageSize =
        Math.min(account.vendorPageSize(), request.positiveInt("limit").orElse(Integer.MAX_VALUE));
    String cursorText = request.param("next_cursor");
    SimCursor cursor =
        cursorText == null || cursorText.isEmpty()
            ? SimCursor.first(account.id())
            : SimCursor.decode(cursorText, account.id())
                .orElseThrow(() -> new SimBadRequest("Invalid next_cursor"));
    SimResponse answer = page(request, account, faults, pageSize, cursorText, cursor);
    for (SimFaults f : faults) {
      Optional<byte[]> raw = answer.status() == 200 ? f.splice(cursor.page()) : Optional.empty();
      if (raw.isPresent()) {
        answer = answer.withItemsFirst(raw.get());
      }
      Optional<SimResponse.Padding> padding = f.padding(cursor.page());
      if (padding.isPresent()) {
        answer = answer.withPadding(padding.get());
      }
    }
    return answer;
  }

  /**
   * Truto's 400 when a query parameter the account's integration requires is missing: on the get as
   * on the list (GitHub's organization_id), so a client that forgets it on either finds out.
   */
  private static Optional<SimResponse> missingRequiredParams(
      SimHttpRequest request, SimAccount account) {
    List<String> missing =
        account.requiredQueryParams().stream()
            .filter(p -> request.param(p) == null || request.param(p).isBlank())
            .toList();
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(SimErrors.missingQueryParams(missing));
  }

  private SimResponse page(
      SimHttpRequest request,
      SimAccount account,
      List<SimFaults> faults,
      int pageSize,
      String cursorText,
      SimCursor cursor) {
    for (SimFaults f : faults) {
      OptionalInt failure = f.pageFailure(cursor.page());
      if (failure.isPresent()) {
        return errorStatus(failure.getAsInt(), "Simulated failure of page " + cursor.page());
      }
    }
    SimAccountSpec.EndOfList end = account.spec().endOfList();
    if (faults.stream().anyMatch(SimFaults::isEmptyList)) {
      return page(List.of(), null, end, false);
    }
    if (faults.stream().anyMatch(SimFaults::takeEmptyPage)) {
      return page(List.of(), cursor.next(cursor.position()).encode(), end, false);
    }

    boolean partial = partialResponseIntegrations.contains(account.integration().slug());
    SimUserView view = SimUserView.of(request, partial);
    SimUserStore.Page page = account.store().page(cursor.position(), pageSize);
    String next = page.isLast() ? null : cursor.next(page.nextPosition()).encode();
    if (next != null && cursorText != null && faults.stream().anyMatch(SimFaults::isCursorLoop)) {
      next = cursorText;
    }
    return page(page.users().stream().map(view::apply).toList(), next, end, partial);
  }

  private static SimResponse errorStatus(int status, String message) {
    return status >= 500 ? SimErrors.serverError(status) : SimResponse.error(status, message);
  }

  SimResponse get(
      SimHttpRequest request, SimAccount account, String userId, List<SimFaults> faults) {
    Optional<SimResponse> refused = missingRequiredParams(request, account);
    if (refused.isPresent()) {
      return refused.get();
    }
    for (SimFaults f : faults) {
      OptionalInt failure = f.takeGetFailure();
      if (failure.isPresent()) {
        return errorStatus(failure.getAsInt(), "Simulated failure of the get of " + userId);
      }
    }
    if (faults.stream().anyMatch(f -> f.isNotFoundOnGet(userId))
        || faults.stream().anyMatch(SimFaults::takeUserGone)) {
      return SimErrors.userNotFound(userId);
    }
    if (SimEcho.isEchoed(userId) && faults.stream().anyMatch(SimFaults::isEchoingRequestInPages)) {
      return SimResponse.json(200, SimEcho.user(request.authorization()));
    }
    SimUserView view = SimUserView.of(request, false);
    return account
        .store()
        .find(userId)
        .map(user -> SimResponse.json(200, view.apply(user)))
        .orElseGet(() -> SimErrors.userNotFound(userId));
  }

  private static SimResponse page(
      List<ObjectNode> users, String nextCursor, SimAccountSpec.EndOfList end, boolean partial) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode result = body.putArray("result");
    users.forEach(result::add);
    if (nextCursor != null) {
      body.put("next_cursor", nextCursor);
    } else if (end == SimAccountSpec.EndOfList.EMPTY_STRING) {
      body.put("next_cursor", "");
    } else {
      body.putNull("next_cursor");
    }
    body.putNull("prev_cursor");
    body.put("result_count", users.size());
    if (partial) {
      body.put("is_partial_response", true);
    }
    return SimResponse.json(200, body);
  }
}
