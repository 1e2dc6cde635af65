package io.strata.examples.cli;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Benchmark values as db_bench makes them: slices of a pool of at least 1 MiB built from 100-byte
 * pieces, each piece a run of random printable characters ({@code ' '..'~'}) of length
 * {@code 100 * compressionRatio}, repeated until the piece is full. A compressor that finds the
 * repetition (Snappy, LZ4) shrinks each piece, and so each value, to about the ratio. The pool is
 * larger than a compressor's window (32 KiB), so values do not compress against each other.
 *
 * <p>A {@link Pool} is immutable and shared by every thread; a generator, a cursor into it, is
 * confined to one thread. Each workload of each thread starts a new cursor at the pool's start, as
 * db_bench does, so every run writes the same values.
 */
public final class ValueGenerator {
  private final Pool pool;
  private int pos;

  /** A cursor at the start of {@code pool}. */
  public ValueGenerator(Pool pool) {
    this.pool = pool;
  }

  /**
   * The next {@code length} bytes of the pool, wrapping to its start; a fresh array. REQUIRES
   * {@code 0 <= length <= pool.sizeBytes()}.
   */
  public byte[] generate(int length) {
    if (pos + length > pool.data.length) {
      pos = 0;
    }
    pos += length;
    return Arrays.copyOfRange(pool.data, pos - length, pos);
  }

  /** The immutable pool of value bytes. Thread-safe. */
  public static final class Pool {
    /** The pool is at least this big: beyond any compression window and any value size. */
    public static final int MIN_SIZE_BYTES = 1 << 20;
    /** Size of each compressible piece, as db_bench. */
    static final int PIECE_BYTES = 100;

    private final byte[] data;

    /**
     * Builds the pool from {@code seed} (db_bench uses 301).
     *
     * @param compressionRatio fraction of each piece that is random, in (0, 1]
     * @throws IllegalArgumentException if {@code compressionRatio} is outside (0, 1]
     */
    public Pool(long seed, double compressionRatio) {
      Preconditions.checkArgument(compressionRatio > 0 && compressionRatio <= 1,
          "compressionRatio must be in (0, 1], was %s", compressionRatio);
      BenchRandom random = new BenchRandom(seed);
      int pieces = (MIN_SIZE_BYTES + PIECE_BYTES - 1) / PIECE_BYTES;
      data = new byte[pieces * PIECE_BYTES];
      int raw = Math.max(1, (int) (PIECE_BYTES * compressionRatio));
      for (int p = 0; p < pieces; p++) {
        int base = p * PIECE_BYTES;
        for (int i = 0; i < raw; i++) {
          data[base + i] = (byte) (' ' + random.uniform(95));
        }
        for (int i = raw; i < PIECE_BYTES; i++) {
          data[base + i] = data[base + i % raw];
        }
      }
    }

    /** Pool size in bytes; the longest value is this long. */
    public int sizeBytes() {
      return data.length;
    }
  }
}
