package dev.roster.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names judged by their text alone, never by a DNS lookup (which an attacker may answer):
 * which are loopback, which are IP literals. Used where a secret may travel (plain http:// to
 * loopback only) and where a request may be answered without a token (the ops server's Host check).
 */
public final class HostNames {

  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4_LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\." + OCTET + "){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private HostNames() {}

  /** localhost, or an IP literal of the loopback interface (127.0.0.0/8, ::1, [::1]). */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String name = unbracketed(host);
    if (name.toLowerCase(Locale.ROOT).equals("localhost")
        || IPV4_LOOPBACK.matcher(name).matches()) {
      return true;
    }
    return isIpv6Literal(name) && ipv6(name).isLoopbackAddress();
  }

  /**
   * An IPv4 address in dotted-quad form or an IPv6 address, bracketed or not: a name no DNS answer
   * can move.
   */
  public static boolean isIpLiteral(String host) {
    if (host == null) {
      return false;
    }
    String name = unbracketed(host);
    return IPV4_LITERAL.matcher(name).matches() || isIpv6Literal(name);
  }

  private static boolean isIpv6Literal(String name) {
    if (!IPV6_LITERAL.matcher(name).matches()) {
      return false;
    }
    try {
      ipv6(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A string with a colon is no host name: the JDK parses it as an IPv6 literal, without a lookup.
   */
  private static InetAddress ipv6(String name) {
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv6 literal", e);
    }
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
