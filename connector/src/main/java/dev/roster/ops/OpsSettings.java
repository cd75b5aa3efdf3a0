package dev.roster.ops;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the ops server listens and who may read its status page.
 *
 * @param address host and port ({@code ops.host}, {@code ops.port}); port 0 picks a free one
 * @param statusPageToken when present, {@code /} answers 401 without it; {@code /health/*} and
 *     {@code /metrics} stay open for probes and Prometheus
 */
public record OpsSettings(InetSocketAddress address, Optional<BearerToken> statusPageToken) {

  public OpsSettings {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(statusPageToken, "statusPageToken");
  }

  /** Everything open, e.g. the demo on loopback. */
  public static OpsSettings open(InetSocketAddress address) {
    return new OpsSettings(address, Optional.empty());
  }
}
