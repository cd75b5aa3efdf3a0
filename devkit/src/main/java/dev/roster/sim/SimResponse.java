package dev.roster.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A response ready to send: status, extra headers, JSON body bytes, and any {@link Padding} to send
 * before them. Endpoints build these; only the router touches the wire. Error bodies have Truto's
 * shape {@code {"statusCode", "error", "message"}} plus whatever {@link #error(int, String,
 * ObjectNode)} adds.
 */
record SimResponse(int status, Map<String, String> headers, byte[] body, Padding padding) {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Whitespace sent before the body ({@link SimFaults#padPage}): JSON allows it, so the page stays
   * valid however large it grows, and it is streamed from one small buffer, so a 48 MB answer costs
   * the simulator no memory.
   */
  record Padding(long bytes, SimFaults.Framing framing) {
    static final Padding NONE = new Padding(0, SimFaults.Framing.CONTENT_LENGTH);
    private static final byte[] SPACES = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);

    Padding {
      Objects.requireNonNull(framing, "framing");
      if (bytes < 0) {
        throw new IllegalArgumentException("padding must not be negative, was " + bytes);
      }
    }

    void writeTo(OutputStream out) throws IOException {
      for (long left = bytes; left > 0; left -= SPACES.length) {
        out.write(SPACES, 0, (int) Math.min(left, SPACES.length));
      }
    }
  }

  SimResponse {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(padding, "padding");
  }

  static SimResponse json(int status, JsonNode body) {
    try {
      return new SimResponse(status, Map.of(), MAPPER.writeValueAsBytes(body), Padding.NONE);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SimResponse error(int status, String message) {
    return error(status, message, MAPPER.createObjectNode());
  }

  /** An error whose body also carries every field of {@code extras} (remote flag, insight, ...). */
  static SimResponse error(int status, String message, ObjectNode extras) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("statusCode", status);
    body.put("error", reason(status));
    body.put("message", message);
    body.setAll(extras);
    return json(status, body);
  }

  /** Extras for an error the vendor produced: the remote flag and the vendor's raw answer. */
  static ObjectNode remote(ObjectNode rawResponse) {
    ObjectNode extras = MAPPER.createObjectNode();
    extras.put("truto_is_remote_error", true);
    extras.set("raw_response", rawResponse);
    return extras;
  }

  SimResponse withHeaders(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new SimResponse(status, all, body, padding);
  }

  SimResponse withBody(byte[] newBody) {
    return new SimResponse(status, headers, newBody, padding);
  }

  /**
   * This list page with {@code rawItems} as the first items of its list ({@code result}, or the
   * accounts' {@code results}), which must be the body's first field.
   */
  SimResponse withItemsFirst(byte[] rawItems) {
    int listStart = -1;
    for (int i = 2; i < Math.min(body.length - 2, 16); i++) {
      if (body[0] == '{'
          && body[1] == '"'
          && body[i] == '"'
          && body[i + 1] == ':'
          && body[i + 2] == '[') {
        listStart = i + 3;
        break;
      }
    }
    if (listStart < 0) {
      throw new IllegalStateException("a list page must start with its list");
    }
    boolean empty = body[listStart] == ']';
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + rawItems.length + 1);
    out.write(body, 0, listStart);
    out.writeBytes(rawItems);
    if (!empty) {
      out.write(',');
    }
    out.write(body, listStart, body.length - listStart);
    return withBody(out.toByteArray());
  }

  SimResponse withPadding(Padding newPadding) {
    return new SimResponse(status, headers, body, newPadding);
  }

  static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return status >= 500 ? "Server Error" : "Error";
    }
  }
}
