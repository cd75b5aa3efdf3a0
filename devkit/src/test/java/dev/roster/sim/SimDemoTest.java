package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimDemoTest {

  @Test
  void theDemoWorldHasTheAccountsTheDemoNeeds() {
    try (TrutoSimulator sim = TrutoSimulator.startDemo(0, 42)) {
      SimClient client = new SimClient(sim);
      JsonNode accounts = client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).json().get("result");

      assertThat(sim.config().apiToken()).isEqualTo(TrutoSimulator.DEMO_API_TOKEN);
      assertThat(accounts.size()).isEqualTo(sim.accounts().size()).isGreaterThanOrEqualTo(8);
      assertThat(accounts.findValuesAsText("status")).contains("needs_reauth");
      assertThat(client.list("initech-github", Map.of()).status()).isEqualTo(400);
      assertThat(
              client.walkUsers(
                  "initech-github",
                  Map.of("organization_id", TrutoSimulator.DEMO_GITHUB_ORGANIZATION)))
          .hasSize((int) sim.account("initech-github").userCount());
      assertThat(client.list("acme-okta", Map.of()).json().get("is_partial_response").asBoolean())
          .isTrue();
      assertThat(
              client
                  .list("hooli-hubspot", Map.of())
                  .json()
                  .get("truto_is_remote_error")
                  .asBoolean())
          .isTrue();
      assertThat(sim.accounts())
          .filteredOn(a -> a.spec().endOfList() == SimAccountSpec.EndOfList.EMPTY_STRING)
          .isNotEmpty();
    }
  }
}
