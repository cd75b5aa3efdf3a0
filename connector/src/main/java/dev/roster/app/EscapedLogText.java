package dev.roster.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * The text log format's {@code %escaped(…)}: what it wraps with every character that could end a
 * line or hide text written as an escape. Log lines carry values other people control (a vendor's
 * user id, a record's key, Truto's error text); a user id holding a line break would otherwise
 * print a line of its own that reads as Roster's. One conversion for the whole line, so no call
 * site has to remember. The JSON format needs none: a JSON string cannot hold these unescaped.
 * Stack traces, multi-line by nature, are printed after it, as they are
 * (docs/architecture.md#logging).
 */
public final class EscapedLogText extends CompositeConverter<ILoggingEvent> {

  @Override
  protected String transform(ILoggingEvent event, String in) {
    return escape(in);
  }

  /**
   * {@code text} with line breaks as {@code \n} and {@code \r}, and every other control character,
   * Unicode line or paragraph separator and bidirectional override as {@code \}{@code uXXXX}; tabs
   * stay. The same string when there is nothing to escape.
   */
  static String escape(String text) {
    if (text == null || text.chars().noneMatch(EscapedLogText::needsEscape)) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '\r') {
        escaped.append("\\r");
      } else if (needsEscape(c)) {
        escaped.append(String.format("\\u%04x", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean needsEscape(int c) {
    return c != '\t' && Character.isISOControl(c)
        || c == '\u2028' // line separator
        || c == '\u2029' // paragraph separator
        || c >= '\u202a' && c <= '\u202e' // bidirectional embeddings and overrides
        || c >= '\u2066' && c <= '\u2069'; // bidirectional isolates
  }
}
