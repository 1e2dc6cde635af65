package io.strata.bench.jmh;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.ValueType;
import io.strata.core.iterator.MergingIterator;
import io.strata.core.memtable.SkipListMemTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code next} of a {@link MergingIterator} over {@code inputs} sorted inputs holding {@value
 * #ENTRIES} entries between them (16-byte keys, 100-byte values), dealt round-robin so that
 * every step moves to another input, the merge's worst case. The inputs are {@code skiplist}
 * memtables, whose iterators cost little and do no I/O, so the score is mostly the merge's own:
 * the heap, its key comparisons, and the calls to the children. At the end the iterator starts
 * again from the first entry (once per {@value #ENTRIES} steps). Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MergingIteratorBenchmark {
  /** Entries over all inputs. */
  static final int ENTRIES = 1 << 17;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  /** Sorted inputs merged. */
  @Param({"2", "8", "32"})
  public int inputs;

  /** Entries used; {@value #ENTRIES} but in the smoke test, which lowers it. A power of two. */
  int entries = ENTRIES;

  private InternalIterator merged;

  /** Fills the inputs and positions the merge at the first entry. */
  @Setup
  public void setUp() throws IOException {
    List<SkipListMemTable> tables = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      tables.add(new SkipListMemTable(BenchData.ICMP));
    }
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    byte[] value = BenchData.value(VALUE_BYTES, random);
    for (int i = 0; i < entries; i++) {
      tables.get(i % inputs).add(i + 1, ValueType.VALUE, BenchData.key(i), value);
    }
    List<InternalIterator> children = new ArrayList<>(inputs);
    for (SkipListMemTable t : tables) {
      children.add(t.newIterator());
    }
    merged = MergingIterator.of(BenchData.ICMP, children);
    merged.seekToFirst();
  }

  /** Closes the merge and its children. */
  @TearDown
  public void tearDown() {
    merged.close();
  }

  /** Steps to the next entry in key order. */
  @Benchmark
  public void next(Blackhole bh) throws IOException {
    merged.next();
    if (!merged.isValid()) {
      merged.seekToFirst();
    }
    bh.consume(merged.key());
  }
}
