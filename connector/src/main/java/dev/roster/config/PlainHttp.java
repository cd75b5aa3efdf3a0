package dev.roster.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a secret may travel over plain {@code http://}: to this machine's loopback interface only
 * (127.0.0.0/8, ::1, localhost), which no network sees; the demo and the tests live there. Anywhere
 * else a secret in clear text can be read on the way, so it needs https:// or an explicit,
 * documented exception.
 */
final class PlainHttp {

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private PlainHttp() {}

  /** Whether a secret sent to {@code url} would cross a network unencrypted. */
  static boolean exposesSecretsTo(URI url) {
    return "http".equalsIgnoreCase(url.getScheme()) && !isLoopback(url.getHost());
  }

  /**
   * Judged by the name alone, never by a DNS lookup (which an attacker may answer): localhost, or
   * an IP literal of the loopback interface.
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (name.toLowerCase(Locale.ROOT).equals("localhost")
        || IPV4_LOOPBACK.matcher(name).matches()) {
      return true;
    }
    if (!IPV6_LITERAL.matcher(name).matches()) {
      return false;
    }
    try {
      // A string with a colon is no host name: the JDK parses it as an IPv6 literal, without a
      // lookup.
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
