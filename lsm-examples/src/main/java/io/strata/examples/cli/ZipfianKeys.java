package io.strata.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Key indexes in [0, n) drawn from a Zipfian distribution (Gray et al., "Quickly Generating
 * Billion-Record Synthetic Databases", SIGMOD 1994, the generator YCSB's {@code
 * ZipfianGenerator} uses), constant 0.99 as YCSB's, then scrambled by a multiplicative hash so
 * that the hot indexes are spread over the key space rather than packed at its start (as YCSB's
 * {@code ScrambledZipfianGenerator}). Draws from a {@link BenchRandom}, so a seed replays a run.
 * Building one sums n terms (zeta(n)): O(n) time, once per workload thread. Not thread-safe.
 */
final class ZipfianKeys {
  /** YCSB's default Zipfian constant. */
  static final double THETA = 0.99;

  private final int n;
  private final double zetaN;
  private final double alpha;
  private final double eta;
  private final double halfPowTheta;
  private final BenchRandom random;

  /**
   * @param n the number of keys, >= 1
   * @param random where the uniform draws come from
   * @throws IllegalArgumentException if {@code n < 1}
   */
  ZipfianKeys(int n, BenchRandom random) {
    checkArgument(n >= 1, "n must be >= 1, was %s", n);
    this.n = n;
    this.random = random;
    double zeta = 0;
    for (int i = 1; i <= n; i++) {
      zeta += 1 / Math.pow(i, THETA);
    }
    this.zetaN = zeta;
    double zeta2 = 1 + 1 / Math.pow(2, THETA);
    this.alpha = 1 / (1 - THETA);
    this.eta = (1 - Math.pow(2.0 / n, 1 - THETA)) / (1 - zeta2 / zetaN);
    this.halfPowTheta = Math.pow(0.5, THETA);
  }

  /** {@return the next key index, in [0, n)} */
  int next() {
    double u = (random.next() - 1) / 2147483646.0; // [0, 1)
    double uz = u * zetaN;
    long rank;
    if (uz < 1) {
      rank = 0;
    } else if (uz < 1 + halfPowTheta) {
      rank = 1;
    } else {
      rank = (long) (n * Math.pow(eta * u - eta + 1, alpha));
    }
    rank = Math.min(rank, n - 1);
    // Scramble: a multiplicative hash of the rank, reduced to [0, n).
    long h = (rank + 1) * 0x9E3779B97F4A7C15L;
    return (int) Long.remainderUnsigned(h ^ (h >>> 29), n);
  }
}
