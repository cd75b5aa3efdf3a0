package dev.roster.truto;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a 64-bit hash keyed with 128 secret bits, built so
 * that whoever does not know the key cannot find two inputs that collide, however they choose them.
 * Checked against the reference implementation's test vectors (SipHash24Test). No library on
 * Roster's classpath has it (Guava is only an optional dependency of Micrometer), and it is short.
 */
public final class SipHash24 {

  private final long k0;
  private final long k1;

  /**
   * @param k0 the key's first 8 bytes, read little-endian; @param k1 its last 8
   */
  public SipHash24(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  public long hash(byte[] data) {
    State state = new State(k0, k1);
    int whole = data.length & ~7;
    for (int offset = 0; offset < whole; offset += 8) {
      state.compress(littleEndian(data, offset, 8));
    }
    state.compress(((long) data.length << 56) | littleEndian(data, whole, data.length - whole));
    return state.finish();
  }

  /** The four words of internal state, and the rounds that mix them. */
  private static final class State {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    State(long k0, long k1) {
      v0 = k0 ^ 0x736f6d6570736575L;
      v1 = k1 ^ 0x646f72616e646f6dL;
      v2 = k0 ^ 0x6c7967656e657261L;
      v3 = k1 ^ 0x7465646279746573L;
    }

    /** Absorbs one 8-byte word with two rounds: the "2" of SipHash-2-4. */
    void compress(long word) {
      v3 ^= word;
      rounds(2);
      v0 ^= word;
    }

    /** Four finalisation rounds: the "4". */
    long finish() {
      v2 ^= 0xff;
      rounds(4);
      return v0 ^ v1 ^ v2 ^ v3;
    }

    private void rounds(int count) {
      for (int round = 0; round < count; round++) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13);
        v1 ^= v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17);
        v1 ^= v2;
        v2 = Long.rotateLeft(v2, 32);
      }
    }
  }

  /** {@code length} (0 to 8) bytes from {@code offset} as a little-endian number. */
  private static long littleEndian(byte[] data, int offset, int length) {
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (data[offset + i] & 0xffL);
    }
    return value;
  }
}
