package dev.roster.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the registry is and how to talk to it.
 *
 * @param urls one or more base URLs (Confluent's {@code schema.registry.url} accepts a
 *     comma-separated list); tried in order when one cannot be reached
 * @param basicAuthUserInfo {@code user:secret}, as Confluent Cloud's API keys are given; never
 *     logged
 * @param connectTimeout TCP/TLS connect timeout per attempt
 * @param requestTimeout time allowed for one whole request
 * @param startupWait how long an instance starting up waits for a registry that is unreachable or
 *     answers 5xx before it gives up (see the connector's {@code RegistryStartup})
 */
public record RegistryClientConfig(
    List<URI> urls,
    Optional<String> basicAuthUserInfo,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration startupWait) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STARTUP_WAIT = Duration.ofMinutes(5);

  public RegistryClientConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("At least one schema registry URL is needed");
    }
    Objects.requireNonNull(basicAuthUserInfo, "basicAuthUserInfo");
    Objects.requireNonNull(startupWait, "startupWait");
    basicAuthUserInfo.ifPresent(
        userInfo -> {
          if (!userInfo.contains(":")) {
            throw new IllegalArgumentException(
                "Schema registry basic auth user info must have the form user:secret");
          }
        });
  }

  /** A comma-separated list of URLs, no auth, default timeouts. */
  public static RegistryClientConfig of(String urls) {
    return new RegistryClientConfig(
        parseUrls(urls),
        Optional.empty(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_STARTUP_WAIT);
  }

  public RegistryClientConfig withBasicAuth(String userInfo) {
    return new RegistryClientConfig(
        urls, Optional.of(userInfo), connectTimeout, requestTimeout, startupWait);
  }

  public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
    return new RegistryClientConfig(urls, basicAuthUserInfo, connect, request, startupWait);
  }

  public RegistryClientConfig withStartupWait(Duration wait) {
    return new RegistryClientConfig(urls, basicAuthUserInfo, connectTimeout, requestTimeout, wait);
  }

  /**
   * Refuses credentials inside a URL ({@code https://user:secret@host}): a URL is shown in logs,
   * errors and on the status page, so credentials belong in {@link #basicAuthUserInfo} alone. No
   * message repeats what came before the {@code @}.
   */
  static List<URI> parseUrls(String urls) {
    List<URI> parsed = new ArrayList<>();
    for (String url : urls.split(",")) {
      String trimmed = url.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int at = trimmed.lastIndexOf('@');
      if (at >= 0) {
        throw new IllegalArgumentException(
            "Schema registry URL '..."
                + trimmed.substring(at)
                + "' must not carry credentials"
                + " (user:secret@): give them as the basic auth user info (schema.registry.basic.auth.user.info)");
      }
      URI uri;
      try {
        uri = new URI(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "Schema registry URL '" + trimmed + "' is not a URL: " + e.getReason());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "Schema registry URL '" + uri + "' must be http:// or https:// with a host");
      }
      parsed.add(uri);
    }
    return parsed;
  }

  /** Keeps the secret out of logs and exception messages. */
  @Override
  public String toString() {
    return "RegistryClientConfig[urls="
        + urls
        + ", basicAuth="
        + (basicAuthUserInfo.isPresent() ? "****" : "none")
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", startupWait="
        + startupWait
        + "]";
  }
}
