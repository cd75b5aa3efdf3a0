package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one page of {@code GET /integrated-account} into the accounts Roster polls, as discovery
 * alone knows them ({@link #discovered}). The list may come under {@code result} or, as one
 * documentation page has it, {@code results}. Discovery pages are small, so accounts are collected.
 */
public final class IntegratedAccountPageParser {

  private static final String NEXT_CURSOR = "next_cursor";
  private static final String LIMIT = "limit";

  private final ListEnvelopeParser envelope;

  /**
   * @param bounds how many accounts, and how much heap for their trees, one page may take
   */
  public IntegratedAccountPageParser(PageBounds bounds) {
    this.envelope =
        new ListEnvelopeParser(Set.of("result", "results"), Set.of(NEXT_CURSOR, LIMIT), bounds);
  }

  /**
   * @throws InvalidResponseException as {@link UserPageParser#parse}
   * @throws IOException reading the body failed
   */
  public IntegratedAccountPage parse(InputStream body)
      throws InvalidResponseException, IOException {
    List<IntegratedAccount> accounts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    ListEnvelopeParser.Envelope page =
        envelope.parse(
            body,
            item -> {
              String problem = read(item, accounts);
              if (problem != null) {
                skipped.add("account #" + (accounts.size() + skipped.size()) + ": " + problem);
              }
            });
    return new IntegratedAccountPage(
        accounts,
        skipped,
        EnvelopeScalars.cursor(page, NEXT_CURSOR),
        EnvelopeScalars.count(page, LIMIT));
  }

  /** Adds the account an item describes, or says why it cannot. */
  private static String read(JsonNode item, List<IntegratedAccount> accounts) {
    if (!item.isObject()) {
      return "not an object";
    }
    // Repairs are not reported: discovery only needs to know whether an account is usable.
    LenientReader read =
        new LenientReader(
            MappingSettings.DEFAULT_MAX_STRING_CHARS,
            MappingSettings.DEFAULT_MAX_LIST_ELEMENTS,
            MappingSettings.DEFAULT_MAX_USER_CHARS);
    String id = read.text(item.get("id"), "id");
    if (id == null || id.isBlank()) {
      return "no id";
    }
    JsonNode integration = item.get("integration");
    String integrationName =
        read.text(
            integration != null && integration.isObject() ? integration.get("name") : integration,
            "integration");
    if (integrationName == null || integrationName.isBlank()) {
      return "account " + id + " has no integration name";
    }
    accounts.add(
        discovered(
            id,
            integrationName,
            read.text(item.get("tenant_id"), "tenant_id"),
            read.text(item.get("status"), "status")));
    return null;
  }

  /**
   * An account as discovery lists it: a DISCOVERY account with Truto's integration, tenant and
   * status (active, connecting, post_install_error, validation_error, needs_reauth: raw), enabled
   * only while active; the others are checked again on the discovery schedule. What discovery
   * cannot know, query parameters and an interval, the accounts file adds.
   */
  public static IntegratedAccount discovered(
      String id, String integration, String tenantId, String status) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId(tenantId)
        .setQuery(Map.of())
        .setIntervalSeconds(null)
        .setEnabled("active".equals(status))
        .setStatus(status)
        .setSource(AccountSource.DISCOVERY)
        .build();
  }
}
