package io.strata.examples.cli;

/**
 * db_bench's keys: the key index as 16 decimal digits with leading zeros ({@code %016d}), written
 * straight into bytes because a {@code String.format} per operation would cost more than the
 * operation being measured.
 */
public final class BenchKeys {
  /** Key length in bytes. */
  public static final int KEY_BYTES = 16;

  private BenchKeys() {}

  /** Writes index {@code k} (>= 0) into {@code dst[0..16)}. */
  public static void format(int k, byte[] dst) {
    int v = k;
    for (int i = KEY_BYTES - 1; i >= 0; i--) {
      dst[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

  /** A new array holding the key of index {@code k} (>= 0). */
  public static byte[] key(int k) {
    byte[] key = new byte[KEY_BYTES];
    format(k, key);
    return key;
  }
}
