package io.strata.bench.jmh;

import io.strata.api.WriteBatch;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The log work of one group commit, as the write path's leader does it: the group's batches
 * joined into one record ({@link WriteBatchCodec#concat}), appended by {@link LogWriter}, then
 * handed to the operating system ({@code flush}: nothing more through the log's memory mapping,
 * {@link LocalFileSystem}'s default, or one {@code write(2)} with {@code mapped} false) or made
 * durable ({@code sync}, an fsync). Each batch is one put of a 16-byte key and a 100-byte value; a group holds
 * {@code groupSize} of them. The score is per group commit: the cost per write is the score
 * divided by {@code groupSize}.
 *
 * <p>The log is written in the temporary-file directory ({@code java.io.tmpdir}, so fsync meets
 * a real file system rather than tmpfs) and started afresh every {@value #ROLL_BYTES} bytes, as
 * the engine starts a new log with each memtable. Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogAppendBenchmark {
  /** Bytes after which the log is started afresh. */
  static final long ROLL_BYTES = 64L << 20;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  /** Batches per group commit. */
  @Param({"1", "16"})
  public int groupSize;

  /** Whether each group is synced (fsync) rather than flushed to the operating system. */
  @Param({"false", "true"})
  public boolean sync;

  /** Whether the log is written through a memory mapping ({@code new LocalFileSystem(true)}). */
  @Param({"true", "false"})
  public boolean mapped;

  private LocalFileSystem fs;
  private Path dir;
  private LogWriter log;
  private List<WriteBatch> group;
  private long sequence = 1;

  /** Creates the log and the group's batches. */
  @Setup
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("log");
    fs = new LocalFileSystem(mapped);
    log = new LogWriter(fs.newLogFile(dir.resolve("000001.log")));
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    group = new ArrayList<>(groupSize);
    for (int i = 0; i < groupSize; i++) {
      group.add(new WriteBatch().put(BenchData.key(i), BenchData.value(VALUE_BYTES, random)));
    }
  }

  /** Closes the log and deletes it. */
  @TearDown
  public void tearDown() throws IOException {
    if (log != null) {
      log.close();
    }
    BenchData.deleteTree(dir);
  }

  /** Appends one group as one record, then flushes or syncs it. */
  @Benchmark
  public long commitGroup() throws IOException {
    byte[] rep = WriteBatchCodec.concat(group, sequence);
    sequence += groupSize;
    log.addRecord(rep, 0, rep.length);
    if (sync) {
      log.sync();
    } else {
      log.flush();
    }
    if (log.sizeBytes() >= ROLL_BYTES) {
      log.close();
      log = new LogWriter(fs.newLogFile(dir.resolve("000001.log")));
    }
    return log.sizeBytes();
  }
}
