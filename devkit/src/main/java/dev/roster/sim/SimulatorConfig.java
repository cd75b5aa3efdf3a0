package dev.roster.sim;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * How to run a {@link TrutoSimulator}. Build with {@link #builder()}; every setting has a default.
 *
 * @param host address to listen on: the loopback address unless told otherwise (a container needs
 *     0.0.0.0 so that other containers reach it)
 * @param port port; 0 picks a free one (see {@link TrutoSimulator#baseUrl()})
 * @param apiToken the only bearer token accepted
 * @param seed seeds all generated data and churn; the same seed gives the same world
 * @param accountBudget requests per window per integrated account (Truto: 50 / 10 s)
 * @param tokenBudget requests per window for the token (Truto: 500 / 10 s)
 * @param retryAfterFormat how {@code Retry-After} and {@code ratelimit-reset} are written
 * @param accountListKey {@code result} (default) or {@code results}: the key of the array in {@code
 *     GET /integrated-account} answers, since one Truto doc page says the latter
 * @param accountPageSize most accounts per {@code GET /integrated-account} page
 * @param partialResponseIntegrations integrations whose list items are partial
 * @param requestLogCapacity most requests {@link TrutoSimulator#requests()} keeps
 * @param truthCapacity most changes {@link TrutoSimulator#truth()} keeps
 * @param environmentId reported as every account's {@code environment_id}
 * @param clock the time churn stamps changes with
 */
public record SimulatorConfig(
    String host,
    int port,
    String apiToken,
    long seed,
    RateBudget accountBudget,
    RateBudget tokenBudget,
    RetryAfterFormat retryAfterFormat,
    String accountListKey,
    int accountPageSize,
    Set<String> partialResponseIntegrations,
    int requestLogCapacity,
    int truthCapacity,
    String environmentId,
    Clock clock) {

  /** How waiting times are written in rate-limit headers. */
  public enum RetryAfterFormat {
    /** Whole seconds, rounded up, at least 1: what HTTP and Truto use. */
    WHOLE_SECONDS,
    /**
     * Seconds with millisecond decimals (e.g. {@code 0.250}), for tests with sub-second windows.
     */
    FRACTIONAL_SECONDS
  }

  public SimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiToken, "apiToken");
    Objects.requireNonNull(accountBudget, "accountBudget");
    Objects.requireNonNull(tokenBudget, "tokenBudget");
    Objects.requireNonNull(retryAfterFormat, "retryAfterFormat");
    Objects.requireNonNull(environmentId, "environmentId");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (apiToken.isBlank()) {
      throw new IllegalArgumentException("apiToken must not be blank");
    }
    if (!"result".equals(accountListKey) && !"results".equals(accountListKey)) {
      throw new IllegalArgumentException(
          "accountListKey must be result or results, was " + accountListKey);
    }
    if (accountPageSize < 1 || requestLogCapacity < 1 || truthCapacity < 1) {
      throw new IllegalArgumentException("page size and capacities must be positive");
    }
    partialResponseIntegrations = Set.copyOf(partialResponseIntegrations);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Without the token: even a simulator's token is a secret in a log line someone copies. */
  @Override
  public String toString() {
    return "SimulatorConfig[host="
        + host
        + ", port="
        + port
        + ", apiToken=****, seed="
        + seed
        + ", accountBudget="
        + accountBudget
        + ", tokenBudget="
        + tokenBudget
        + ", retryAfterFormat="
        + retryAfterFormat
        + ", accountListKey="
        + accountListKey
        + ", accountPageSize="
        + accountPageSize
        + ", partialResponseIntegrations="
        + partialResponseIntegrations
        + ", requestLogCapacity="
        + requestLogCapacity
        + ", truthCapacity="
        + truthCapacity
        + ", environmentId="
        + environmentId
        + ", clock="
        + clock
        + "]";
  }

  /** Defaults: ephemeral port, token {@code sim-token}, seed 42, Truto's documented budgets. */
  public static final class Builder {
    private String host = InetAddress.getLoopbackAddress().getHostAddress();
    private int port;
    private String apiToken = "sim-token";
    private long seed = 42;
    private RateBudget accountBudget = RateBudget.trutoPerAccount();
    private RateBudget tokenBudget = RateBudget.trutoPerToken();
    private RetryAfterFormat retryAfterFormat = RetryAfterFormat.WHOLE_SECONDS;
    private String accountListKey = "result";
    private int accountPageSize = 100;
    private Set<String> partialResponseIntegrations = SimIntegrations.PARTIAL_RESPONSE;
    private int requestLogCapacity = 100_000;
    private int truthCapacity = 100_000;
    private String environmentId = "env_sim";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder apiToken(String value) {
      apiToken = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder accountBudget(RateBudget value) {
      accountBudget = value;
      return this;
    }

    public Builder tokenBudget(RateBudget value) {
      tokenBudget = value;
      return this;
    }

    /** No rate limiting at all: for benchmarks and bulk paging. */
    public Builder unlimited() {
      return accountBudget(RateBudget.unlimited()).tokenBudget(RateBudget.unlimited());
    }

    public Builder retryAfterFormat(RetryAfterFormat value) {
      retryAfterFormat = value;
      return this;
    }

    public Builder accountListKey(String value) {
      accountListKey = value;
      return this;
    }

    public Builder accountPageSize(int value) {
      accountPageSize = value;
      return this;
    }

    public Builder partialResponseIntegrations(Set<String> value) {
      partialResponseIntegrations = value;
      return this;
    }

    public Builder requestLogCapacity(int value) {
      requestLogCapacity = value;
      return this;
    }

    public Builder truthCapacity(int value) {
      truthCapacity = value;
      return this;
    }

    public Builder environmentId(String value) {
      environmentId = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    public SimulatorConfig build() {
      return new SimulatorConfig(
          host,
          port,
          apiToken,
          seed,
          accountBudget,
          tokenBudget,
          retryAfterFormat,
          accountListKey,
          accountPageSize,
          partialResponseIntegrations,
          requestLogCapacity,
          truthCapacity,
          environmentId,
          clock);
    }
  }
}
