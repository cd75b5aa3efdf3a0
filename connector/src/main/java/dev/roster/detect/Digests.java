package dev.roster.detect;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** The two hashes the detector needs, over canonical bytes. */
final class Digests {

  private Digests() {}

  /**
   * The first 8 bytes of SHA-256, big-endian: a 64-bit fingerprint with negligible accidental
   * collisions.
   */
  static long sha256Prefix(CanonicalValue value) {
    return ByteBuffer.wrap(digest("SHA-256", value.bytes())).getLong();
  }

  /** A name-based UUID as RFC 9562 version 5 defines it: SHA-1 over the namespace and the name. */
  static UUID nameBasedUuid(UUID namespace, CanonicalValue name) {
    byte[] input =
        ByteBuffer.allocate(16 + name.bytes().length)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .put(name.bytes())
            .array();
    ByteBuffer hash = ByteBuffer.wrap(digest("SHA-1", input));
    long most = (hash.getLong() & ~0xF000L) | 0x5000L; // version 5
    long least = (hash.getLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(most, least);
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
