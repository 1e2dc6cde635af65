package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.annotations.VisibleForTesting;
import io.strata.api.DbIterator;
import io.strata.examples.cli.BenchKeys;
import io.strata.examples.cli.ValueGenerator;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.util.function.IntSupplier;
import site.ycsb.generator.ExponentialGenerator;

/**
 * A YCSB phase: {@code ycsb-load} (YCSB's load phase, {@code -load}) or the transactions of a
 * YCSB workload file ({@code ycsb-a} … {@code ycsb-f}, YCSB 0.17.0's {@code workloads/workloada}
 * … {@code workloadf}, or {@code ycsb:PATH}, a user's file), run in the worker's one thread with
 * YCSB's own generators wired as {@code site.ycsb.workloads.CoreWorkload} wires them (see {@link
 * YcsbSpec}).
 *
 * <p>Mapping to the experiment. YCSB phases share db_bench's key space: record number {@code i}
 * is db_bench's key {@code i} ({@link BenchKeys}, 16 digits), so {@code ycsb-a} can follow {@code
 * fillrandom}. A record is one value of {@code fieldcount × fieldlength} bytes (1000 by default,
 * from {@link ValueGenerator}, compressible to about half), not a field map.
 *
 * <table>
 *   <caption>YCSB operations and what they do here</caption>
 *   <tr><th>YCSB</th><th>Strata</th><th>recorded as</th></tr>
 *   <tr><td>load insert</td><td>put of a record</td><td>{@code insert}</td></tr>
 *   <tr><td>read</td><td>get of the record (all fields)</td><td>{@code read}</td></tr>
 *   <tr><td>update</td><td>put of a whole new record, as a binding run with
 *       {@code writeallfields=true}: no read before the write</td><td>{@code update}</td></tr>
 *   <tr><td>insert</td><td>put of a new record, numbered past the records present</td>
 *       <td>{@code insert}</td></tr>
 *   <tr><td>scan</td><td>an iterator seek to the record, then up to the scan length entries
 *       (key and value, next)</td><td>{@code scan}</td></tr>
 *   <tr><td>read-modify-write</td><td>get, then put of a whole new record, timed together</td>
 *       <td>{@code readmodifywrite}</td></tr>
 * </table>
 *
 * <p>Counts. The load inserts {@link PhaseContext#num()} records. A transaction phase runs
 * {@code operationcount} operations, {@code num} unless a user's file sets it, over {@code
 * recordcount} records: a user's file's {@code recordcount} if it sets one, else the records
 * present, that is {@code num}, or one past the highest db_bench key number in the database when
 * that is more (records an earlier {@code ycsb-d} or {@code ycsb-e} inserted). The bundled files'
 * own {@code recordcount=1000} and {@code operationcount=1000} are replaced in that way.
 *
 * <p>Key order. YCSB's default {@code insertorder=hashed} names records by a hash of their number,
 * which scatters the load over the key space; here the load visits the record numbers in a fixed
 * scattered order ({@code i × step mod num}, {@code step} coprime with {@code num}, near {@code
 * 0.618 num}) and {@code insertorder=ordered} loads them in order. Transaction inserts append past
 * the last record in key order whatever {@code insertorder} says.
 *
 * <p>Randomness. YCSB's generators draw from {@link java.util.concurrent.ThreadLocalRandom},
 * which cannot be seeded; {@link PhaseContext#seed()} is not used. YCSB transaction phases are
 * therefore not bit-identical across configurations, only statistically alike: the same
 * operation mix, the same key and scan-length distributions, the same operation count. The load
 * draws no random numbers and is identical everywhere.
 *
 * <p>Confined to the workload thread.
 */
final class YcsbWorkload implements Workload {
  private final String name;
  private final YcsbSpec spec;
  private final boolean load;

  /**
   * @param name the phase's name
   * @param spec the workload file's properties
   * @param load whether this is the load phase ({@code ycsb-load}) rather than transactions
   */
  YcsbWorkload(String name, YcsbSpec spec, boolean load) {
    this.name = name;
    this.spec = spec;
    this.load = load;
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether the phase reads, updates or scans records, and so needs a loaded database. */
  boolean needsLoadedDatabase() {
    return !load && spec.readsExistingRecords();
  }

  /** Whether the phase is the load. */
  boolean isLoad() {
    return load;
  }

  @Override
  public long plannedOperations(PhaseContext context) {
    return load ? context.num() : spec.operationCount(context.num());
  }

  /**
   * Runs the phase.
   *
   * @throws IllegalArgumentException if the record numbers would pass 2^31 - 9 (the live key
   *     set's limit)
   * @throws IOException the database failed
   */
  @Override
  public void run(EngineStore db, PhaseContext context) throws IOException {
    ValueGenerator values = new ValueGenerator(new ValueGenerator.Pool(
        DbBenchWorkload.VALUE_POOL_SEED, DbBenchWorkload.COMPRESSION_RATIO));
    if (load) {
      runLoad(db, context, values);
    } else {
      runTransactions(db, context, values);
    }
  }

  private void runLoad(EngineStore db, PhaseContext context, ValueGenerator values)
      throws IOException {
    long num = context.num();
    checkRecordNumbers(num);
    IntSupplier recordBytes = spec.recordBytes();
    long step = spec.orderedInserts() ? 1 : scatterStep(num);
    for (long i = 0; i < num && !context.stopRequested(); i++) {
      long record = Math.floorMod(i * step, num); // no overflow: num, step < 2^31
      insert(db, context, values, recordBytes, record, "insert");
    }
  }

  private void runTransactions(EngineStore db, PhaseContext context, ValueGenerator values)
      throws IOException {
    long recordCount = spec.recordCount().orElse(Math.max(context.num(), recordsPresent(db)));
    long operations = spec.operationCount(context.num());
    checkRecordNumbers(recordCount + operations);
    YcsbSpec.Generators g = spec.generators(recordCount, operations);
    OperationRecorder recorder = context.recorder();
    for (long n = 0; n < operations && !context.stopRequested(); n++) {
      String operation = g.operations().nextValue();
      switch (operation) {
        case "READ" -> {
          byte[] key = BenchKeys.key((int) nextKeyNumber(g));
          long start = System.nanoTime();
          db.get(key);
          recorder.record("read", System.nanoTime() - start);
        }
        case "UPDATE" -> insert(db, context, values, g.recordBytes(), nextKeyNumber(g),
            "update");
        case "INSERT" -> {
          long record = g.insertKeys().nextValue();
          try {
            insert(db, context, values, g.recordBytes(), record, "insert");
          } finally {
            g.insertKeys().acknowledge(record);
          }
        }
        case "SCAN" -> scan(db, recorder, nextKeyNumber(g), g.scanLengths().nextValue().intValue());
        default -> readModifyWrite(db, context, values, g.recordBytes(), nextKeyNumber(g));
      }
    }
  }

  /** A put of a whole record of key number {@code record}, recorded as {@code op}. */
  private static void insert(EngineStore db, PhaseContext context, ValueGenerator values,
      IntSupplier recordBytes, long record, String op) throws IOException {
    byte[] key = BenchKeys.key((int) record);
    byte[] value = values.generate(recordBytes.getAsInt());
    long start = System.nanoTime();
    db.put(key, value);
    context.recorder().record(op, System.nanoTime() - start);
    context.liveKeys().put(record, key.length, value.length);
  }

  private static void readModifyWrite(EngineStore db, PhaseContext context, ValueGenerator values,
      IntSupplier recordBytes, long record) throws IOException {
    byte[] key = BenchKeys.key((int) record);
    byte[] value = values.generate(recordBytes.getAsInt());
    long start = System.nanoTime();
    db.get(key);
    db.put(key, value);
    context.recorder().record("readmodifywrite", System.nanoTime() - start);
    context.liveKeys().put(record, key.length, value.length);
  }

  private static void scan(EngineStore db, OperationRecorder recorder, long record, int length)
      throws IOException {
    byte[] key = BenchKeys.key((int) record);
    long bytes = 0;
    long start = System.nanoTime();
    try (DbIterator it = db.newIterator()) {
      it.seek(key);
      for (int i = 0; i < length && it.isValid(); i++) {
        bytes += it.key().length + it.value().length;
        it.next();
      }
    }
    recorder.record("scan", System.nanoTime() - start);
    if (bytes < 0) {
      throw new AssertionError(); // keeps the reads of key and value from being optimized away
    }
  }

  /**
   * The next record number to read, update or scan, as {@code CoreWorkload.nextKeynum}: never
   * past the last record inserted.
   */
  private static long nextKeyNumber(YcsbSpec.Generators g) {
    long keynum;
    if (g.keys() instanceof ExponentialGenerator) {
      do {
        keynum = g.insertKeys().lastValue() - g.keys().nextValue().intValue();
      } while (keynum < 0);
    } else {
      do {
        keynum = g.keys().nextValue().intValue();
      } while (keynum > g.insertKeys().lastValue());
    }
    return keynum;
  }

  /**
   * One past the highest db_bench key number in the database (0 when its last key is not a
   * db_bench key): how many records an earlier phase left.
   */
  @VisibleForTesting
  static long recordsPresent(EngineStore db) throws IOException {
    try (DbIterator it = db.newIterator()) {
      byte[] key = null;
      if (db.iteratesBackwards()) {
        it.seekToLast();
        key = it.isValid() ? it.key() : null;
      } else {
        // A forward pass to the last key, untimed: the engine cannot seek to the last one.
        for (it.seekToFirst(); it.isValid(); it.next()) {
          key = it.key();
        }
      }
      if (key == null || key.length != BenchKeys.KEY_BYTES) {
        return 0;
      }
      long number = 0;
      for (byte b : key) {
        if (b < '0' || b > '9') {
          return 0;
        }
        number = number * 10 + (b - '0');
      }
      return number + 1;
    }
  }

  /** A step coprime with {@code num} near {@code 0.618 num}: {@code i × step mod num} permutes. */
  @VisibleForTesting
  static long scatterStep(long num) {
    long step = Math.max(1, (long) (num * 0.6180339887498949));
    while (gcd(step, num) != 1) {
      step++;
    }
    return step;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private void checkRecordNumbers(long records) {
    checkArgument(records < Integer.MAX_VALUE - 8,
        "workload %s would number records up to %s; at most %s fit", name, records,
        Integer.MAX_VALUE - 9);
  }
}
