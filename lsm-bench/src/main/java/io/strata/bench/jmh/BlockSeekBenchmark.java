package io.strata.bench.jmh;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
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
 * Random seeks in one data block built by {@link BlockBuilder} (the table's default shape: about
 * 4 KiB of entries, a restart point every 16 keys, internal keys of 16-byte user keys, 100-byte
 * values), read through {@link BlockIterator}.
 *
 * <p>{@code seek} repositions one iterator, so the search may start from its current entry as
 * a scan does; {@code newIteratorSeek} builds an iterator per seek, as a table's point lookup does
 * ({@code BlockBasedTable.get}). Each seek targets a present key, in random order. Confined to
 * its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BlockSeekBenchmark {
  /** Block size target in bytes: {@code Options.blockSizeBytes()}'s default. */
  static final int BLOCK_BYTES = 4096;
  /** Keys between restart points: {@code Options.blockRestartInterval()}'s default. */
  static final int RESTART_INTERVAL = 16;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  private Block block;
  private BlockIterator iterator;
  private byte[][] targets;
  private int next;

  /** Builds the block and the seek targets. */
  @Setup
  public void setUp() throws CorruptionException {
    BlockBuilder builder = new BlockBuilder(RESTART_INTERVAL, BLOCK_BYTES + 1024);
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    int n = 0;
    while (builder.currentSizeEstimate() < BLOCK_BYTES) {
      byte[] internalKey =
          InternalKeys.encode(BenchData.key(n * 7L), 1000 + n, ValueType.VALUE);
      builder.add(internalKey, BenchData.value(VALUE_BYTES, random));
      n++;
    }
    block = Block.of(builder.finishToArray());
    iterator = new BlockIterator(block, BenchData.ICMP);
    // A power of two of targets, each present key at least once, in random order.
    int count = Integer.highestOneBit(n - 1) << 2;
    byte[][] sorted = new byte[count][];
    for (int i = 0; i < count; i++) {
      sorted[i] = InternalKeys.encode(BenchData.key((i % n) * 7L), InternalKey.MAX_SEQUENCE,
          ValueType.FOR_SEEK);
    }
    targets = BenchData.shuffled(sorted, BenchData.SEED);
  }

  /** Entries in the built block. */
  int entries() {
    int n = 0;
    try (BlockIterator it = new BlockIterator(block, BenchData.ICMP)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    } catch (CorruptionException e) {
      throw new IllegalStateException(e);
    }
    return n;
  }

  private byte[] nextTarget() {
    byte[] t = targets[next];
    next = (next + 1) & (targets.length - 1);
    return t;
  }

  /** Seeks the one iterator to a random present key. */
  @Benchmark
  public void seek(Blackhole bh) throws CorruptionException {
    iterator.seek(nextTarget());
    bh.consume(iterator.isValid());
  }

  /** Seeks a fresh iterator to a random present key. */
  @Benchmark
  public void newIteratorSeek(Blackhole bh) throws CorruptionException {
    BlockIterator it = new BlockIterator(block, BenchData.ICMP);
    it.seek(nextTarget());
    bh.consume(it.isValid());
  }
}
