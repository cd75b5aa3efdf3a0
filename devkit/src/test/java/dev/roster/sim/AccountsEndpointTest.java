package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountsEndpointTest {

  private TrutoSimulator sim;

  @AfterEach
  void stop() {
    sim.close();
  }

  private SimClient start(SimulatorConfig.Builder config) {
    sim = TrutoSimulator.start(config.unlimited().accountPageSize(2).build());
    sim.addAccount(SimAccountSpec.of("acme-okta", SimIntegrations.OKTA, "acme").users(1));
    sim.addAccount(
        SimAccountSpec.of("acme-slack", SimIntegrations.SLACK, "acme").users(1).sandbox(true));
    sim.addAccount(SimAccountSpec.of("globex-okta", SimIntegrations.OKTA, "globex").users(1));
    sim.addAccount(
        SimAccountSpec.of("hooli-okta", SimIntegrations.OKTA, "hooli")
            .users(1)
            .state(SimAccountState.NEEDS_REAUTH));
    sim.addAccount(SimAccountSpec.of("initech-github", SimIntegrations.GITHUB, "initech").users(1));
    return new SimClient(sim);
  }

  @Test
  void discoveryPagesThroughEveryAccountWithItsFields() {
    SimClient client = start(SimulatorConfig.builder());

    List<JsonNode> accounts = walk(client, "result", Map.of());

    assertThat(accounts)
        .extracting(a -> a.get("id").asText())
        .containsExactly("acme-okta", "acme-slack", "globex-okta", "hooli-okta", "initech-github");
    JsonNode slack = accounts.get(1);
    assertThat(slack.get("tenant_id").asText()).isEqualTo("acme");
    assertThat(slack.get("status").asText()).isEqualTo("active");
    assertThat(slack.at("/integration/name").asText()).isEqualTo("slack");
    assertThat(slack.get("environment_id").asText()).isEqualTo("env_sim");
    assertThat(slack.get("is_sandbox").asBoolean()).isTrue();
    assertThat(slack.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(slack.has("updated_at")).isTrue();
    assertThat(accounts.get(3).get("status").asText()).isEqualTo("needs_reauth");
  }

  @Test
  void discoveryFiltersByIntegrationStatusAndTenant() {
    SimClient client = start(SimulatorConfig.builder());

    assertThat(walk(client, "result", Map.of("integration.name", "okta", "status", "active")))
        .extracting(a -> a.get("id").asText())
        .containsExactly("acme-okta", "globex-okta");
    assertThat(walk(client, "result", Map.of("tenant_id", "acme", "unknown", "x")))
        .extracting(a -> a.get("id").asText())
        .containsExactly("acme-okta", "acme-slack");
    assertThat(walk(client, "result", Map.of("status", "needs_reauth")))
        .extracting(a -> a.get("id").asText())
        .containsExactly("hooli-okta");
  }

  @Test
  void theArrayKeyCanBeResults() {
    SimClient client = start(SimulatorConfig.builder().accountListKey("results"));

    JsonNode page = client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).json();

    assertThat(page.has("result")).isFalse();
    assertThat(page.get("results")).hasSize(2);
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(walk(client, "results", Map.of())).hasSize(5);
  }

  @Test
  void stateChangesShowInDiscovery() {
    SimClient client = start(SimulatorConfig.builder());
    sim.account("acme-okta").state(SimAccountState.NEEDS_REAUTH);

    assertThat(walk(client, "result", Map.of("status", "needs_reauth")))
        .extracting(a -> a.get("id").asText())
        .containsExactly("acme-okta", "hooli-okta");
  }

  private static List<JsonNode> walk(SimClient client, String key, Map<String, String> filters) {
    List<JsonNode> accounts = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, String> params = new LinkedHashMap<>(filters);
      if (cursor != null) {
        params.put("next_cursor", cursor);
      }
      SimClient.Reply reply = client.get(TrutoSimulator.ACCOUNTS_PATH, params);
      assertThat(reply.status()).isEqualTo(200);
      reply.json().get(key).forEach(accounts::add);
      cursor =
          reply.json().get("next_cursor").isNull()
              ? null
              : reply.json().get("next_cursor").asText();
    } while (cursor != null);
    return accounts;
  }
}
