package dev.roster.ops;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the ops server listens and who may read what (docs/architecture.md#ops-access).
 *
 * @param address host and port ({@code ops.host}, {@code ops.port}); port 0 picks a free one
 * @param statusPageToken when present, {@code /} answers 401 without it ({@code ops.auth-token})
 * @param metricsToken when present, {@code /metrics} answers 401 without it ({@code
 *     ops.metrics-token})
 */
public record OpsSettings(
    InetSocketAddress address,
    Optional<BearerToken> statusPageToken,
    Optional<BearerToken> metricsToken) {

  public OpsSettings {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(statusPageToken, "statusPageToken");
    Objects.requireNonNull(metricsToken, "metricsToken");
  }

  /**
   * No token, e.g. the demo and the tests on loopback; requests are still answered only for a Host
   * that cannot be a rebound name.
   */
  public static OpsSettings open(InetSocketAddress address) {
    return new OpsSettings(address, Optional.empty(), Optional.empty());
  }

  /** The host the server was told to listen on, as given: a name it answers to. */
  String configuredHost() {
    return address.getHostString();
  }
}
