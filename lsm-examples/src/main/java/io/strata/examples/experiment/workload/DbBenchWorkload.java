package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.DbIterator;
import io.strata.examples.cli.BenchKeys;
import io.strata.examples.cli.BenchRandom;
import io.strata.examples.cli.ValueGenerator;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.util.Arrays;

/**
 * LevelDB's db_bench workloads as experiment phases, with {@code strata bench}'s keys (the key
 * number as 16 zero-padded decimal digits, {@link BenchKeys}) and values ({@link
 * ValueGenerator}, compressible to about half). Every phase runs {@link PhaseContext#num()}
 * operations over the key space [0, num); random key numbers come from a {@link BenchRandom}
 * seeded with {@link PhaseContext#seed()}, so every configuration sees the same keys in the same
 * order. Unlike {@code strata bench}, a fill does not start from an empty database: the phases of
 * a run share one database.
 *
 * <table>
 *   <caption>Phases and the operation types they record</caption>
 *   <tr><th>name</th><th>operations</th><th>recorded as</th></tr>
 *   <tr><td>{@code fillseq}</td><td>puts of keys 0..num-1 in order</td><td>{@code write}</td></tr>
 *   <tr><td>{@code fillrandom}, {@code overwrite}</td><td>puts of random keys</td>
 *       <td>{@code write}</td></tr>
 *   <tr><td>{@code readrandom}</td><td>gets of random keys</td><td>{@code read}</td></tr>
 *   <tr><td>{@code readmissing}</td><td>gets of keys never present (a random key less its last
 *       byte)</td><td>{@code read}</td></tr>
 *   <tr><td>{@code readhot}</td><td>gets of random keys among the first 1% of numbers</td>
 *       <td>{@code read}</td></tr>
 *   <tr><td>{@code readseq}, {@code readreverse}</td><td>one iterator pass over up to num
 *       entries, forwards or backwards; each step (key, value, next) is one operation, timed
 *       {@value #SCAN_BATCH} steps at a time and recorded as their mean; {@code readreverse}
 *       runs no operation on an engine whose iterators cannot move backwards</td>
 *       <td>{@code scan}</td></tr>
 *   <tr><td>{@code seekrandom}</td><td>a new iterator seeking to a random key</td>
 *       <td>{@code seek}</td></tr>
 *   <tr><td>{@code deleteseq}, {@code deleterandom}</td><td>deletes of keys in order, at random
 *       </td><td>{@code delete}</td></tr>
 * </table>
 *
 * <p>Confined to the workload thread.
 */
final class DbBenchWorkload implements Workload {
  /** db_bench's compression ratio of values: each value shrinks to about half. */
  static final double COMPRESSION_RATIO = 0.5;

  /**
   * Iterator steps of {@code readseq} and {@code readreverse} timed together, each recorded as
   * their mean: as db_bench, which reads the clock per operation only with {@code --histogram}.
   */
  static final int SCAN_BATCH = 100;

  /** db_bench's default seed, which seeds the value pool whatever the phase's seed. */
  static final long VALUE_POOL_SEED = 301;

  /** The db_bench phases, by name. */
  enum Kind {
    FILLSEQ("fillseq"),
    FILLRANDOM("fillrandom"),
    OVERWRITE("overwrite"),
    READRANDOM("readrandom"),
    READSEQ("readseq"),
    READREVERSE("readreverse"),
    SEEKRANDOM("seekrandom"),
    DELETERANDOM("deleterandom"),
    DELETESEQ("deleteseq"),
    READMISSING("readmissing"),
    READHOT("readhot");

    final String workloadName;

    Kind(String workloadName) {
      this.workloadName = workloadName;
    }

    /** Whether this phase writes keys (and so loads the database). */
    boolean writes() {
      return this == FILLSEQ || this == FILLRANDOM || this == OVERWRITE;
    }
  }

  private final Kind kind;

  DbBenchWorkload(Kind kind) {
    this.kind = kind;
  }

  /** Which db_bench phase this is. */
  Kind kind() {
    return kind;
  }

  @Override
  public String name() {
    return kind.workloadName;
  }

  @Override
  public long plannedOperations(PhaseContext context) {
    if (kind == Kind.READSEQ || kind == Kind.READREVERSE) {
      return Math.min(context.num(), context.liveKeys().liveKeys());
    }
    return context.num();
  }

  /**
   * Runs the phase.
   *
   * @throws IllegalArgumentException if {@code num} is not in [1, 2^31 - 9] or {@code
   *     valueSizeBytes} not in [1, 2^20]
   * @throws IOException the database failed
   */
  @Override
  public void run(EngineStore db, PhaseContext context) throws IOException {
    checkArgument(context.num() >= 1 && context.num() < Integer.MAX_VALUE - 8,
        "num must be in [1, %s], was %s", Integer.MAX_VALUE - 9, context.num());
    checkArgument(context.valueSizeBytes() >= 1
        && context.valueSizeBytes() <= ValueGenerator.Pool.MIN_SIZE_BYTES,
        "valueSizeBytes must be in [1, %s], was %s", ValueGenerator.Pool.MIN_SIZE_BYTES,
        context.valueSizeBytes());
    int num = (int) context.num();
    BenchRandom random = new BenchRandom(context.seed());
    switch (kind) {
      case FILLSEQ -> write(db, context, num, null);
      case FILLRANDOM, OVERWRITE -> write(db, context, num, random);
      case READRANDOM -> read(db, context, num, num, random, false);
      case READHOT -> read(db, context, num, (num + 99) / 100, random, false);
      case READMISSING -> read(db, context, num, num, random, true);
      case READSEQ -> readSequential(db, context, num, true);
      case READREVERSE -> readSequential(db, context, num, false);
      case SEEKRANDOM -> seek(db, context, num, random);
      case DELETESEQ -> delete(db, context, num, null);
      case DELETERANDOM -> delete(db, context, num, random);
      default -> throw new AssertionError(kind);
    }
  }

  /** {@code num} puts, of keys in order when {@code random} is null, else of random keys. */
  private static void write(EngineStore db, PhaseContext context, int num, BenchRandom random)
      throws IOException {
    ValueGenerator values = new ValueGenerator(
        new ValueGenerator.Pool(VALUE_POOL_SEED, COMPRESSION_RATIO));
    int valueSize = context.valueSizeBytes();
    OperationRecorder recorder = context.recorder();
    for (int i = 0; i < num && !context.stopRequested(); i++) {
      int k = random == null ? i : random.uniform(num);
      // Fresh arrays per put: the API does not promise that put copies what it is handed.
      byte[] key = BenchKeys.key(k);
      byte[] value = values.generate(valueSize);
      long start = System.nanoTime();
      db.put(key, value);
      recorder.record("write", System.nanoTime() - start);
      context.liveKeys().put(k, BenchKeys.KEY_BYTES, valueSize);
    }
  }

  /**
   * {@code num} gets of keys drawn from [0, range); {@code missing} drops each key's last byte,
   * giving a key that is never present.
   */
  private static void read(EngineStore db, PhaseContext context, int num, int range,
      BenchRandom random, boolean missing) throws IOException {
    byte[] key = new byte[BenchKeys.KEY_BYTES];
    OperationRecorder recorder = context.recorder();
    for (int i = 0; i < num && !context.stopRequested(); i++) {
      BenchKeys.format(random.uniform(range), key);
      byte[] target = missing ? Arrays.copyOf(key, BenchKeys.KEY_BYTES - 1) : key;
      long start = System.nanoTime();
      db.get(target);
      recorder.record("read", System.nanoTime() - start);
    }
  }

  private static void readSequential(EngineStore db, PhaseContext context, int num,
      boolean forward) throws IOException {
    if (!forward && !db.iteratesBackwards()) {
      return; // skipped: the phase records no operation, and reports 0 ops/s
    }
    OperationRecorder recorder = context.recorder();
    long bytes = 0;
    try (DbIterator it = db.newIterator()) {
      if (forward) {
        it.seekToFirst();
      } else {
        it.seekToLast();
      }
      // Steps are timed SCAN_BATCH at a time: two reads of the clock around each step (24 ns
      // each on the machine of the README's figures) would cost half as much as the step.
      int batched = 0;
      long start = System.nanoTime();
      for (int i = 0; i < num && it.isValid() && !context.stopRequested(); i++) {
        bytes += it.key().length + it.value().length;
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
        if (++batched == SCAN_BATCH) {
          long now = System.nanoTime();
          recorder.record("scan", now - start, batched);
          batched = 0;
          start = now;
        }
      }
      if (batched > 0) {
        recorder.record("scan", System.nanoTime() - start, batched);
      }
    }
    if (bytes < 0) {
      throw new AssertionError(); // keeps the reads of key and value from being optimized away
    }
  }

  private static void seek(EngineStore db, PhaseContext context, int num, BenchRandom random)
      throws IOException {
    byte[] key = new byte[BenchKeys.KEY_BYTES];
    OperationRecorder recorder = context.recorder();
    for (int i = 0; i < num && !context.stopRequested(); i++) {
      BenchKeys.format(random.uniform(num), key);
      long start = System.nanoTime();
      try (DbIterator it = db.newIterator()) {
        it.seek(key);
        if (it.isValid()) {
          it.key(); // db_bench compares the key found with the target
        }
      }
      recorder.record("seek", System.nanoTime() - start);
    }
  }

  /** {@code num} deletes, of keys in order when {@code random} is null, else of random keys. */
  private static void delete(EngineStore db, PhaseContext context, int num, BenchRandom random)
      throws IOException {
    OperationRecorder recorder = context.recorder();
    for (int i = 0; i < num && !context.stopRequested(); i++) {
      int k = random == null ? i : random.uniform(num);
      byte[] key = BenchKeys.key(k);
      long start = System.nanoTime();
      db.delete(key);
      recorder.record("delete", System.nanoTime() - start);
      context.liveKeys().delete(k);
    }
  }
}
