package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each error status of the table in docs/architecture.md#truto-errors, with its body. */
class ErrorsTest {

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim = TrutoSimulator.start(SimulatorConfig.builder().apiToken("right").unlimited().build());
    sim.addAccount(SimAccountSpec.of("ok", SimIntegrations.OKTA, "acme").users(5));
    sim.addAccount(SimAccountSpec.of("gh", SimIntegrations.GITHUB, "initech").users(5));
    sim.addAccount(
        SimAccountSpec.of("reauth", SimIntegrations.HUBSPOT, "hooli")
            .users(5)
            .state(SimAccountState.NEEDS_REAUTH));
    sim.addAccount(
        SimAccountSpec.of("scopes", SimIntegrations.AZURE_AD, "globex")
            .users(5)
            .state(SimAccountState.MISSING_SCOPES));
    sim.addAccount(
        SimAccountSpec.of("blocked", SimIntegrations.ZOOM, "umbrella")
            .users(5)
            .state(SimAccountState.BLOCKED));
    sim.addAccount(
        SimAccountSpec.of("connecting", SimIntegrations.JIRA, "umbrella")
            .users(5)
            .state(SimAccountState.CONNECTING));
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aWrongOrMissingTokenIs401WithoutTheRemoteFlag() {
    for (SimClient bad : new SimClient[] {client.withToken("wrong"), client.withToken(null)}) {
      SimClient.Reply reply = bad.list("ok", Map.of());
      JsonNode body = reply.json();

      assertThat(reply.status()).isEqualTo(401);
      assertThat(body.get("statusCode").asInt()).isEqualTo(401);
      assertThat(body.get("error").asText()).isEqualTo("Unauthorized");
      assertThat(body.get("message").asText()).isNotEmpty();
      assertThat(body.has("truto_is_remote_error")).isFalse();
      assertThat(reply.body()).doesNotContain("right");
    }
    assertThat(client.withToken("wrong").get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).status())
        .isEqualTo(401);
  }

  @Test
  void gitHubWithoutOrganizationIdIs400WithTheInsightOnListAndGetAlike() {
    String userPath = TrutoSimulator.USERS_PATH + "/" + sim.account("gh").userId(0);
    SimClient.Reply without = client.list("gh", Map.of());
    SimClient.Reply with = client.list("gh", Map.of("organization_id", "initech"));
    SimClient.Reply getWithout = client.get(userPath, Map.of("integrated_account_id", "gh"));
    SimClient.Reply getWith =
        client.get(userPath, Map.of("integrated_account_id", "gh", "organization_id", "initech"));

    for (SimClient.Reply refused : List.of(without, getWithout)) {
      assertThat(refused.status()).isEqualTo(400);
      assertThat(
              refused
                  .json()
                  .at("/truto_error_insight/missing_required_query_parameters/value")
                  .toString())
          .isEqualTo("[\"organization_id\"]");
    }
    assertThat(with.status()).isEqualTo(200);
    assertThat(with.json().get("result")).hasSize(5);
    assertThat(getWith.status()).isEqualTo(200);
    assertThat(getWith.json().get("id").asText()).isEqualTo(sim.account("gh").userId(0));
  }

  @Test
  void aMissingAccountIdIs400AndAnUnknownAccount404() {
    SimClient.Reply missing = client.get(TrutoSimulator.USERS_PATH, Map.of());
    SimClient.Reply unknown = client.list("nope", Map.of());
    SimClient.Reply unknownGet = client.user("nope", "00u000000000001");

    assertThat(missing.status()).isEqualTo(400);
    assertThat(
            missing
                .json()
                .at("/truto_error_insight/missing_required_query_parameters/value/0")
                .asText())
        .isEqualTo("integrated_account_id");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().has("truto_is_remote_error")).isFalse();
    assertThat(unknownGet.status()).isEqualTo(404);
  }

  @Test
  void needsReauthIs401WithTheRemoteFlagOnListAndGet() {
    for (SimClient.Reply reply :
        new SimClient.Reply[] {
          client.list("reauth", Map.of()), client.user("reauth", sim.account("reauth").userId(0))
        }) {
      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.json().get("truto_is_remote_error").asBoolean()).isTrue();
      assertThat(reply.json().has("raw_response")).isTrue();
    }
  }

  @Test
  void missingScopesIs403WithTheForbiddenInsight() {
    SimClient.Reply reply = client.list("scopes", Map.of());

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().at("/truto_error_insight/forbidden_error").isObject()).isTrue();
    assertThat(reply.json().get("statusCode").asInt()).isEqualTo(403);
  }

  @Test
  void aBlockedAccountIs503AndAConnectingOne400() {
    assertThat(client.list("blocked", Map.of()).status()).isEqualTo(503);
    assertThat(client.list("blocked", Map.of()).json().get("error").asText())
        .isEqualTo("Service Unavailable");
    assertThat(client.list("connecting", Map.of()).status()).isEqualTo(400);
  }

  @Test
  void aReconnectedAccountIsServedAgain() {
    sim.account("reauth").state(SimAccountState.ACTIVE);

    assertThat(client.list("reauth", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    assertThat(
            client
                .get("/unified/user-directory/groups", Map.of("integrated_account_id", "ok"))
                .status())
        .isEqualTo(404);
    java.net.http.HttpResponse<String> post =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sim.baseUrl() + TrutoSimulator.USERS_PATH))
                    .header("Authorization", "Bearer right")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
