package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generated accounts: millions of users with no object per user. */
class ScaleTest {

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim =
        TrutoSimulator.start(SimulatorConfig.builder().unlimited().requestLogCapacity(100).build());
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aMillionGeneratedUsersArePagedFromTheStartEachExactlyOnce() throws IOException {
    // Okta lists partial users, so the walk costs generating users more than moving JSON around.
    SimAccount big =
        sim.addAccount(
            SimAccountSpec.of("big", SimIntegrations.OKTA, "acme")
                .users(1_000_000)
                .generated()
                .vendorPageSize(1000));
    SimIntegration integration = big.integration();
    BitSet seen = new BitSet(1_000_000);
    long started = System.nanoTime();
    String cursor = null;
    int pages = 0;
    do {
      Map<String, String> params =
          cursor == null ? Map.of("limit", "1000") : Map.of("limit", "1000", "next_cursor", cursor);
      cursor = null;
      // Streamed, not parsed into a tree: the client should not be what this test measures.
      try (JsonParser page =
          SimClient.MAPPER.getFactory().createParser(client.list("big", params).body())) {
        for (JsonToken token = page.nextToken(); token != null; token = page.nextToken()) {
          if (token != JsonToken.FIELD_NAME) {
            continue;
          }
          int depth = page.getParsingContext().getNestingDepth();
          if (depth == 3 && page.currentName().equals("id")) { // {"result": [{"id": ...
            int index = (int) integration.indexOf(page.nextTextValue());
            assertThat(seen.get(index)).as("user %d twice", index).isFalse();
            seen.set(index);
          } else if (depth == 1 && page.currentName().equals("next_cursor")) {
            cursor = page.nextTextValue();
          }
        }
      }
      pages++;
    } while (cursor != null);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(seen.cardinality()).isEqualTo(1_000_000);
    assertThat(pages).isEqualTo(1000);
    System.out.printf(
        "Paged 1,000,000 generated users in %d pages over HTTP in %d ms%n", pages, millis);
  }

  @Test
  void aTwoBillionUserAccountIsServedAtAnyDepth() {
    // Two billion users cannot be materialised in any test heap: serving them proves they are not.
    int users = 2_000_000_000;
    SimAccount huge =
        sim.addAccount(
            SimAccountSpec.of("huge", SimIntegrations.OKTA, "acme").users(users).generated());
    String deep = new SimCursor("huge", users - 150L, 42).encode();

    JsonNode first = client.list("huge", Map.of()).json();
    JsonNode page = client.list("huge", Map.of("next_cursor", deep, "limit", "100")).json();
    JsonNode last =
        client
            .list("huge", Map.of("next_cursor", page.get("next_cursor").asText(), "limit", "100"))
            .json();

    assertThat(huge.userCount()).isEqualTo(users);
    assertThat(first.get("result")).hasSize(200);
    assertThat(page.get("result")).hasSize(100);
    assertThat(page.at("/result/0/id").asText()).isEqualTo(huge.userId(users - 150L));
    assertThat(last.get("result")).hasSize(50);
    assertThat(last.get("next_cursor").isNull()).isTrue();
    assertThat(client.user("huge", huge.userId(users - 1L)).json().get("id").asText())
        .isEqualTo(huge.userId(users - 1L));
    assertThat(client.user("huge", huge.userId(users)).status()).isEqualTo(404);
    assertThat(Runtime.getRuntime().totalMemory()).as("heap in use").isLessThan(2L << 30);
  }
}
