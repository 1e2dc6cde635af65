package io.strata.bench.jmh;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.core.table.Block;
import io.strata.core.table.BlockBuilder;
import io.strata.core.table.BlockIterator;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Whole scans of one data block of the table's default shape (as {@link BlockSeekBenchmark}:
 * about 4 KiB of entries, a restart point every 16 keys, internal keys of 16-byte user keys,
 * 100-byte values) through {@link BlockIterator}: {@code backward} is {@code seekToLast} then
 * {@code prev} to the first entry, {@code forward} is {@code seekToFirst} then {@code next} to the
 * end; each step reads the key, as a table scan does. One operation is one pass over the block's
 * {@link #entries()} entries. Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BlockScanBenchmark {
  private Block block;
  private BlockIterator iterator;

  /** Builds the block. */
  @Setup
  public void setUp() throws CorruptionException {
    BlockBuilder builder = new BlockBuilder(BlockSeekBenchmark.RESTART_INTERVAL,
        BlockSeekBenchmark.BLOCK_BYTES + 1024);
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    int n = 0;
    while (builder.currentSizeEstimate() < BlockSeekBenchmark.BLOCK_BYTES) {
      builder.add(InternalKeys.encode(BenchData.key(n), 1000 + n, ValueType.VALUE),
          BenchData.value(BlockSeekBenchmark.VALUE_BYTES, random));
      n++;
    }
    block = Block.of(builder.finishToArray());
    iterator = new BlockIterator(block, BenchData.ICMP);
  }

  /** Entries in the built block. */
  int entries() throws CorruptionException {
    int n = 0;
    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
      n++;
    }
    return n;
  }

  /** A backward pass over the block, reading each key; returns the entries passed. */
  @Benchmark
  public int backward(Blackhole bh) throws CorruptionException {
    int n = 0;
    for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
      bh.consume(iterator.key());
      n++;
    }
    return n;
  }

  /** A forward pass over the block, reading each key; returns the entries passed. */
  @Benchmark
  public int forward(Blackhole bh) throws CorruptionException {
    int n = 0;
    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
      bh.consume(iterator.key());
      n++;
    }
    return n;
  }
}
