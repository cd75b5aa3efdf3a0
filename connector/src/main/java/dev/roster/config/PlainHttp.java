package dev.roster.config;

import dev.roster.ops.HostNames;
import java.net.URI;

/**
 * Where a secret may travel over plain {@code http://}: to this machine's loopback interface only
 * (127.0.0.0/8, ::1, localhost), which no network sees; the demo and the tests live there. Anywhere
 * else a secret in clear text can be read on the way, so it needs https:// or an explicit,
 * documented exception.
 */
final class PlainHttp {

  private PlainHttp() {}

  /** Whether a secret sent to {@code url} would cross a network unencrypted. */
  static boolean exposesSecretsTo(URI url) {
    return "http".equalsIgnoreCase(url.getScheme()) && !HostNames.isLoopback(url.getHost());
  }
}
