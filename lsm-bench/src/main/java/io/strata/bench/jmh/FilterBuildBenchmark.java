package io.strata.bench.jmh;

import io.strata.core.table.BloomFilterPolicy;
import io.strata.core.table.FilterBlockBuilder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a table's LevelDB filter block ({@link FilterBlockBuilder} with {@link
 * BloomFilterPolicy} at 10 bits per key) as {@code BlockBasedTableBuilder} does for a table of
 * {@value #KEYS} 16-byte keys: the keys added in order, a new data block announced every
 * {@value #KEYS_PER_BLOCK} keys at the offset a 4 KiB block of 100-byte values would have, so
 * that a filter is made for each 2 KiB of offsets. The score is per key added. Confined to its
 * benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FilterBuildBenchmark {
  /** Keys of the table. */
  static final int KEYS = 1 << 14;
  /** Keys of each data block: about 4 KiB of entries of a 16-byte key and a 100-byte value. */
  static final int KEYS_PER_BLOCK = 34;
  /** Bytes between the starts of two data blocks, trailer included. */
  static final int BLOCK_STRIDE_BYTES = 4096 + 5;

  private final BloomFilterPolicy policy = new BloomFilterPolicy(10);
  private byte[][] keys;

  /** Makes the keys, in order. */
  @Setup
  public void setUp() {
    keys = BenchData.sortedKeys(KEYS, 1);
  }

  /**
   * Builds the filter block of every key.
   *
   * @return the block's length in bytes
   */
  @Benchmark
  @OperationsPerInvocation(KEYS)
  public int build() {
    FilterBlockBuilder builder = new FilterBlockBuilder(policy);
    builder.startBlock(0);
    long offset = 0;
    for (int i = 0; i < KEYS; i++) {
      if (i > 0 && i % KEYS_PER_BLOCK == 0) {
        offset += BLOCK_STRIDE_BYTES;
        builder.startBlock(offset);
      }
      byte[] key = keys[i];
      builder.addKey(key, 0, key.length);
    }
    return builder.finish().length;
  }
}
