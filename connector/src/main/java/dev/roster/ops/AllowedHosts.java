package dev.roster.ops;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code Host} a request answered without a token may name: the defence against DNS
 * rebinding, in which a page of the attacker's domain, once that name resolves to this server,
 * reads it as its own origin. Such a request always names the attacker's domain; so admitted are
 * localhost, any IP literal (no DNS answer can make an address name another server; a kubelet
 * probes with the pod's IP, Prometheus' pod discovery scrapes podIP:port), the host Roster is
 * configured to listen on ({@code ops.host}), and a request without a Host (HTTP/1.0 tools; never a
 * browser). Every other name is refused (docs/architecture.md#ops-access).
 *
 * @param configuredHost {@code ops.host} as given
 */
record AllowedHosts(String configuredHost) {

  /** host, [v6] or host:port, [v6]:port */
  private static final Pattern AUTHORITY =
      Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*)(:\\d{0,5})?");

  boolean admits(Optional<String> hostHeader) {
    if (hostHeader.isEmpty() || hostHeader.get().isBlank()) {
      return true;
    }
    Matcher authority = AUTHORITY.matcher(hostHeader.get().strip());
    if (!authority.matches()) {
      return false;
    }
    String host = normalized(authority.group(1));
    return host.equals("localhost")
        || HostNames.isIpLiteral(host)
        || host.equals(normalized(configuredHost));
  }

  /** Lower case, without the trailing dot of a fully qualified name. */
  private static String normalized(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
