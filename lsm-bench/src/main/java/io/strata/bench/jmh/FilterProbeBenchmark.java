package io.strata.bench.jmh;

import io.strata.core.table.BloomFilterPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Probes of a bloom filter at 10 bits per key ({@link BloomFilterPolicy}, LevelDB's filter, as a
 * table's filter block holds it), over {@value #KEYS} 16-byte keys: {@code hit} asks about keys
 * in the set, {@code miss} about keys not in it (a miss returns early at the first clear bit; a
 * false positive, about 1% of misses, pays every probe). The whole-table filter that a table's
 * lookup asks first is measured through {@link TableGetBenchmark#getMissing}. Confined to its
 * benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterProbeBenchmark {
  /** Keys in the filter: 10,000 keys make a 12.5 KB filter, resident in the CPU caches. */
  static final int KEYS = 10_000;
  /** Probe keys of each kind, a power of two. */
  static final int PROBES = 1 << 13;

  private BloomFilterPolicy policy;
  private byte[] filter;
  private byte[][] present;
  private byte[][] absent;
  private int next;

  /** Builds the filter and the probe keys. */
  @Setup
  public void setUp() {
    policy = new BloomFilterPolicy(10);
    List<byte[]> keys = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      keys.add(BenchData.key(2L * i)); // even indices: odd ones are certainly absent
    }
    filter = policy.createFilter(keys);
    byte[][] in = new byte[PROBES][];
    byte[][] out = new byte[PROBES][];
    for (int i = 0; i < PROBES; i++) {
      in[i] = keys.get(i % KEYS);
      out[i] = BenchData.key(2L * (i % KEYS) + 1);
    }
    present = BenchData.shuffled(in, BenchData.SEED);
    absent = BenchData.shuffled(out, BenchData.SEED + 1);
  }

  /** Asks about a key in the set; always true. */
  @Benchmark
  public boolean hit() {
    byte[] key = present[next];
    next = (next + 1) & (PROBES - 1);
    return policy.keyMayMatch(key, filter, 0, filter.length);
  }

  /** Asks about a key not in the set; false but for false positives. */
  @Benchmark
  public boolean miss() {
    byte[] key = absent[next];
    next = (next + 1) & (PROBES - 1);
    return policy.keyMayMatch(key, filter, 0, filter.length);
  }
}
