package io.strata.examples.cli;

/**
 * The "minimal standard" Lehmer generator (Park and Miller, 1988): {@code seed = seed * 16807 mod
 * (2^31 - 1)}, the generator LevelDB's {@code util/random.h} and so db_bench use. Using the same one
 * makes a run with the same seed visit the same keys in the same order as db_bench.
 *
 * <p>Not thread-safe: one per benchmark thread.
 */
public final class BenchRandom {
  private static final long MODULUS = 2147483647L; // 2^31 - 1, a Mersenne prime
  private static final long MULTIPLIER = 16807L; // 7^5, a primitive root of MODULUS

  private long seed;

  /** Uses the low 31 bits of {@code seed}; 0 and 2^31 - 1 (fixed points) are replaced by 1. */
  public BenchRandom(long seed) {
    this.seed = seed & 0x7fffffffL;
    if (this.seed == 0 || this.seed == MODULUS) {
      this.seed = 1;
    }
  }

  /** The next value, in [1, 2^31 - 2]. */
  public int next() {
    long product = seed * MULTIPLIER; // < 2^46, no overflow
    // product mod (2^31 - 1) without a division: 2^31 is 1 modulo 2^31 - 1.
    long folded = (product >>> 31) + (product & MODULUS);
    if (folded > MODULUS) {
      folded -= MODULUS;
    }
    seed = folded;
    return (int) folded;
  }

  /** A value in [0, n), as db_bench draws it ({@code next() % n}); REQUIRES {@code n > 0}. */
  public int uniform(int n) {
    return next() % n;
  }
}
