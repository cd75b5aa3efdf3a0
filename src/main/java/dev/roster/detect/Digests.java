package dev.roster.detect;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hashes the detector needs, over canonical bytes. */
final class Digests {

  private Digests() {}

  /** The first 8 bytes of SHA-256, big-endian: a 64-bit fingerprint with negligible accidental collisions. */
  static long sha256Prefix(CanonicalValue value) {
    return ByteBuffer.wrap(digest("SHA-256", value.bytes())).getLong();
  }

  private static byte[] digest(String algorithm, byte[] input) {
    try {
      return MessageDigest.getInstance(algorithm).digest(input);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-1 and SHA-256.
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
  }
}
