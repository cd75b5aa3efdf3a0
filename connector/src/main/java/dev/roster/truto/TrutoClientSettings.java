package dev.roster.truto;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the Truto client needs to know.
 *
 * @param baseUrl https://api.truto.one, or the simulator
 * @param apiToken the environment's API token
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout time for one whole request, body included (Truto's SDK uses 30 s)
 * @param pageSize the {@code limit} asked for; Truto treats it as "up to"
 * @param perAccount request budget per integrated account
 * @param perToken request budget for the API token across all accounts
 * @param retry retry and backoff policy
 * @param partialResponseIntegrations integrations whose list items are partial and need a get per
 *     user
 * @param getConcurrency gets in flight at once for one poll of a partial-response integration
 * @param mapping how JSON users are mapped (string caps, remote_data)
 * @param maxResponseBytes the largest response body read, in bytes; a larger one fails its call
 * @param listingLimits how far one listing may go before its pagination is taken for endless
 */
public record TrutoClientSettings(
    URI baseUrl,
    ApiToken apiToken,
    Duration connectTimeout,
    Duration requestTimeout,
    int pageSize,
    RequestBudget perAccount,
    RequestBudget perToken,
    RetrySettings retry,
    Set<String> partialResponseIntegrations,
    int getConcurrency,
    MappingSettings mapping,
    int maxResponseBytes,
    ListingLimits listingLimits) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.truto.one");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int DEFAULT_GET_CONCURRENCY = 4;

  /**
   * 16 MiB: more than twice a list page of 100 users (the default page size) who each carry the
   * most remote_data Roster keeps (64 KiB, see MappingSettings); Truto's pages are far smaller.
   */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 << 20;

  /**
   * The configuration key of {@link #maxResponseBytes}, which the error of an oversized response
   * names.
   */
  public static final String MAX_RESPONSE_BYTES_KEY = "truto.max-response-bytes";

  /**
   * Truto's partial-response integrations for the user-directory API, as its documentation listed
   * them in 2026. Truto adds integrations over time, so this is only the default.
   */
  public static final Set<String> DEFAULT_PARTIAL_RESPONSE_INTEGRATIONS =
      Set.of(
          "adobemarketoengage",
          "marketo",
          "asana",
          "calendly",
          "confluence",
          "datadog",
          "dropbox",
          "freshdesk",
          "github",
          "hubspot",
          "jira",
          "okta",
          "outreach",
          "pagerduty",
          "salesforce");

  public TrutoClientSettings {
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    if (getConcurrency < 1) {
      throw new IllegalArgumentException("getConcurrency must be positive, got " + getConcurrency);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException(
          "maxResponseBytes must be positive, got " + maxResponseBytes);
    }
    partialResponseIntegrations =
        partialResponseIntegrations.stream()
            .map(TrutoClientSettings::normalise)
            .collect(Collectors.toUnmodifiableSet());
  }

  public static TrutoClientSettings defaults(URI baseUrl, ApiToken apiToken) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        DEFAULT_TIMEOUT,
        DEFAULT_TIMEOUT,
        DEFAULT_PAGE_SIZE,
        RequestBudget.TRUTO_PER_ACCOUNT,
        RequestBudget.TRUTO_PER_TOKEN,
        RetrySettings.DEFAULTS,
        DEFAULT_PARTIAL_RESPONSE_INTEGRATIONS,
        DEFAULT_GET_CONCURRENCY,
        MappingSettings.defaults(),
        DEFAULT_MAX_RESPONSE_BYTES,
        ListingLimits.DEFAULTS);
  }

  /** The bounds of one list page asked for with {@link #pageSize}, or of one get's body. */
  public PageBounds pageBounds() {
    return PageBounds.of(pageSize, maxResponseBytes);
  }

  public boolean isPartialResponse(String integration) {
    return partialResponseIntegrations.contains(normalise(integration));
  }

  /**
   * Integration names compare without case, spaces, dashes or underscores ("Adobe Marketo Engage").
   */
  static String normalise(String integration) {
    return integration.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
  }

  public TrutoClientSettings withBudgets(RequestBudget account, RequestBudget token) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        pageSize,
        account,
        token,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxResponseBytes,
        listingLimits);
  }

  public TrutoClientSettings withRetry(RetrySettings newRetry) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        pageSize,
        perAccount,
        perToken,
        newRetry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxResponseBytes,
        listingLimits);
  }

  public TrutoClientSettings withTimeouts(Duration connect, Duration request) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connect,
        request,
        pageSize,
        perAccount,
        perToken,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxResponseBytes,
        listingLimits);
  }

  public TrutoClientSettings withPageSize(int size) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        size,
        perAccount,
        perToken,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxResponseBytes,
        listingLimits);
  }

  public TrutoClientSettings withMapping(MappingSettings newMapping) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        pageSize,
        perAccount,
        perToken,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        newMapping,
        maxResponseBytes,
        listingLimits);
  }

  public TrutoClientSettings withMaxResponseBytes(int maxBytes) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        pageSize,
        perAccount,
        perToken,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxBytes,
        listingLimits);
  }

  public TrutoClientSettings withListingLimits(ListingLimits limits) {
    return new TrutoClientSettings(
        baseUrl,
        apiToken,
        connectTimeout,
        requestTimeout,
        pageSize,
        perAccount,
        perToken,
        retry,
        partialResponseIntegrations,
        getConcurrency,
        mapping,
        maxResponseBytes,
        limits);
  }
}
