package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UsersEndpointTest {

  /** The unified User fields (docs/architecture.md#truto-user-object), plus the partial marker. */
  static final Set<String> USER_FIELDS =
      Set.of(
          "id",
          "external_id",
          "first_name",
          "last_name",
          "name",
          "username",
          "title",
          "user_type",
          "emails",
          "phones",
          "status",
          "is_email_verified",
          "is_2fa_enabled",
          "roles",
          "organizations",
          "licenses",
          "groups",
          "workspaces",
          "avatar",
          "timezone",
          "languages",
          "bio",
          "created_at",
          "updated_at",
          "last_active_at",
          "last_login_at",
          "status_changed_at",
          "activated_at",
          "remote_data");

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim = TrutoSimulator.start(SimulatorConfig.builder().unlimited().build());
    sim.addAccount(SimAccountSpec.of("okta-null", SimIntegrations.OKTA, "acme").users(437));
    sim.addAccount(
        SimAccountSpec.of("google-empty", SimIntegrations.GOOGLE_WORKSPACE, "acme")
            .users(437)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING));
    sim.addAccount(
        SimAccountSpec.of("slack-generated", SimIntegrations.SLACK, "globex")
            .users(437)
            .generated()
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING));
    sim.addAccount(SimAccountSpec.of("empty", SimIntegrations.ZOOM, "globex").users(0));
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  static Stream<Arguments> walks() {
    return Stream.of("okta-null", "google-empty", "slack-generated", "empty")
        .flatMap(
            account ->
                Stream.of(null, 1, 7, 100, 437, 1000).map(limit -> Arguments.of(account, limit)));
  }

  @ParameterizedTest(name = "{0} limit={1}")
  @MethodSource("walks")
  void aWalkServesEveryUserExactlyOnceInPagesOfAtMostTheLimit(String account, Integer limit) {
    Map<String, String> params = limit == null ? Map.of() : Map.of("limit", limit.toString());
    List<JsonNode> pages = client.walk(account, params);

    List<String> served =
        pages.stream()
            .flatMap(p -> StreamSupport.stream(p.get("result").spliterator(), false))
            .map(u -> u.get("id").asText())
            .toList();
    List<String> expected = sim.snapshot(account).stream().map(u -> u.get("id").asText()).toList();
    assertThat(served).containsExactlyElementsOf(expected);
    int vendorMax = sim.account(account).integration().vendorPageSize();
    int pageMax = Math.min(vendorMax, limit == null ? Integer.MAX_VALUE : limit);
    for (JsonNode page : pages) {
      assertThat(page.get("result").size()).isLessThanOrEqualTo(pageMax);
      assertThat(page.get("result_count").asInt()).isEqualTo(page.get("result").size());
      assertThat(page.get("prev_cursor").isNull()).isTrue();
    }
    assertThat(pages).hasSize(Math.max(1, (expected.size() + pageMax - 1) / pageMax));
  }

  @Test
  void theLastPageEndsWithNullOrEmptyStringAsTheAccountSays() {
    List<JsonNode> nullPages = client.walk("okta-null", Map.of());
    List<JsonNode> emptyPages = client.walk("google-empty", Map.of());
    JsonNode nullEnd = nullPages.get(nullPages.size() - 1);
    JsonNode emptyEnd = emptyPages.get(emptyPages.size() - 1);

    assertThat(nullEnd.has("next_cursor")).isTrue();
    assertThat(nullEnd.get("next_cursor").isNull()).isTrue();
    assertThat(emptyEnd.get("next_cursor").isTextual()).isTrue();
    assertThat(emptyEnd.get("next_cursor").asText()).isEmpty();
  }

  @Test
  void pageSizeIsTheVendorsWhenTheLimitIsLargerAndTheSpecCanOverrideIt() {
    sim.addAccount(
        SimAccountSpec.of("small-pages", SimIntegrations.OKTA, "acme").users(30).vendorPageSize(8));

    assertThat(client.list("okta-null", Map.of("limit", "500")).json().get("result")).hasSize(200);
    assertThat(client.list("okta-null", Map.of()).json().get("result")).hasSize(200);
    assertThat(client.list("small-pages", Map.of("limit", "20")).json().get("result")).hasSize(8);
    assertThat(client.walkUsers("small-pages", Map.of())).hasSize(30);
  }

  @Test
  void partialResponseIntegrationsListSomeFieldsAndGetReturnsTheFullUser() {
    JsonNode page = client.list("okta-null", Map.of("limit", "5")).json();
    JsonNode item = page.get("result").get(0);

    assertThat(page.get("is_partial_response").asBoolean()).isTrue();
    assertThat(item.get("is_partial_response").asBoolean()).isTrue();
    assertThat(fieldNames(item))
        .containsExactlyInAnyOrder("id", "name", "username", "emails", "is_partial_response");

    JsonNode full = client.user("okta-null", item.get("id").asText()).json();
    assertThat(full.has("is_partial_response")).isFalse();
    assertThat(full.get("roles").size()).isPositive();
    assertThat(full.get("name")).isEqualTo(item.get("name"));
    assertThat(full)
        .isEqualTo(sim.account("okta-null").user(item.get("id").asText()).orElseThrow());
  }

  @Test
  void otherIntegrationsListFullUsersWithOnlyTheUnifiedFields() {
    JsonNode page = client.list("google-empty", Map.of("limit", "50")).json();

    assertThat(page.has("is_partial_response")).isFalse();
    for (JsonNode user : page.get("result")) {
      assertThat(USER_FIELDS).containsAll(fieldNames(user));
      assertThat(fieldNames(user))
          .contains("id", "name", "emails", "status", "roles", "created_at", "remote_data");
      assertThat(user).isEqualTo(client.user("google-empty", user.get("id").asText()).json());
    }
  }

  @Test
  void getAnswersTheBareUserAndNotFoundForAnUnknownOne() {
    String id = sim.account("slack-generated").userId(436);
    SimClient.Reply found = client.user("slack-generated", id);
    SimClient.Reply beyond =
        client.user("slack-generated", sim.account("slack-generated").userId(437));
    SimClient.Reply garbage = client.user("okta-null", "no-such-user");

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json().get("id").asText()).isEqualTo(id);
    assertThat(found.json().has("result")).isFalse();
    assertThat(beyond.status()).isEqualTo(404);
    assertThat(garbage.status()).isEqualTo(404);
    assertThat(garbage.json().get("statusCode").asInt()).isEqualTo(404);
    assertThat(garbage.json().get("truto_is_remote_error").asBoolean()).isTrue();
  }

  @Test
  void remoteDataAndExcludedFieldsCanBeDroppedAndUnknownParametersAreIgnored() {
    String id = sim.account("google-empty").userId(3);
    JsonNode plain = client.user("google-empty", id).json();
    JsonNode noRemote =
        client
            .get(
                TrutoSimulator.USERS_PATH + "/" + id,
                Map.of("integrated_account_id", "google-empty", "truto_ignore_remote_data", "true"))
            .json();
    JsonNode listed =
        client
            .list(
                "google-empty",
                Map.of(
                    "truto_ignore_remote_data",
                    "true",
                    "truto_exclude_fields[]",
                    "phones",
                    "remote_query[foo]",
                    "bar",
                    "email",
                    "nobody@example.com",
                    "whatever",
                    "1"))
            .json();

    assertThat(plain.has("remote_data")).isTrue();
    assertThat(plain.get("remote_data").get("kind").asText()).isEqualTo("admin#directory#user");
    assertThat(noRemote.has("remote_data")).isFalse();
    ObjectNode expected = plain.deepCopy();
    expected.remove("remote_data");
    assertThat(noRemote).isEqualTo(expected);
    assertThat(listed.get("result")).hasSize(437);
    assertThat(listed.get("result").get(0).has("remote_data")).isFalse();
    assertThat(listed.get("result").get(0).has("phones")).isFalse();
    assertThat(sim.account("google-empty").user(id).orElseThrow().has("remote_data"))
        .as("the stored user is untouched")
        .isTrue();
  }

  @Test
  void badCursorsAndLimitsAreRefused() {
    String oktaCursor =
        client.list("okta-null", Map.of("limit", "10")).json().get("next_cursor").asText();

    assertThat(client.list("okta-null", Map.of("next_cursor", "not-a-cursor")).status())
        .isEqualTo(400);
    assertThat(client.list("google-empty", Map.of("next_cursor", oktaCursor)).status())
        .isEqualTo(400);
    assertThat(client.list("okta-null", Map.of("limit", "0")).status()).isEqualTo(400);
    assertThat(client.list("okta-null", Map.of("limit", "ten")).json().get("message").asText())
        .contains("limit");
    assertThat(client.list("okta-null", Map.of("next_cursor", oktaCursor)).status()).isEqualTo(200);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
