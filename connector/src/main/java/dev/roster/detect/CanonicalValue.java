package dev.roster.detect;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The canonical bytes of one value, as {@link CanonicalWriter} wrote them; equal exactly when the
 * values are equal under the diff rules. The array is never handed out for writing.
 */
record CanonicalValue(byte[] bytes) {

  @Override
  public boolean equals(Object other) {
    return other instanceof CanonicalValue value && Arrays.equals(bytes, value.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "CanonicalValue[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
