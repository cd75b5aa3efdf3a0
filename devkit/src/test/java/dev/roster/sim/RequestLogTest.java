package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  private TrutoSimulator sim;
  private SimClient client;

  @BeforeEach
  void start() {
    sim = TrutoSimulator.start(SimulatorConfig.builder().unlimited().requestLogCapacity(5).build());
    sim.addAccount(SimAccountSpec.of("a", SimIntegrations.ZOOM, "umbrella").users(3));
    client = new SimClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void everyAnsweredRequestIsLoggedWithItsParametersAccountAndStatusInOrder() {
    long before = System.nanoTime();
    client.list("a", Map.of("limit", "2", "remote_query[team]", "x y"));
    client.user("a", sim.account("a").userId(1));
    client.user("a", "missing");
    client.get(TrutoSimulator.ACCOUNTS_PATH, Map.of("status", "active"));

    List<SimRequest> log = sim.requests().all();

    assertThat(log).extracting(SimRequest::status).containsExactly(200, 200, 404, 200);
    assertThat(log).extracting(SimRequest::accountId).containsExactly("a", "a", "a", null);
    assertThat(log.get(0).isUserList()).isTrue();
    assertThat(log.get(0).param("limit")).isEqualTo("2");
    assertThat(log.get(0).param("remote_query[team]")).isEqualTo("x y");
    assertThat(log.get(1).isUserGet()).isTrue();
    assertThat(log.get(1).path()).endsWith("/" + sim.account("a").userId(1));
    assertThat(log.get(3).path()).isEqualTo(TrutoSimulator.ACCOUNTS_PATH);
    assertThat(log.get(0).method()).isEqualTo("GET");
    assertThat(log)
        .extracting(SimRequest::receivedAtNanos)
        .isSorted()
        .allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(before));
  }

  @Test
  void theLogIsBoundedAndClearable() {
    for (int i = 0; i < 8; i++) {
      client.list("a", Map.of("limit", Integer.toString(i + 1)));
    }

    assertThat(sim.requests().size()).isEqualTo(5);
    assertThat(sim.requests().dropped()).isEqualTo(3);
    assertThat(sim.requests().all())
        .extracting(r -> r.param("limit"))
        .containsExactly("4", "5", "6", "7", "8");
    sim.requests().clear();
    assertThat(sim.requests().all()).isEmpty();
  }
}
