package io.strata.bench.jmh;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.Statistics;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full compaction through the engine: {@link Db#compactRange compactRange(null, null)} of a
 * database whose data, {@value #ENTRIES} entries of 16-byte keys and 100-byte values (about 30
 * MB, uncompressed, bloom filter at 10 bits per key) written in random key order, sits in
 * {@value #L0_FILES} overlapping level-0 tables. Strategy {@code leveled}, with its level-0
 * trigger raised so that nothing compacts before the measured call.
 *
 * <p>The database is built once per trial; before each invocation a copy of it is opened (the
 * copy and the open are not measured), and after it the copy is closed and deleted. The primary
 * score is compactions per second; the auxiliary counter {@code inputMB} is the megabytes
 * (10^6 bytes) of tables the compaction read per second, from {@link
 * Statistics#compactionBytesRead()}: the merge throughput in MB/s. The call moves the range to
 * level 1, then on to level 2, so it reads each byte twice. Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CompactionBenchmark {
  /** Entries written, a power of two. */
  static final int ENTRIES = 1 << 18;
  /** Level-0 tables the entries are flushed into. */
  static final int L0_FILES = 4;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;
  /** Puts per write of the fill. */
  private static final int FILL_BATCH = 1024;

  /**
   * The megabytes of tables compacted, reported per second: JMH divides an auxiliary counter of
   * type OPERATIONS by the measured time.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    /** Megabytes (10^6 bytes) of tables read by the compactions of this iteration. */
    public double inputMB;

    /** Starts an iteration's count at 0. */
    @Setup(Level.Iteration)
    public void reset() {
      inputMB = 0;
    }
  }

  /** Entries used; {@value #ENTRIES} but in the smoke test, which lowers it. A power of two. */
  int entries = ENTRIES;

  private Path pristine;
  private Path copy;
  private Db db;

  static Options options() {
    return Options.builder()
        .compression(CompressionType.NONE)
        .writeBufferSizeBytes(256L << 20) // only the explicit flushes make tables
        .compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "100")
        .strategyOption("l0_slowdown_writes_trigger", "200")
        .strategyOption("l0_stop_writes_trigger", "300")
        .strategyOption("max_mem_compact_level", "0")
        .strategyOption("target_file_size_base", Long.toString(2L << 20)) // LevelDB's file cuts
        .build();
  }

  /** Writes the database that every invocation compacts a copy of. */
  @Setup(Level.Trial)
  public void build() throws IOException {
    pristine = BenchData.newTempDir("compaction");
    byte[][] keys = BenchData.shuffled(BenchData.sortedKeys(entries, 1), BenchData.SEED);
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    // Without the log, in batches: the fill is preparation, and each flush makes it durable.
    WriteOptions noLog = new WriteOptions(false, true);
    try (Db built = Strata.open(pristine, options())) {
      int perFile = entries / L0_FILES;
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < entries; i++) {
        batch.put(keys[i], BenchData.value(VALUE_BYTES, random));
        if ((i + 1) % FILL_BATCH == 0 || (i + 1) % perFile == 0) {
          built.write(noLog, batch);
          batch = new WriteBatch();
        }
        if ((i + 1) % perFile == 0) {
          built.flush();
        }
      }
      built.waitForCompactions();
      String l0 = built.getProperty("strata.num-files-at-level0").orElse("?");
      if (!l0.equals(Integer.toString(L0_FILES))) {
        throw new IllegalStateException("expected " + L0_FILES + " tables at level 0, found "
            + l0);
      }
    }
  }

  /** Deletes the database built for the trial. */
  @TearDown(Level.Trial)
  public void deletePristine() {
    BenchData.deleteTree(pristine);
  }

  /** Opens a fresh copy of the built database. */
  @Setup(Level.Invocation)
  public void openCopy() throws IOException {
    copy = BenchData.newTempDir("compaction-copy");
    BenchData.copyFiles(pristine, copy);
    db = Strata.open(copy, options());
  }

  /** Closes and deletes the copy. */
  @TearDown(Level.Invocation)
  public void closeCopy() throws IOException {
    if (db != null) {
      db.close();
      db = null;
    }
    BenchData.deleteTree(copy);
  }

  /** Compacts the whole key range and counts the bytes the compaction read. */
  @Benchmark
  public long fullCompaction(Counters counters) throws IOException {
    db.compactRange(null, null);
    long read = db.statistics().compactionBytesRead();
    counters.inputMB += read / 1e6;
    return read;
  }
}
