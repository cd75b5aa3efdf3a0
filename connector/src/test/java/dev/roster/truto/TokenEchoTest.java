package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.User;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Truto (or a gateway before it) that echoes the request's Authorization header into every answer
 * (the simulator's echo faults): nothing the client hands on, throws or logs holds the token.
 */
class TokenEchoTest {

  private static final String TOKEN = "echo-token-9b41e7";
  private static final String ECHO_USER = "echo Bearer " + CredentialScrubber.REDACTED;

  private TrutoSimulator sim;
  private TrutoClient client;
  private LogCapture logs;

  @BeforeEach
  void start() {
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder().port(0).apiToken(TOKEN).seed(11).unlimited().build());
    client =
        new TrutoClient(
            TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of(TOKEN))
                .withRetry(TrutoClientTest.FAST_RETRY)
                .withPageSize(50));
    logs = new LogCapture();
  }

  @AfterEach
  void stop() {
    assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains(TOKEN));
    logs.close();
    client.close();
    sim.close();
  }

  @Test
  void usersAndCursorsOfPagesThatEchoTheTokenCarryNoneOfIt() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw", "googleworkspace", "acme").users(120).vendorPageSize(50));
    sim.addAccount(SimAccountSpec.of("okta", "okta", "acme").users(20).vendorPageSize(10));
    sim.faults().echoRequestInPages();

    for (String account : List.of("gw", "okta")) {
      TrutoClientTest.Result result =
          TrutoClientTest.list(
              client, account, account.equals("gw") ? "googleworkspace" : "okta", Map.of());

      assertThat(result.listing()).as(account).isInstanceOf(UserListing.Completed.class);
      assertThat(result.userIds())
          .as("every page was followed, its echoing cursor included")
          .hasSize(sim.snapshot(account).size() + 1)
          .contains(ECHO_USER);
      User echo =
          result.users().stream()
              .filter(u -> u.getId().equals(ECHO_USER))
              .findFirst()
              .orElseThrow();
      assertThat(echo.getName()).isEqualTo(CredentialScrubber.REDACTED);
      assertThat(echo.getStatus()).isEqualTo(CredentialScrubber.REDACTED);
      assertThat(echo.getEmails().get(0).getEmail()).isEqualTo("[redacted]@echo.example");
      assertThat(echo.getRemoteData()).contains("Bearer [redacted]");
      assertThat(result.items())
          .allSatisfy(item -> assertThat(item.toString()).doesNotContain(TOKEN));
    }
    assertThat(sim.requests().matching(r -> "gw".equals(r.accountId())))
        .as("the echoing cursor went back to Truto as Truto sent it")
        .anyMatch(r -> r.param("next_cursor") != null && r.param("next_cursor").contains(TOKEN));
  }

  @Test
  void aBrokenPageThatEchoesTheHeadersIsDeadLetteredWithoutThem() throws Exception {
    sim.addAccount(SimAccountSpec.of("broken", "slack", "acme").users(30).vendorPageSize(10));
    sim.faults("broken").echoRequestInPages().malformedNext(1);

    ListedItem.Unreadable unreadable = failedPage("broken");

    assertThat(new String(unreadable.body(), StandardCharsets.UTF_8))
        .as("the page as Truto sent it, but for its credentials")
        .doesNotContain(TOKEN)
        .contains("\"Authorization\":\"[redacted]\"");
  }

  @Test
  void aPageThatIsNotUtf8IsDeadLetteredByteForByteButForTheToken() throws Exception {
    byte[] notUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', ','};
    byte[] echo = ("\"note\":\"Bearer " + TOKEN + "\"}").getBytes(StandardCharsets.US_ASCII);
    byte[] item = new byte[notUtf8.length + echo.length];
    System.arraycopy(notUtf8, 0, item, 0, notUtf8.length);
    System.arraycopy(echo, 0, item, notUtf8.length, echo.length);
    sim.addAccount(SimAccountSpec.of("not-utf8", "slack", "acme").users(30).vendorPageSize(10));
    sim.faults("not-utf8").spliceIntoPage(1, item);

    ListedItem.Unreadable unreadable = failedPage("not-utf8");

    assertThat(unreadable.body())
        .containsSequence(notUtf8)
        .containsSequence("\"note\":\"Bearer [redacted]\"}".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(unreadable.body(), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
  }

  /** Lists {@code account}, whose page cannot be read, and returns that page's dead letter. */
  private ListedItem.Unreadable failedPage(String account) throws InterruptedException {
    TrutoClientTest.Result result = TrutoClientTest.list(client, account, "slack", Map.of());

    assertThat(result.listing())
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
              assertThat(failed.message()).doesNotContain(TOKEN);
            });
    return (ListedItem.Unreadable) result.items().get(result.items().size() - 1);
  }

  @Test
  void deadLetterSnippetsAreScrubbedBeforeTheyAreCut() throws Exception {
    sim.addAccount(SimAccountSpec.of("bad-entries", "slack", "acme").users(5));
    String secretField = "\"client_secret\":\"cs-SECRET\"";
    sim.faults("bad-entries")
        .spliceIntoPage(
            1,
            ("{\"name\":\"No Id\","
                    + secretField
                    + ",\"bio\":\""
                    + "x".repeat(2000)
                    + "\"},"
                    + "{\"id\":\"dup\",\"note\":\"Bearer "
                    + TOKEN
                    + "\"},{\"id\":\"dup\","
                    + secretField
                    + "}")
                .getBytes(StandardCharsets.UTF_8));

    TrutoClientTest.Result result = TrutoClientTest.list(client, "bad-entries", "slack", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.items())
        .filteredOn(item -> !(item instanceof ListedItem.Observed))
        .hasSize(2)
        .allSatisfy(
            item ->
                assertThat(item.toString())
                    .contains("\"client_secret\":\"[redacted]\"")
                    .doesNotContain("SECRET", TOKEN));
    assertThat(result.users())
        .filteredOn(user -> user.getId().equals("dup"))
        .singleElement()
        .satisfies(user -> assertThat(user.toString()).doesNotContain(TOKEN));
  }

  @Test
  void discoveryOfAPageThatEchoesTheTokenListsNoneOfIt() throws Exception {
    sim.addAccount(SimAccountSpec.of("a-1", "okta", "acme").users(1));
    sim.faults().echoRequestInPages();

    List<IntegratedAccount> accounts = client.discoverAccounts(DiscoveryFilter.all());

    assertThat(accounts)
        .extracting(IntegratedAccount::getId)
        .containsExactlyInAnyOrder("a-1", ECHO_USER);
    assertThat(accounts)
        .allSatisfy(account -> assertThat(account.toString()).doesNotContain(TOKEN));
  }

  @Test
  void aFailedDiscoveryThrowsNoTokenInItsMessageOrItsCauses() {
    sim.addAccount(SimAccountSpec.of("a-1", "okta", "acme").users(1));
    sim.faults()
        .echoRequestInErrors()
        .serverErrorNext(TrutoClientTest.FAST_RETRY.maxAttempts(), 502);

    TrutoCallFailed failed =
        catchThrowableOfType(
            TrutoCallFailed.class, () -> client.discoverAccounts(DiscoveryFilter.all()));

    assertThat(failed.category()).isEqualTo(ErrorCategory.UPSTREAM);
    assertThat(failed.getMessage()).contains("Authorization: [redacted]");
    StringWriter trace = new StringWriter();
    failed.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(TOKEN);
  }
}
