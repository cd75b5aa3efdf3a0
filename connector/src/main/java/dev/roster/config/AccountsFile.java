package dev.roster.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts file: integrated accounts to poll, and what discovery cannot know about them (query
 * parameters such as GitHub's organization_id, intervals, whether to poll at all).
 *
 * <pre>
 * accounts:
 *   - id: 62f44730-dd91-461e-bd6a-aedd9e0ad79d
 *     integration: github
 *     tenant_id: acme
 *     query: { organization_id: acme-org }
 *     interval: 5m        # optional
 *     enabled: true       # optional, default true
 *     identity_provider: false  # optional: overrides identities.idp-integrations
 * </pre>
 *
 * <p>Strict on purpose: an unknown key (a typo like {@code tennant_id}) is an error, not ignored,
 * and ids, names and query values must be YAML strings, because YAML reads {@code 0123} as 83 and
 * {@code on} as true.
 */
public final class AccountsFile {

  static final String ACCOUNTS = "accounts";
  static final Set<String> ENTRY_KEYS =
      Set.of("id", "integration", "tenant_id", "query", "interval", "enabled", "identity_provider");
  private static final String ENTRY_KEYS_LISTED =
      "id, integration, tenant_id, query, interval, enabled, identity_provider";

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  private AccountsFile() {}

  /**
   * Reads and checks the whole file.
   *
   * @return the accounts in file order, source CONFIG, status unknown (null)
   * @throws ConfigProblems every problem found, each naming the file and the entry (index, and id
   *     when known)
   */
  public static List<IntegratedAccount> load(Path file) {
    JsonNode root = read(file);
    List<String> problems = new ArrayList<>();
    if (root.isMissingNode() || root.isNull()) {
      throw new ConfigProblems(
          List.of(file + ": is empty; expected a list of accounts under 'accounts:'"));
    }
    if (!root.isObject() || !root.has(ACCOUNTS)) {
      throw new ConfigProblems(List.of(file + ": expected a list of accounts under 'accounts:'"));
    }
    root.fieldNames()
        .forEachRemaining(
            key -> {
              if (!ACCOUNTS.equals(key)) {
                problems.add(file + ": unknown key '" + key + "' (the file has one key, accounts)");
              }
            });
    JsonNode entries = root.get(ACCOUNTS);
    if (!entries.isArray() && !entries.isNull()) {
      throw new ConfigProblems(List.of(file + ": 'accounts' must be a list"));
    }
    List<IntegratedAccount> accounts = new ArrayList<>();
    Map<String, Integer> indexById = new HashMap<>();
    for (int index = 0; index < entries.size(); index++) {
      AccountEntry entry = new AccountEntry(file, index, entries.get(index));
      Optional<IntegratedAccount> account = entry.account(problems);
      if (account.isEmpty()) {
        continue;
      }
      Integer first = indexById.putIfAbsent(account.get().getId(), index);
      if (first != null) {
        problems.add(
            entry.where()
                + ": the same id as accounts["
                + first
                + "]; each account may appear once");
      } else {
        accounts.add(account.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigProblems(problems);
    }
    return List.copyOf(accounts);
  }

  private static JsonNode read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return YAML.readTree(in);
    } catch (JacksonException e) {
      JsonLocation location = e.getLocation();
      String at =
          location == null
              ? ""
              : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
      throw new ConfigProblems(
          List.of(file + ": is not valid YAML" + at + ": " + e.getOriginalMessage()));
    } catch (NoSuchFileException e) {
      throw new ConfigProblems(List.of(file + ": the accounts file does not exist"));
    } catch (IOException e) {
      throw new ConfigProblems(List.of(file + ": cannot be read: " + e.getMessage()));
    }
  }

  /** One entry of the accounts list, and where it is for messages. */
  private record AccountEntry(Path file, int index, JsonNode node) {

    String where() {
      String id = node.path("id").isTextual() ? " (id " + node.get("id").textValue() + ")" : "";
      return file + ": accounts[" + index + "]" + id;
    }

    /** The account, or empty with the reasons added to {@code problems}. */
    Optional<IntegratedAccount> account(List<String> problems) {
      if (!node.isObject()) {
        problems.add(where() + ": must be a mapping with at least id and integration");
        return Optional.empty();
      }
      int before = problems.size();
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!ENTRY_KEYS.contains(key)) {
                  problems.add(
                      where()
                          + ": unknown key '"
                          + key
                          + "' (known keys: "
                          + ENTRY_KEYS_LISTED
                          + ")");
                }
              });
      String id = requiredString("id", problems);
      String integration = requiredString("integration", problems);
      String tenantId = optionalString("tenant_id", problems);
      Map<String, String> query = query(problems);
      Long intervalSeconds = intervalSeconds(problems);
      boolean enabled = flag("enabled", problems).orElse(true);
      Boolean identityProvider = flag("identity_provider", problems).orElse(null);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          IntegratedAccount.newBuilder()
              .setId(id)
              .setIntegration(integration)
              .setTenantId(tenantId)
              .setQuery(query)
              .setIntervalSeconds(intervalSeconds)
              .setEnabled(enabled)
              .setIdentityProvider(identityProvider)
              .setStatus(null)
              .setSource(AccountSource.CONFIG)
              .build());
    }

    private String requiredString(String key, List<String> problems) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
        problems.add(where() + ": " + key + " is missing");
        return null;
      }
      return string(key, value, problems);
    }

    private String optionalString(String key, List<String> problems) {
      JsonNode value = node.get(key);
      return value == null || value.isNull() ? null : string(key, value, problems);
    }

    private String string(String key, JsonNode value, List<String> problems) {
      if (!value.isTextual()) {
        problems.add(
            where()
                + ": "
                + key
                + " must be a string; quote it ("
                + key
                + ": \""
                + value.asText()
                + "\")");
        return null;
      }
      return value.textValue().trim();
    }

    private Map<String, String> query(List<String> problems) {
      JsonNode value = node.get("query");
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        problems.add(
            where()
                + ": query must be a mapping of parameter names to values, as { organization_id: acme }");
        return Map.of();
      }
      Map<String, String> query = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> parameter : value.properties()) {
        String text = string("query." + parameter.getKey(), parameter.getValue(), problems);
        if (text != null) {
          query.put(parameter.getKey(), text);
        }
      }
      return Collections.unmodifiableMap(query);
    }

    private Long intervalSeconds(List<String> problems) {
      JsonNode value = node.get("interval");
      if (value == null || value.isNull()) {
        return null;
      }
      try {
        Duration interval = Durations.parse(value.isTextual() ? value.textValue() : value.asText());
        // The contract carries whole seconds; a sub-second poll interval would hammer Truto anyway.
        if (interval.getSeconds() < 1 || interval.getNano() != 0) {
          throw new IllegalArgumentException(
              "'" + value.asText() + "' must be a whole number of seconds, at least 1s");
        }
        return interval.getSeconds();
      } catch (IllegalArgumentException e) {
        problems.add(where() + ": interval " + e.getMessage());
        return null;
      }
    }

    private Optional<Boolean> flag(String key, List<String> problems) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isBoolean()) {
        problems.add(where() + ": " + key + " must be true or false, not '" + value.asText() + "'");
        return Optional.empty();
      }
      return Optional.of(value.booleanValue());
    }
  }
}
