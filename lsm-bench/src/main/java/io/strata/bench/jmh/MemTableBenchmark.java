package io.strata.bench.jmh;

import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.core.memtable.SkipListMemTable;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code skiplist} memtable ({@link SkipListMemTable}): insert and point lookup of 16-byte
 * keys with 100-byte or 1 KiB values.
 *
 * <p>{@code insert} fills a fresh memtable with {@value #ENTRIES} entries in random key order, as a
 * write buffer fills between flushes, and reports the time per entry (the fill is {@value
 * #ENTRIES} operations); the values are shared arrays, since the memtable keeps the caller's
 * value without copying. {@code get} looks up random present keys of a memtable holding {@value
 * #ENTRIES} entries; each hit returns a fresh copy of the value, as the engine's read path gets
 * it. Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemTableBenchmark {
  /**
   * Entries per filled memtable: 2^16, which the memtable accounts as 13 MiB with 100-byte values
   * and 75 MiB with 1 KiB ones ({@code approximateMemoryUsageBytes}).
   */
  static final int ENTRIES = 1 << 16;

  /** Bytes of each value. */
  @Param({"100", "1024"})
  public int valueBytes;

  /** Entries used; {@value #ENTRIES} but in the smoke test, which lowers it. A power of two. */
  int entries = ENTRIES;

  private byte[][] insertKeys;
  private byte[][] values;
  private SkipListMemTable filled;
  private int next;
  private final GetResult result = new GetResult();

  /** Generates the keys and values and fills the memtable that {@link #get} reads. */
  @Setup
  public void setUp() {
    insertKeys = BenchData.shuffled(BenchData.sortedKeys(entries, 1), BenchData.SEED);
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    values = new byte[64][];
    for (int i = 0; i < values.length; i++) {
      values[i] = BenchData.value(valueBytes, random);
    }
    filled = fill();
  }

  private SkipListMemTable fill() {
    SkipListMemTable mem = new SkipListMemTable(BenchData.ICMP);
    long sequence = 1;
    for (byte[] key : insertKeys) {
      mem.add(sequence, ValueType.VALUE, key, values[(int) (sequence & 63)]);
      sequence++;
    }
    return mem;
  }

  /** Fills a fresh memtable with {@value #ENTRIES} entries in random key order. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public SkipListMemTable insert() {
    return fill();
  }

  /** Looks up one present key, in a random order that repeats every {@value #ENTRIES} lookups. */
  @Benchmark
  public void get(Blackhole bh) {
    // The insertion order is random: reading it again visits the keys at random.
    byte[] key = insertKeys[next];
    next = (next + 1) & (entries - 1);
    result.reset();
    bh.consume(filled.get(key, InternalKey.MAX_SEQUENCE, result));
    bh.consume(result.value());
  }
}
