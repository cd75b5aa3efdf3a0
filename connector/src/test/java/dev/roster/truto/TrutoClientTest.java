package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.User;
import dev.roster.sim.RateBudget;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimAccountState;
import dev.roster.sim.SimFaults;
import dev.roster.sim.SimRequest;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.LogCapture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the Truto simulator: pagination, partial responses, every error row, faults,
 * budgets.
 */
class TrutoClientTest {

  static final String TOKEN = "test-token-5f2a9c";

  /** Fast retries so fault tests take milliseconds, not minutes. */
  static final RetrySettings FAST_RETRY =
      new RetrySettings(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(3));

  TrutoSimulator sim;
  TrutoClient client;

  @BeforeEach
  void start() {
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder().port(0).apiToken(TOKEN).seed(7).unlimited().build());
    client = new TrutoClient(settings(TOKEN));
  }

  @AfterEach
  void stop() {
    client.close();
    sim.close();
  }

  TrutoClientSettings settings(String token) {
    return TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of(token))
        .withBudgets(
            new RequestBudget(10_000, Duration.ofSeconds(1)),
            new RequestBudget(10_000, Duration.ofSeconds(1)))
        .withRetry(FAST_RETRY)
        .withPageSize(50);
  }

  record Result(UserListing listing, List<ListedItem> items) {
    List<String> userIds() {
      return items.stream()
          .filter(i -> i instanceof ListedItem.Observed)
          .map(i -> ((ListedItem.Observed) i).user().getId())
          .toList();
    }

    List<User> users() {
      return items.stream()
          .filter(i -> i instanceof ListedItem.Observed)
          .map(i -> ((ListedItem.Observed) i).user())
          .toList();
    }
  }

  Result list(String accountId, String integration, Map<String, String> query)
      throws InterruptedException {
    return list(client, accountId, integration, query);
  }

  static Result list(
      TrutoClient client, String accountId, String integration, Map<String, String> query)
      throws InterruptedException {
    List<ListedItem> items = new ArrayList<>();
    UserListing listing =
        client.listUsers(
            IntegratedAccount.newBuilder()
                .setId(accountId)
                .setIntegration(integration)
                .setTenantId("acme")
                .setQuery(query)
                .build(),
            items::add);
    return new Result(listing, items);
  }

  List<String> simIds(String accountId) {
    return sim.snapshot(accountId).stream().map(user -> user.get("id").asText()).toList();
  }

  List<SimRequest> requestsOf(String accountId) {
    return sim.requests().matching(r -> accountId.equals(r.accountId()));
  }

  @Test
  void listsEveryUserOnceAcrossPagesEndingOnNull() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-1", "googleworkspace", "acme")
            .users(230)
            .vendorPageSize(50)
            .endOfList(SimAccountSpec.EndOfList.NULL));

    Result result = list("gw-1", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyElementsOf(simIds("gw-1"));
    assertThat(result.listing().stats()).isEqualTo(new ListingStats(5, 230, 5, 0, 0, 0));
    assertThat(requestsOf("gw-1"))
        .allSatisfy(
            r -> {
              assertThat(r.param("integrated_account_id")).isEqualTo("gw-1");
              assertThat(r.param("limit")).isEqualTo("50");
            });
  }

  @Test
  void anEmptyStringCursorEndsTheListToo() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("slack-1", "slack", "acme")
            .users(120)
            .vendorPageSize(40)
            .endOfList(SimAccountSpec.EndOfList.EMPTY_STRING));

    Result result = list("slack-1", "slack", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyElementsOf(simIds("slack-1"));
    assertThat(result.listing().stats().pages()).isEqualTo(3);
  }

  @Test
  void mapsFullUsersWithTheAccountTheyCameFrom() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-2", "googleworkspace", "acme").users(5));

    List<User> users = list("gw-2", "googleworkspace", Map.of()).users();
    ObjectNode first = sim.snapshot("gw-2").get(0);

    assertThat(users.get(0).getIntegratedAccountId()).isEqualTo("gw-2");
    assertThat(users.get(0).getIntegration()).isEqualTo("googleworkspace");
    assertThat(users.get(0).getTenantId()).isEqualTo("acme");
    assertThat(users.get(0).getStatus())
        .isEqualTo(first.path("status").isNull() ? null : first.path("status").asText());
    assertThat(users.get(0).getEmails()).hasSize(first.path("emails").size());
  }

  @Test
  void partialResponseIntegrationsGetEachUserInFull() throws Exception {
    sim.addAccount(SimAccountSpec.of("okta-1", "okta", "acme").users(120).vendorPageSize(50));

    Result result = list("okta-1", "okta", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyInAnyOrderElementsOf(simIds("okta-1"));
    assertThat(result.listing().stats().apiCalls()).as("3 pages + 120 gets").isEqualTo(123);
    List<SimRequest> gets =
        requestsOf("okta-1").stream()
            .filter(r -> r.path().startsWith(TrutoSimulator.USERS_PATH + "/"))
            .toList();
    assertThat(gets).hasSize(120);
    // The full object has what the partial list item lacks.
    ObjectNode full = sim.snapshot("okta-1").get(0);
    User mapped =
        result.users().stream()
            .filter(u -> u.getId().equals(full.get("id").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(mapped.getRoles()).hasSize(full.path("roles").size());
    assertThat(mapped.getTitle())
        .isEqualTo(full.path("title").isNull() ? null : full.path("title").asText(null));
  }

  @Test
  void aSlowAccountsGetsCannotHoldAnotherAccountsGets() throws Exception {
    // okta is a partial-response integration: a get per user, get-concurrency (4) at a time.
    sim.addAccount(SimAccountSpec.of("okta-slow", "okta", "acme").users(12));
    sim.addAccount(SimAccountSpec.of("okta-quick", "okta", "acme").users(12));
    sim.faults("okta-slow").delay(Duration.ofSeconds(3));
    Thread slow =
        new Thread(
            () -> {
              try {
                list("okta-slow", "okta", Map.of());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    slow.start();
    try {
      // The slow list answered (after 3 s): its first four gets are now in flight, for 3 s more.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !requestsOf("okta-slow").isEmpty());
      Thread.sleep(300);

      // With one pool of four threads for every poll, the quick account's gets would queue behind
      // the slow one's until they answer.
      Result quick =
          assertTimeoutPreemptively(
              Duration.ofSeconds(2), () -> list("okta-quick", "okta", Map.of()));

      assertThat(quick.listing()).isInstanceOf(UserListing.Completed.class);
      assertThat(quick.userIds()).containsExactlyInAnyOrderElementsOf(simIds("okta-quick"));
      assertThat(slow.isAlive()).as("the slow account's gets were still in flight").isTrue();
    } finally {
      slow.interrupt();
      slow.join(10_000);
    }
  }

  @Test
  void aUserGoneBetweenListAndGetIsAbsentNotAFailure() throws Exception {
    sim.addAccount(SimAccountSpec.of("sf-1", "salesforce", "acme").users(30));
    sim.faults("sf-1").userGoneOnGet(2);

    Result result = list("sf-1", "salesforce", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.listing().stats().absentOnGet()).isEqualTo(2);
    assertThat(result.userIds()).hasSize(28);
  }

  @Test
  void aMissingRequiredParameterIsAConfigErrorNamingIt() throws Exception {
    sim.addAccount(SimAccountSpec.of("gh-1", "github", "acme").users(10));

    Result without = list("gh-1", "github", Map.of());
    assertThat(without.listing())
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.CONFIG);
              assertThat(failed.message())
                  .contains("organization_id")
                  .contains("gh-1")
                  .contains(TrutoClient.USERS_PATH);
              assertThat(failed.stats().apiCalls()).as("no retry").isEqualTo(1);
            });

    Result with = list("gh-1", "github", Map.of("organization_id", "acme-org"));
    assertThat(with.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(with.userIds()).hasSize(10);
  }

  @Test
  void anAccountsQueryParametersGoOnEveryCallForItItsGetsIncluded() throws Exception {
    // GitHub lists partial users, so each needs a get, and Truto requires organization_id on list
    // and get alike.
    sim.addAccount(SimAccountSpec.of("gh-2", "github", "acme").users(60).vendorPageSize(25));
    Map<String, String> query =
        Map.of("organization_id", "acme-org", "remote_query[team]", "security");

    Result result;
    try (TrutoClient lean =
        new TrutoClient(settings(TOKEN).withMapping(new MappingSettings(1024, 1024, false)))) {
      result = list(lean, "gh-2", "github", query);
    }

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyInAnyOrderElementsOf(simIds("gh-2"));
    assertThat(requestsOf("gh-2"))
        .as("3 pages and 60 gets")
        .hasSize(63)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.param("organization_id")).isEqualTo("acme-org");
              assertThat(r.param("remote_query[team]")).isEqualTo("security");
              assertThat(r.param("truto_ignore_remote_data")).isEqualTo("true");
            });
  }

  @Test
  void aPageOverTheResponseCapFailsThePollWithoutRetryAndIsNotDeadLettered() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-huge", "googleworkspace", "acme").users(30).vendorPageSize(10));
    sim.faults("gw-huge").padPage(2, 4L << 20, SimFaults.Framing.CHUNKED);

    Result result;
    try (TrutoClient capped = new TrutoClient(settings(TOKEN).withMaxResponseBytes(1 << 20))) {
      result = list(capped, "gw-huge", "googleworkspace", Map.of());
    }

    assertThat(result.listing())
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
              assertThat(failed.message())
                  .contains("gw-huge")
                  .contains("truto.max-response-bytes = " + (1 << 20) + " bytes");
              assertThat(failed.stats().apiCalls()).as("page 1, then page 2 once").isEqualTo(2);
            });
    assertThat(result.items())
        .as("nothing of the flood is kept")
        .noneMatch(ListedItem.Unreadable.class::isInstance);
    assertThat(result.userIds()).as("page 1 was handed on before the flood").hasSize(10);
  }

  @Test
  void aVendorRejectionMeansReauthenticationAndIsNotRetried() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("az-1", "azureactivedirectory", "acme")
            .users(10)
            .state(SimAccountState.NEEDS_REAUTH));

    UserListing listing = list("az-1", "azureactivedirectory", Map.of()).listing();

    assertThat(listing)
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.AUTH);
              assertThat(failed.needsReauth()).isTrue();
              assertThat(failed.fatalForAllAccounts()).isFalse();
              assertThat(failed.stats().apiCalls()).isEqualTo(1);
            });
  }

  @Test
  void forbiddenBlockedAndUnknownAccountsFailWithTheirCategory() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("scopes-1", "slack", "acme")
            .users(3)
            .state(SimAccountState.MISSING_SCOPES));
    sim.addAccount(
        SimAccountSpec.of("blocked-1", "slack", "acme").users(3).state(SimAccountState.BLOCKED));

    assertThat(((UserListing.Failed) list("scopes-1", "slack", Map.of()).listing()).category())
        .isEqualTo(ErrorCategory.FORBIDDEN);
    assertThat(((UserListing.Failed) list("blocked-1", "slack", Map.of()).listing()).category())
        .isEqualTo(ErrorCategory.BLOCKED);
    UserListing.Failed unknown = (UserListing.Failed) list("nobody", "slack", Map.of()).listing();
    assertThat(unknown.category()).isEqualTo(ErrorCategory.CONFIG);
    assertThat(
            List.of(
                ((UserListing.Failed) list("scopes-1", "slack", Map.of()).listing())
                    .stats()
                    .apiCalls(),
                ((UserListing.Failed) list("blocked-1", "slack", Map.of()).listing())
                    .stats()
                    .apiCalls(),
                unknown.stats().apiCalls()))
        .as("none of them is retried")
        .containsOnly(1);
  }

  @Test
  void aWrongApiTokenIsFatalForAllAccountsAndNeverAppearsInLogsOrMessages() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-3", "googleworkspace", "acme").users(3));
    String wrongToken = "wrong-token-93b1e7d";
    List<String> lines;
    UserListing listing;
    try (LogCapture logs = new LogCapture();
        TrutoClient wrong = new TrutoClient(settings(wrongToken))) {
      listing = list(wrong, "gw-3", "googleworkspace", Map.of()).listing();
      lines = logs.lines();
    }

    assertThat(listing)
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.AUTH);
              assertThat(failed.fatalForAllAccounts()).isTrue();
              assertThat(failed.message()).doesNotContain(wrongToken);
              assertThat(failed.toString()).doesNotContain(wrongToken);
            });
    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(wrongToken));
    assertThat(settings(wrongToken).toString()).doesNotContain(wrongToken);
  }

  @Test
  void errorsThatEchoTheRequestReachNeitherLogsNorMessagesWithTheToken() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-echo", "googleworkspace", "acme").users(120).vendorPageSize(50));
    sim.addAccount(SimAccountSpec.of("okta-echo", "okta", "acme").users(1));
    sim.faults("gw-echo").echoRequestInErrors().failPage(2, 403);
    sim.faults("okta-echo").echoRequestInErrors().failGetsNext(FAST_RETRY.maxAttempts(), 502);
    List<String> lines;
    Result forbidden;
    Result failingGets;
    try (LogCapture logs = new LogCapture()) {
      forbidden = list("gw-echo", "googleworkspace", Map.of());
      failingGets = list("okta-echo", "okta", Map.of());
      lines = logs.lines();
    }

    assertThat(List.of(forbidden.listing(), failingGets.listing()))
        .allSatisfy(
            listing ->
                assertThat(listing)
                    .isInstanceOfSatisfying(
                        UserListing.Failed.class,
                        failed ->
                            assertThat(failed.message())
                                .as("the simulator echoed the token, and it was removed")
                                .contains("with Authorization: [redacted])")
                                .doesNotContain(TOKEN)));
    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
  }

  @Test
  void rateLimitedRequestsWaitAsToldAndResumeTheSamePage() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-4", "googleworkspace", "acme").users(100).vendorPageSize(50));
    sim.faults("gw-4").rateLimitNext(2, Duration.ofSeconds(1));

    Result result = list("gw-4", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyElementsOf(simIds("gw-4"));
    List<SimRequest> requests = requestsOf("gw-4");
    assertThat(requests).extracting(SimRequest::status).containsExactly(429, 429, 200, 200);
    assertThat(requests.get(2).param("next_cursor")).as("the same first page again").isNull();
    long waited = requests.get(2).receivedAtNanos() - requests.get(1).receivedAtNanos();
    assertThat(TimeUnit.NANOSECONDS.toMillis(waited))
        .as("waited for Retry-After")
        .isGreaterThanOrEqualTo(950);
  }

  @Test
  void aRateLimitThatOutlastsTheRetriesTellsTheCallerHowLongTrutoAskedToWait() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-15", "googleworkspace", "acme").users(10));
    sim.faults("gw-15").rateLimitNext(FAST_RETRY.maxAttempts(), Duration.ofSeconds(1));

    Result result = list("gw-15", "googleworkspace", Map.of());

    assertThat(result.listing())
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
              assertThat(failed.retryAfter()).contains(Duration.ofSeconds(1));
            });
  }

  @Test
  void trutosOwn429OnTheTokenPausesEveryAccountOfTheInstanceForAsLongAsTrutoSaid()
      throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-16", "googleworkspace", "acme").users(10));
    sim.addAccount(SimAccountSpec.of("gw-17", "googleworkspace", "acme").users(10));
    sim.faults("gw-16").tokenRateLimitNext(1, Duration.ofSeconds(2));

    assertThat(millisTheOtherAccountWaited("gw-16", "gw-17"))
        .as("the other account waited out the token's 429 too")
        .isGreaterThanOrEqualTo(1900);
  }

  @Test
  void aVendors429PausesOnlyItsAccount() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-26", "googleworkspace", "acme").users(10));
    sim.addAccount(SimAccountSpec.of("gw-27", "googleworkspace", "acme").users(10));
    sim.faults("gw-26").rateLimitNext(1, Duration.ofSeconds(3));

    assertThat(millisTheOtherAccountWaited("gw-26", "gw-27"))
        .as("the other account did not wait for the vendor's limit of this one")
        .isLessThan(1500);
    List<SimRequest> limited = requestsOf("gw-26");
    assertThat(limited).extracting(SimRequest::status).containsExactly(429, 200);
    assertThat(
            TimeUnit.NANOSECONDS.toMillis(
                limited.get(1).receivedAtNanos() - limited.get(0).receivedAtNanos()))
        .as("the limited account itself waited")
        .isGreaterThanOrEqualTo(2900);
  }

  /**
   * Lists {@code limited}, whose first request meets a 429, in the background, and {@code other}
   * once the client has taken that 429 in (it reports the retry after it paused whoever must wait):
   * how long after the 429 the other account's first request came.
   */
  private long millisTheOtherAccountWaited(String limited, String other) throws Exception {
    CountDownLatch rateLimited = new CountDownLatch(1);
    TrutoCallListener listener =
        new TrutoCallListener() {
          @Override
          public void retried(String accountId, String reason) {
            if (accountId.equals(limited) && reason.equals("429")) {
              rateLimited.countDown();
            }
          }
        };
    try (TrutoClient paced = new TrutoClient(settings(TOKEN), listener)) {
      Thread background =
          new Thread(
              () -> {
                try {
                  list(paced, limited, "googleworkspace", Map.of());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      background.start();
      assertThat(rateLimited.await(10, TimeUnit.SECONDS)).as("the 429 was met").isTrue();

      Result result = list(paced, other, "googleworkspace", Map.of());
      background.join(10_000);

      assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    }
    long limitedAt = requestsOf(limited).get(0).receivedAtNanos();
    long otherAt = requestsOf(other).get(0).receivedAtNanos();
    return TimeUnit.NANOSECONDS.toMillis(otherAt - limitedAt);
  }

  @Test
  void withAShareOfTheTokenBudgetNoWindowHoldsMoreThanTheShare() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-18", "googleworkspace", "acme").users(240).vendorPageSize(20));
    try (TrutoClient shared =
        new TrutoClient(
            settings(TOKEN)
                .withBudgets(
                    new RequestBudget(10_000, Duration.ofSeconds(1)),
                    new RequestBudget(30, Duration.ofSeconds(1))))) {
      assertThat(shared.tokenShare()).as("a client starts with the whole budget").isEqualTo(30);
      shared.shareTokenBudget(1, 3);
      assertThat(shared.tokenShare()).isEqualTo(10);

      Result result = list(shared, "gw-18", "googleworkspace", Map.of());

      assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    }
    List<SimRequest> requests = requestsOf("gw-18");
    assertThat(requests).hasSize(12);
    long window = Duration.ofSeconds(1).toNanos();
    for (int i = 0; i < requests.size(); i++) {
      long start = requests.get(i).receivedAtNanos();
      long inWindow =
          requests.stream()
              .filter(r -> r.receivedAtNanos() >= start && r.receivedAtNanos() < start + window)
              .count();
      assertThat(inWindow)
          .as("requests in the second after request %d (the whole budget would allow 30)", i)
          .isLessThanOrEqualTo(10);
    }
  }

  @Test
  void everyRetryIsReportedWithItsReason() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-14", "googleworkspace", "acme").users(10));
    sim.faults("gw-14").rateLimitNext(1, Duration.ofMillis(100)).serverErrorNext(1, 502);
    List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TrutoClient observed =
        new TrutoClient(
            settings(TOKEN),
            new TrutoCallListener() {
              @Override
              public void retried(String accountId, String reason) {
                retries.add(accountId + ":" + reason);
              }
            })) {
      assertThat(list(observed, "gw-14", "googleworkspace", Map.of()).listing())
          .isInstanceOf(UserListing.Completed.class);
    }
    assertThat(retries).containsExactly("gw-14:429", "gw-14:502");
  }

  @Test
  void transientServerErrorsAreRetried() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-5", "googleworkspace", "acme").users(60).vendorPageSize(50));
    sim.faults("gw-5").serverErrorNext(1, 500).serverErrorNext(1, 502);

    Result result = list("gw-5", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).hasSize(60);
    assertThat(result.listing().stats().apiCalls()).isGreaterThan(2);
  }

  @Test
  void aPageFailingOnEveryRetryFailsThePollAfterItsAttempts() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-6", "googleworkspace", "acme").users(150).vendorPageSize(50));
    sim.faults("gw-6").failPage(2, 504);

    Result result = list("gw-6", "googleworkspace", Map.of());

    assertThat(result.listing())
        .isInstanceOfSatisfying(
            UserListing.Failed.class,
            failed -> {
              assertThat(failed.category()).isEqualTo(ErrorCategory.UPSTREAM);
              assertThat(failed.message()).contains("gave up after 4 attempts").contains("504");
              assertThat(failed.stats().apiCalls()).isEqualTo(1 + FAST_RETRY.maxAttempts());
            });
    assertThat(result.userIds()).as("the first page was read and handed on").hasSize(50);
  }

  @Test
  void aSlowAnswerTimesOut() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-7", "googleworkspace", "acme").users(5));
    sim.faults("gw-7").delay(Duration.ofSeconds(2));
    try (TrutoClient impatient =
        new TrutoClient(
            settings(TOKEN)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300))
                .withRetry(
                    new RetrySettings(
                        2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1))))) {
      UserListing listing = list(impatient, "gw-7", "googleworkspace", Map.of()).listing();
      assertThat(listing)
          .isInstanceOfSatisfying(
              UserListing.Failed.class,
              failed -> {
                assertThat(failed.category()).isEqualTo(ErrorCategory.TIMEOUT);
                assertThat(failed.stats().apiCalls()).isEqualTo(2);
              });
    }
  }

  @Test
  void malformedAndTruncatedPagesAreInvalidResponses() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-8", "googleworkspace", "acme").users(5));
    sim.faults("gw-8").malformedNext(1);
    assertThat(
            ((UserListing.Failed) list("gw-8", "googleworkspace", Map.of()).listing()).category())
        .isEqualTo(ErrorCategory.INVALID_RESPONSE);

    sim.faults("gw-8").clear().truncatedNext(1);
    UserListing.Failed truncated =
        (UserListing.Failed) list("gw-8", "googleworkspace", Map.of()).listing();
    assertThat(truncated.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(truncated.message()).contains("gw-8").contains("malformed page");

    sim.faults("gw-8").clear();
    assertThat(list("gw-8", "googleworkspace", Map.of()).listing())
        .as("recovers when the fault ends")
        .isInstanceOf(UserListing.Completed.class);
  }

  @Test
  void aPageThatIsNotUtf8FailsThePollAndHandsItsBytesOnForTheDeadLetter() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-utf8", "googleworkspace", "acme").users(30).vendorPageSize(10));
    byte[] notUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', 'x', (byte) 0xff, (byte) 0xfe, '"', '}'};
    sim.faults("gw-utf8").spliceIntoPage(2, notUtf8);

    Result result = list("gw-utf8", "googleworkspace", Map.of());

    UserListing.Failed failed = (UserListing.Failed) result.listing();
    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.message()).contains("gw-utf8").contains("UTF-8");
    assertThat(result.items())
        .filteredOn(ListedItem.Unreadable.class::isInstance)
        .singleElement()
        .satisfies(
            item -> {
              ListedItem.Unreadable unreadable = (ListedItem.Unreadable) item;
              assertThat(unreadable.reason()).isEqualTo(failed.message());
              assertThat(unreadable.body())
                  .as("the page as it came, bad bytes and all")
                  .containsSequence(notUtf8);
            });
    assertThat(result.userIds()).as("page 1 was handed on before the bad page").hasSize(10);
  }

  @Test
  void aSecondEntryWithAKnownIdIsADuplicateCarryingItsJson() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-dup", "googleworkspace", "acme").users(20).vendorPageSize(10));
    String firstId = sim.account("gw-dup").userId(0);
    sim.faults("gw-dup")
        .spliceIntoPage(
            2,
            ("{\"id\":\"" + firstId + "\",\"name\":\"Second Copy\"}")
                .getBytes(StandardCharsets.UTF_8));

    Result result = list("gw-dup", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.listing().stats().duplicates()).isEqualTo(1);
    assertThat(result.users())
        .filteredOn(u -> u.getId().equals(firstId))
        .singleElement()
        .satisfies(
            u -> assertThat(u.getName()).as("the first entry is kept").isNotEqualTo("Second Copy"));
    assertThat(result.items())
        .filteredOn(ListedItem.Duplicate.class::isInstance)
        .singleElement()
        .satisfies(
            item -> {
              ListedItem.Duplicate duplicate = (ListedItem.Duplicate) item;
              assertThat(duplicate.userId()).isEqualTo(firstId);
              assertThat(duplicate.rawSnippet()).contains("Second Copy");
            });
  }

  @Test
  void idsCraftedToCollideUnderAnUnkeyedHashAreTwoUsersNotADuplicate() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-twins", "googleworkspace", "acme").users(20).vendorPageSize(10));
    sim.faults("gw-twins")
        .spliceIntoPage(
            1,
            ("{\"id\":\"" + SeenUserIdsTest.FNV_TWIN_A + "\",\"name\":\"Real User\"}")
                .getBytes(StandardCharsets.UTF_8));
    sim.faults("gw-twins")
        .spliceIntoPage(
            2,
            ("{\"id\":\"" + SeenUserIdsTest.FNV_TWIN_B + "\",\"name\":\"Crafted\"}")
                .getBytes(StandardCharsets.UTF_8));

    Result result = list("gw-twins", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.listing().stats().duplicates()).isZero();
    assertThat(result.userIds())
        .contains(SeenUserIdsTest.FNV_TWIN_A, SeenUserIdsTest.FNV_TWIN_B)
        .hasSize(22);
  }

  @Test
  void aRepeatedCursorIsALoopNotAPage() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-9", "googleworkspace", "acme").users(200).vendorPageSize(50));
    sim.faults("gw-9").cursorLoop();

    UserListing.Failed failed =
        (UserListing.Failed) list("gw-9", "googleworkspace", Map.of()).listing();

    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.message()).contains("loop");
  }

  @Test
  void emptyPagesWithACursorAreNotTheEnd() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-10", "googleworkspace", "acme").users(100).vendorPageSize(50));
    sim.faults("gw-10").emptyPages(2);

    Result result = list("gw-10", "googleworkspace", Map.of());

    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).containsExactlyElementsOf(simIds("gw-10"));
  }

  /** Long enough an id that the simulator's cursors, which name it, are shown shortened. */
  private static final String ENDLESS = "gw-endless-pagination-of-acme";

  @Test
  void emptyPagesWithFreshCursorsWithoutEndFailThePollAtTheLimitWithTheCursorShortened()
      throws Exception {
    sim.addAccount(
        SimAccountSpec.of(ENDLESS, "googleworkspace", "acme").users(100).vendorPageSize(50));
    sim.faults(ENDLESS).fromPage(2).endlessEmptyPages();
    try (TrutoClient limited =
        new TrutoClient(
            settings(TOKEN).withListingLimits(new ListingLimits(1_000, 20, Duration.ofHours(1))))) {

      Result result = list(limited, ENDLESS, "googleworkspace", Map.of());

      UserListing.Failed failed = (UserListing.Failed) result.listing();
      assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
      assertThat(failed.message()).contains(ENDLESS).contains("20 empty pages in a row");
      assertThat(failed.stats().pages()).isEqualTo(21);
      assertThat(result.userIds()).as("page 1 only").hasSize(50);
      String lastCursor =
          requestsOf(ENDLESS).get(requestsOf(ENDLESS).size() - 1).param("next_cursor");
      assertThat(lastCursor).hasSizeGreaterThan(PaginationState.MAX_CURSOR_CHARS_SHOWN);
      assertThat(failed.message())
          .as("the cursor shortened")
          .doesNotContain(lastCursor)
          .contains(PaginationState.shortened(lastCursor));
    }
  }

  @Test
  void aListingOfMorePagesThanItsLimitFails() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-pages", "googleworkspace", "acme").users(200).vendorPageSize(50));
    try (TrutoClient limited =
        new TrutoClient(
            settings(TOKEN).withListingLimits(new ListingLimits(3, 1_000, Duration.ofHours(1))))) {

      UserListing.Failed failed =
          (UserListing.Failed) list(limited, "gw-pages", "googleworkspace", Map.of()).listing();

      assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
      assertThat(failed.message()).contains("page 3 still has a next cursor");
      assertThat(requestsOf("gw-pages")).as("no page after the limit was asked for").hasSize(3);
    }
  }

  @Test
  void aPageOfMillionsOfEmptyObjectsFailsThePollWithOneUnreadableItemAndNoEntryOfIt()
      throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-objects", "googleworkspace", "acme").users(100).vendorPageSize(50));
    sim.faults("gw-objects").emptyObjectsInPage(2, 12_000_000);

    Result result = list("gw-objects", "googleworkspace", Map.of());

    UserListing.Failed failed = (UserListing.Failed) result.listing();
    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.message())
        .contains("gw-objects")
        .contains("page too large: more than 1000 entries");
    assertThat(result.items())
        .as("page 1's users, then one item for the whole refused page: no entry of it")
        .hasSize(51)
        .filteredOn(ListedItem.Unreadable.class::isInstance)
        .hasSize(1);
    assertThat(result.userIds()).hasSize(50);
  }

  @Test
  void aUserWhoseRemoteDataExpandsPastTheHeapBudgetFailsThePoll() throws Exception {
    sim.addAccount(
        SimAccountSpec.of("gw-arrays", "googleworkspace", "acme").users(100).vendorPageSize(50));
    sim.faults("gw-arrays").arraysInRemoteData(2, (16 << 20) - (256 << 10));

    Result result = list("gw-arrays", "googleworkspace", Map.of());

    UserListing.Failed failed = (UserListing.Failed) result.listing();
    assertThat(failed.category()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(failed.message()).contains("page too large: its JSON trees would take more than");
    assertThat(result.items())
        .filteredOn(ListedItem.Unreadable.class::isInstance)
        .singleElement()
        .satisfies(
            item ->
                assertThat(((ListedItem.Unreadable) item).reason()).isEqualTo(failed.message()));
    assertThat(result.userIds()).as("page 1 only").hasSize(50).doesNotContain("remote-data-bomb");
  }

  @Test
  void anEmptyListIsACompleteListingOfNobody() throws Exception {
    // The misconfigured-token look: Truto answers a valid, empty directory. The client cannot tell;
    // the detector's mass-removal guard must.
    sim.addAccount(SimAccountSpec.of("gw-11", "googleworkspace", "acme").users(100));
    sim.faults("gw-11").emptyList();

    Result result = list("gw-11", "googleworkspace", Map.of());
    assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    assertThat(result.userIds()).isEmpty();
  }

  @Test
  void remoteDataIsDroppedAtTheSourceWhenDisabled() throws Exception {
    sim.addAccount(SimAccountSpec.of("gw-12", "googleworkspace", "acme").users(3));
    try (TrutoClient lean =
        new TrutoClient(settings(TOKEN).withMapping(new MappingSettings(1024, 1024, false)))) {
      Result result = list(lean, "gw-12", "googleworkspace", Map.of());
      assertThat(result.users()).allSatisfy(user -> assertThat(user.getRemoteData()).isNull());
    }
    assertThat(requestsOf("gw-12"))
        .allSatisfy(r -> assertThat(r.param("truto_ignore_remote_data")).isEqualTo("true"));
  }

  @Test
  void staysWithinTheAccountBudgetInEverySlidingWindow() throws Exception {
    sim.close();
    RateBudget simBudget = new RateBudget(5, Duration.ofSeconds(1));
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .apiToken(TOKEN)
                .seed(7)
                .accountBudget(simBudget)
                .build());
    sim.addAccount(
        SimAccountSpec.of("gw-13", "googleworkspace", "acme").users(300).vendorPageSize(20));
    try (TrutoClient paced =
        new TrutoClient(
            settings(TOKEN)
                .withBudgets(
                    new RequestBudget(5, Duration.ofSeconds(1)),
                    new RequestBudget(1000, Duration.ofSeconds(1))))) {
      Result result = list(paced, "gw-13", "googleworkspace", Map.of());
      assertThat(result.listing()).isInstanceOf(UserListing.Completed.class);
    }

    List<SimRequest> requests = requestsOf("gw-13");
    assertThat(requests).hasSize(15).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    long window = Duration.ofSeconds(1).toNanos();
    for (int i = 0; i < requests.size(); i++) {
      long start = requests.get(i).receivedAtNanos();
      long inWindow =
          requests.stream()
              .filter(r -> r.receivedAtNanos() >= start && r.receivedAtNanos() < start + window)
              .count();
      assertThat(inWindow).as("requests in the second after request %d", i).isLessThanOrEqualTo(5);
    }
  }

  @Test
  void discoveryReadsEveryPageAndEitherListKey() throws Exception {
    sim.close();
    sim =
        TrutoSimulator.start(
            SimulatorConfig.builder()
                .port(0)
                .apiToken(TOKEN)
                .seed(7)
                .unlimited()
                .accountListKey("results")
                .accountPageSize(2)
                .build());
    for (int i = 1; i <= 5; i++) {
      sim.addAccount(SimAccountSpec.of("acct-" + i, "zoom", "acme").users(1));
    }
    try (TrutoClient discovering = new TrutoClient(settings(TOKEN))) {
      assertThat(discovering.discoverAccounts(DiscoveryFilter.all()))
          .extracting(IntegratedAccount::getId)
          .containsExactlyInAnyOrder("acct-1", "acct-2", "acct-3", "acct-4", "acct-5");
    }
    assertThat(sim.requests().matching(r -> r.path().equals(TrutoSimulator.ACCOUNTS_PATH)))
        .hasSize(3);
  }

  @Test
  void discoversAccountsAcrossPagesAndFilters() throws Exception {
    sim.addAccount(SimAccountSpec.of("a-1", "okta", "acme").users(1));
    sim.addAccount(SimAccountSpec.of("a-2", "slack", "acme").users(1));
    sim.addAccount(
        SimAccountSpec.of("a-3", "slack", "globex").users(1).state(SimAccountState.NEEDS_REAUTH));

    assertThat(client.discoverAccounts(DiscoveryFilter.all()))
        .extracting(IntegratedAccount::getId)
        .containsExactlyInAnyOrder("a-1", "a-2", "a-3");
    assertThat(client.discoverAccounts(new DiscoveryFilter(List.of("slack"), List.of(), List.of())))
        .extracting(IntegratedAccount::getId)
        .containsExactlyInAnyOrder("a-2", "a-3");
    assertThat(
            client.discoverAccounts(
                new DiscoveryFilter(List.of(), List.of(), List.of("needs_reauth"))))
        .singleElement()
        .satisfies(
            account -> {
              assertThat(account.getId()).isEqualTo("a-3");
              assertThat(account.getEnabled()).as("not active, so not polled").isFalse();
            });
  }
}
