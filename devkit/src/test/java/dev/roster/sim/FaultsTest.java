package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static final Map<String, String> PAGES_OF_10 = Map.of("limit", "10");

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder()
                .accountBudget(RateBudget.of(1000, Duration.ofSeconds(7)))
                .tokenBudget(RateBudget.unlimited())
                .build());
    sim.addAccount(SimAccountSpec.of("a", SimIntegrations.GOOGLE_WORKSPACE, "acme").users(35));
    sim.addAccount(
        SimAccountSpec.of("b", SimIntegrations.SLACK, "globex")
            .users(35)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING));
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void rateLimitNextAnswers429ThatManyTimesWithTheVendorFlagAndHeaders() {
    sim.faults("a").rateLimitNext(2, Duration.ofSeconds(3)).rateLimitNext(1);

    List<SimClient.Reply> replies = replies("a", 4);

    assertThat(replies).extracting(SimClient.Reply::status).containsExactly(429, 429, 429, 200);
    assertThat(replies.get(0).header("Retry-After")).isEqualTo("3");
    assertThat(replies.get(2).header("Retry-After"))
        .as("the account budget's window")
        .isEqualTo("7");
    assertThat(replies.get(0).header("ratelimit-remaining")).isEqualTo("0");
    assertThat(replies.get(0).header("ratelimit-limit")).isEqualTo("1000");
    assertThat(replies.get(0).json().get("truto_is_remote_error").asBoolean()).isTrue();
    assertThat(client.list("b", Map.of()).status())
        .as("other accounts are unaffected")
        .isEqualTo(200);
  }

  @Test
  void serverErrorNextAnswersTheStatusesInTheScriptedOrder() {
    sim.faults("a").serverErrorNext(1, 500).serverErrorNext(2, 502).serverErrorNext(1, 504);

    List<SimClient.Reply> replies = replies("a", 5);

    assertThat(replies)
        .extracting(SimClient.Reply::status)
        .containsExactly(500, 502, 502, 504, 200);
    assertThat(replies.get(0).json().get("message").asText()).isEmpty();
    assertThat(replies.get(1).json().get("truto_is_remote_error").asBoolean()).isTrue();
    assertThat(replies.get(3).json().get("error").asText()).isEqualTo("Gateway Timeout");
  }

  @Test
  void globalFaultsHitEveryRequestIncludingDiscovery() {
    sim.faults().serverErrorNext(2, 500);

    assertThat(client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).status()).isEqualTo(500);
    assertThat(client.list("b", Map.of()).status()).isEqualTo(500);
    assertThat(client.list("a", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void delayHoldsEveryAnswerLongEnoughForAClientTimeout() {
    sim.faults("a").delay(Duration.ofSeconds(2));

    assertThatThrownBy(
            () ->
                client.get(
                    TrutoSimulator.USERS_PATH,
                    Map.of("integrated_account_id", "a"),
                    Duration.ofMillis(100)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    sim.faults("a").clear();
    assertThat(client.list("a", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void malformedNextSendsA200WhoseBodyIsNotJson() {
    sim.faults("a").malformedNext(1);

    SimClient.Reply broken = client.list("a", Map.of());
    SimClient.Reply fine = client.list("a", Map.of());

    assertThat(broken.status()).isEqualTo(200);
    assertThatThrownBy(broken::json).isInstanceOf(UncheckedIOException.class);
    assertThat(fine.json().get("result")).hasSize(35);
  }

  @Test
  void truncatedNextCutsTheBodyAndWaitsForASuccessfulAnswer() {
    sim.faults("a").truncatedNext(1);

    SimClient.Reply refused = client.list("a", Map.of("next_cursor", "garbage"));
    SimClient.Reply cut = client.user("a", sim.account("a").userId(1));
    SimClient.Reply whole = client.user("a", sim.account("a").userId(1));

    assertThat(refused.status()).as("errors are not corrupted").isEqualTo(400);
    refused.json();
    assertThat(cut.status()).isEqualTo(200);
    assertThat(whole.body()).startsWith(cut.body());
    assertThat(cut.body().length()).isLessThan(whole.body().length());
    assertThatThrownBy(cut::json).isInstanceOf(UncheckedIOException.class);
    whole.json();
  }

  @Test
  void cursorLoopRepeatsTheCursorFromTheSecondPageOn() {
    sim.faults("a").cursorLoop();

    JsonNode first = client.list("a", PAGES_OF_10).json();
    String cursor = first.get("next_cursor").asText();
    JsonNode second = client.list("a", Map.of("limit", "10", "next_cursor", cursor)).json();
    JsonNode third =
        client
            .list("a", Map.of("limit", "10", "next_cursor", second.get("next_cursor").asText()))
            .json();

    assertThat(second.get("next_cursor").asText()).isEqualTo(cursor);
    assertThat(third.get("result")).isEqualTo(second.get("result"));
    sim.faults("a").clear();
    assertThat(client.walkUsers("a", PAGES_OF_10)).hasSize(35);
  }

  @Test
  void emptyPagesAreNotTheEndAndLoseNoUser() {
    sim.faults("a").emptyPages(2);

    List<JsonNode> pages = client.walk("a", PAGES_OF_10);

    assertThat(pages.get(0).get("result")).isEmpty();
    assertThat(pages.get(0).get("next_cursor").asText()).isNotEmpty();
    assertThat(pages.get(1).get("result")).isEmpty();
    assertThat(pages).hasSize(6);
    assertThat(pages.stream().mapToInt(p -> p.get("result").size()).sum()).isEqualTo(35);
  }

  @Test
  void failPageFailsThatPageOfEveryWalk() {
    sim.faults("b").failPage(3, 502);

    for (int poll = 0; poll < 2; poll++) {
      String cursor = null;
      List<Integer> statuses = new ArrayList<>();
      for (int page = 1; page <= 3; page++) {
        SimClient.Reply reply =
            client.list(
                "b", cursor == null ? PAGES_OF_10 : Map.of("limit", "10", "next_cursor", cursor));
        statuses.add(reply.status());
        cursor = reply.status() == 200 ? reply.json().get("next_cursor").asText() : null;
      }
      assertThat(statuses).containsExactly(200, 200, 502);
    }
    sim.faults("b").clear();
    assertThat(client.walkUsers("b", PAGES_OF_10)).hasSize(35);
  }

  @Test
  void anEmptyListForEveryRequestEmptiesDiscoveryToo() {
    assertThat(client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).json().get("result"))
        .isNotEmpty();
    sim.faults().emptyList();

    JsonNode accounts = client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).json();

    assertThat(accounts.get("result")).isEmpty();
    assertThat(accounts.get("next_cursor").isNull()).isTrue();
    assertThat(client.list("a", Map.of()).json().get("result")).isEmpty();
  }

  @Test
  void emptyListLooksLikeAValidAccountWithNoUsers() {
    sim.faults("a").emptyList();
    sim.faults("b").emptyList();

    JsonNode a = client.list("a", Map.of()).json();
    JsonNode b = client.list("b", Map.of()).json();

    assertThat(a.get("result")).isEmpty();
    assertThat(a.get("result_count").asInt()).isZero();
    assertThat(a.get("next_cursor").isNull()).isTrue();
    assertThat(b.get("next_cursor").asText()).isEmpty();
    assertThat(client.user("a", sim.account("a").userId(0)).status())
        .as("gets still work")
        .isEqualTo(200);
  }

  @Test
  void userGoneOnGetAnswers404ForTheNextGetsOnly() {
    sim.faults("a").userGoneOnGet(1);
    String id = sim.account("a").userId(0);

    assertThat(client.user("a", id).status()).isEqualTo(404);
    assertThat(client.user("a", id).status()).isEqualTo(200);
    assertThat(client.walkUsers("a", PAGES_OF_10)).as("lists are untouched").hasSize(35);
  }

  @Test
  void notFoundOnGetAnswers404ForThoseUsersWhileTheListStillShowsThem() {
    String hidden = sim.account("a").userId(3);
    String other = sim.account("a").userId(4);
    sim.faults("a").notFoundOnGet(hidden);

    for (int get = 0; get < 2; get++) {
      SimClient.Reply reply = client.user("a", hidden);
      assertThat(reply.status()).as("get %d of the hidden user", get + 1).isEqualTo(404);
      assertThat(reply.json().get("truto_is_remote_error").asBoolean()).isTrue();
    }
    assertThat(client.user("a", other).status()).as("other users are served").isEqualTo(200);
    assertThat(client.walkUsers("a", PAGES_OF_10))
        .extracting(user -> user.get("id").asText())
        .as("the list still shows it")
        .contains(hidden)
        .hasSize(35);
    sim.faults("a").clear();
    assertThat(client.user("a", hidden).status()).isEqualTo(200);
  }

  @Test
  void padPageMakesThatPageAsLargeAsAskedStillValidWithOrWithoutALength() throws Exception {
    int padding = 3 << 20;
    String plain = client.list("a", PAGES_OF_10).body();
    sim.faults("a").padPage(1, padding, SimFaults.Framing.CONTENT_LENGTH);
    sim.faults("b").padPage(2, padding, SimFaults.Framing.CHUNKED);

    SimClient.Reply declared = client.list("a", PAGES_OF_10);
    assertThat(declared.header("Content-Length"))
        .isEqualTo(Long.toString(padding + plain.getBytes(StandardCharsets.UTF_8).length));
    assertThat(declared.body()).hasSize(padding + plain.length()).endsWith(plain);
    assertThat(declared.body().substring(0, padding)).as("whitespace before the page").isBlank();
    assertThat(declared.json())
        .as("still the same, valid page")
        .isEqualTo(SimResponse.MAPPER.readTree(plain));
    List<JsonNode> pages = client.walk("b", PAGES_OF_10);
    assertThat(pages.get(1).get("result")).as("the padded page of a walk in chunks").hasSize(10);
    SimClient.Reply chunked =
        client.list(
            "b", Map.of("limit", "10", "next_cursor", pages.get(0).get("next_cursor").asText()));
    assertThat(chunked.header("Content-Length")).as("chunked: no length up front").isNull();
    assertThat(chunked.body().length()).isGreaterThan(padding);
  }

  @Test
  void fromPageHoldsTheFaultsUntilTheWalkReachesThatPage() {
    sim.faults("a").fromPage(3).serverErrorNext(2, 502).delay(Duration.ofMillis(1));

    List<Integer> statuses = new ArrayList<>();
    String cursor = null;
    for (int request = 0; request < 5; request++) {
      SimClient.Reply reply =
          client.list(
              "a", cursor == null ? PAGES_OF_10 : Map.of("limit", "10", "next_cursor", cursor));
      statuses.add(reply.status());
      if (reply.status() == 200) {
        cursor = reply.json().get("next_cursor").asText();
      }
    }

    assertThat(statuses)
        .as("pages 1 and 2, then page 3 twice refused, then served")
        .containsExactly(200, 200, 502, 502, 200);
    assertThat(client.list("b", Map.of()).status())
        .as("other accounts are unaffected")
        .isEqualTo(200);
    sim.faults("a").serverErrorNext(1, 500);
    assertThat(client.list("a", PAGES_OF_10).status())
        .as("once armed, faults also hit the first page of later walks")
        .isEqualTo(500);
  }

  @Test
  void failGetsNextFailsGetsOnlyInTheScriptedOrder() {
    sim.faults("a").failGetsNext(1, 502).failGetsNext(1, 429);
    String id = sim.account("a").userId(0);

    assertThat(client.list("a", PAGES_OF_10).status()).as("lists are untouched").isEqualTo(200);
    assertThat(client.user("a", id).status()).isEqualTo(502);
    assertThat(client.user("a", id).status()).isEqualTo(429);
    assertThat(client.user("a", id).status()).isEqualTo(200);
  }

  @Test
  void needsReauthMovesTheAccountToNeedsReauthWhenItStrikes() {
    sim.faults("a").fromPage(2).needsReauth();

    SimClient.Reply first = client.list("a", PAGES_OF_10);
    SimClient.Reply second =
        client.list(
            "a", Map.of("limit", "10", "next_cursor", first.json().get("next_cursor").asText()));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(401);
    assertThat(second.json().get("truto_is_remote_error").asBoolean()).isTrue();
    assertThat(sim.account("a").state()).isEqualTo(SimAccountState.NEEDS_REAUTH);
    assertThat(client.list("a", PAGES_OF_10).status())
        .as("until the customer reconnects")
        .isEqualTo(401);
    sim.faults("a").clear();
    sim.account("a").state(SimAccountState.ACTIVE);
    assertThat(client.walkUsers("a", PAGES_OF_10)).hasSize(35);
  }

  @Test
  void spliceIntoPagePutsRawItemsFirstOnThatPageOfEveryWalk() {
    byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, '"', '}'};
    sim.faults("a")
        .spliceIntoPage(2, "{\"name\":\"no id\"},{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    sim.faults("b").spliceIntoPage(1, invalidUtf8).emptyList();

    for (int walk = 0; walk < 2; walk++) {
      List<JsonNode> pages = client.walk("a", PAGES_OF_10);
      assertThat(pages.get(1).get("result")).hasSize(12);
      assertThat(pages.get(1).get("result").get(0).get("name").asText()).isEqualTo("no id");
      assertThat(pages.get(1).get("result").get(1).get("id").asText()).isEqualTo("x");
      assertThat(pages.get(0).get("result")).hasSize(10);
    }
    SimClient.Reply raw = client.list("b", Map.of());
    assertThat(raw.raw().body())
        .as("an empty page gets the items without a stray comma")
        .isEqualTo(
            "{\"result\":[{\"id\":\"\uFFFD\"}],\"next_cursor\":\"\",\"prev_cursor\":null,\"result_count\":0}");
  }

  @Test
  void echoRequestInPagesRepeatsTheAuthorizationHeaderWhereverTextGoesAndTheWalkStillEnds() {
    String authorization = "Bearer " + sim.config().apiToken();
    sim.faults("a").echoRequestInPages();

    List<JsonNode> pages = client.walk("a", PAGES_OF_10);

    assertThat(pages).hasSize(4);
    JsonNode echoed = pages.get(0).get("result").get(0);
    assertThat(echoed.get("id").asText()).isEqualTo("echo " + authorization);
    assertThat(echoed.get("status").asText()).isEqualTo(sim.config().apiToken());
    assertThat(echoed.at("/remote_data/headers/Authorization").asText()).isEqualTo(authorization);
    assertThat(pages)
        .allSatisfy(
            page ->
                assertThat(page.at("/request/headers/Authorization").asText())
                    .isEqualTo(authorization));
    assertThat(pages.get(0).get("next_cursor").asText()).startsWith(authorization + "~");
    assertThat(pages.stream().mapToInt(page -> page.get("result").size()).sum())
        .as("every user once, and the echoed one")
        .isEqualTo(36);
    assertThat(client.list("a", Map.of()).header("x-echo-authorization")).isEqualTo(authorization);
    String echoedPath = TrutoSimulator.USERS_PATH + "/echo%20Bearer%20" + sim.config().apiToken();
    assertThat(
            client
                .get(echoedPath, Map.of("integrated_account_id", "a"))
                .json()
                .get("name")
                .asText())
        .as("a get of the echoed user answers it")
        .isEqualTo(sim.config().apiToken());
    assertThat(client.list("b", Map.of()).body()).doesNotContain(sim.config().apiToken());
  }

  @Test
  void spliceIntoPageOfTheGlobalFaultsReachesThePagesOfIntegratedAccounts() {
    sim.faults().spliceIntoPage(1, "{\"id\":\"spliced\"}".getBytes(StandardCharsets.UTF_8));

    JsonNode page = client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of()).json();

    assertThat(page.get("result")).hasSize(3);
    assertThat(page.get("result").get(0).get("id").asText()).isEqualTo("spliced");
  }

  @Test
  void clearRemovesEveryFault() {
    sim.faults("a")
        .rateLimitNext(5)
        .serverErrorNext(5, 500)
        .malformedNext(5)
        .truncatedNext(5)
        .cursorLoop()
        .emptyPages(5)
        .failPage(1, 500)
        .emptyList()
        .userGoneOnGet(5)
        .delay(Duration.ofMillis(1))
        .needsReauth()
        .failGetsNext(5, 500)
        .spliceIntoPage(1, "{}".getBytes(StandardCharsets.UTF_8))
        .padPage(1, 10, SimFaults.Framing.CHUNKED)
        .notFoundOnGet(sim.account("a").userId(0))
        .fromPage(2)
        .clear();

    assertThat(client.user("a", sim.account("a").userId(0)).status()).isEqualTo(200);

    assertThat(client.walkUsers("a", PAGES_OF_10)).hasSize(35);
  }

  private List<SimClient.Reply> replies(String account, int n) {
    List<SimClient.Reply> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replies.add(client.list(account, Map.of()));
    }
    return replies;
  }
}
