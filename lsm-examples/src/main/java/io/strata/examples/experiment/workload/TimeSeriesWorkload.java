package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.DbIterator;
import io.strata.examples.cli.BenchRandom;
import io.strata.examples.cli.ValueGenerator;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;

/**
 * The {@code timeseries} phase: a day of metrics with a retention period, shaped for the {@code
 * time-window} compaction strategy at its defaults.
 *
 * <p>Keys, 16 bytes, in time order:
 *
 * <pre>
 *   field       encoding                                   width
 *   timestamp   unsigned big-endian milliseconds since     8
 *               1970-01-01T00:00:00Z
 *   point       unsigned big-endian point number i         8
 * </pre>
 *
 * The timestamp comes first, as {@code time-window} reads it (its {@code window_seconds} default
 * is 3600, so its windows are the hours below); the point number keeps keys unique when points
 * share a millisecond. Values are {@link PhaseContext#valueSizeBytes()} bytes from db_bench's
 * value generator, compressible to about half. Point {@code i} is key number {@code i} of the
 * {@link LiveKeys}.
 *
 * <p>Shape, for {@code num} points:
 *
 * <ul>
 *   <li>Time: {@value #WINDOWS} windows of one hour ({@value #WINDOW_MILLIS} ms), from
 *       2026-01-01T00:00:00Z (a window start); {@code P = ceil(num / 24)} points per window,
 *       evenly spaced ({@code 3600000 / P} ms apart), appended in time order: the last window may
 *       hold fewer.
 *   <li>Retention: {@value #RETENTION_WINDOWS} windows. When the first point of window {@code w}
 *       arrives and {@code w >= 6}, window {@code w - 6} has expired and its {@code P} points are
 *       deleted one by one, oldest first, before that point is appended (there is no range
 *       delete). At the end the last six windows, a quarter of a full day's points, are live;
 *       about {@code 0.75 num} deletes in all.
 *   <li>Reads, after each append: with probability 25% a get of one of the last {@code P} points
 *       appended (the most recent hour), uniformly; with probability 2% a scan from such a point
 *       over up to {@value #SCAN_POINTS} entries. Both draw from a {@link BenchRandom} seeded
 *       with {@link PhaseContext#seed()}, so every configuration runs the same operations.
 * </ul>
 *
 * Operations: {@code num} {@code insert}s, about {@code 0.25 num} {@code read}s, {@code 0.02 num}
 * {@code scan}s and {@code 0.75 num} {@code delete}s.
 *
 * <p>Why {@code time-window} should win on space: the expired data and its tombstones are one
 * contiguous run of old keys, which {@code time-window} keeps in its own per-hour files of
 * level 1, the bottom, where the tombstones meet the data they delete in the next compaction;
 * leveled and tiered strategies carry the tombstones down or across runs before the space comes
 * back.
 *
 * <p>Confined to the workload thread.
 */
final class TimeSeriesWorkload implements Workload {
  /** The phase's name. */
  static final String NAME = "timeseries";

  /** 2026-01-01T00:00:00Z in milliseconds, the start of the first window. */
  static final long EPOCH_MILLIS = 1_767_225_600_000L;

  /** One hour, {@code time-window}'s default window. */
  static final long WINDOW_MILLIS = 3_600_000L;

  /** Windows the phase spans. */
  static final int WINDOWS = 24;

  /** Windows kept live; older ones are deleted. */
  static final int RETENTION_WINDOWS = 6;

  /** Entries a scan reads at most. */
  static final int SCAN_POINTS = 100;

  /** Key length in bytes. */
  static final int KEY_BYTES = 16;

  /** In a hundred draws after each append, how many are a get and how many a scan. */
  private static final int GET_PERCENT = 25;
  private static final int SCAN_PERCENT = 2;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long plannedOperations(PhaseContext context) {
    long num = context.num();
    long perWindow = pointsPerWindow(num);
    long windows = (num + perWindow - 1) / perWindow;
    long deletes = Math.max(0, windows - RETENTION_WINDOWS) * perWindow;
    return num + num * (GET_PERCENT + SCAN_PERCENT) / 100 + deletes;
  }

  /** Points per window for {@code num} points: {@code ceil(num / 24)}. */
  static long pointsPerWindow(long num) {
    return Math.max(1, (num + WINDOWS - 1) / WINDOWS);
  }

  /** The timestamp of point {@code i} of a phase of {@code perWindow} points per window, ms. */
  static long timestampMillis(long i, long perWindow) {
    // (i % perWindow) * WINDOW_MILLIS < 2^31 * 2^22: no overflow.
    return EPOCH_MILLIS + (i / perWindow) * WINDOW_MILLIS
        + (i % perWindow) * WINDOW_MILLIS / perWindow;
  }

  /** The key of point {@code i}, a fresh array. */
  static byte[] key(long i, long perWindow) {
    byte[] key = new byte[KEY_BYTES];
    long t = timestampMillis(i, perWindow);
    for (int b = 7; b >= 0; b--) {
      key[b] = (byte) t;
      t >>>= 8;
      key[8 + b] = (byte) (i >>> (8 * (7 - b)));
    }
    return key;
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
    long num = context.num();
    checkArgument(num >= 1 && num < Integer.MAX_VALUE - 8, "num must be in [1, %s], was %s",
        Integer.MAX_VALUE - 9, num);
    checkArgument(context.valueSizeBytes() >= 1
        && context.valueSizeBytes() <= ValueGenerator.Pool.MIN_SIZE_BYTES,
        "valueSizeBytes must be in [1, %s], was %s", ValueGenerator.Pool.MIN_SIZE_BYTES,
        context.valueSizeBytes());
    long perWindow = pointsPerWindow(num);
    BenchRandom random = new BenchRandom(context.seed());
    ValueGenerator values = new ValueGenerator(new ValueGenerator.Pool(
        DbBenchWorkload.VALUE_POOL_SEED, DbBenchWorkload.COMPRESSION_RATIO));
    OperationRecorder recorder = context.recorder();
    LiveKeys live = context.liveKeys();
    int valueSize = context.valueSizeBytes();
    for (long i = 0; i < num && !context.stopRequested(); i++) {
      long window = i / perWindow;
      if (i % perWindow == 0 && window >= RETENTION_WINDOWS) {
        long first = (window - RETENTION_WINDOWS) * perWindow;
        for (long p = first; p < first + perWindow && !context.stopRequested(); p++) {
          byte[] key = key(p, perWindow);
          long start = System.nanoTime();
          db.delete(key);
          recorder.record("delete", System.nanoTime() - start);
          live.delete(p);
        }
      }
      byte[] key = key(i, perWindow);
      byte[] value = values.generate(valueSize);
      long start = System.nanoTime();
      db.put(key, value);
      recorder.record("insert", System.nanoTime() - start);
      live.put(i, KEY_BYTES, valueSize);

      int draw = random.uniform(100);
      if (draw < GET_PERCENT + SCAN_PERCENT) {
        int recent = (int) Math.min(perWindow, i + 1);
        byte[] target = key(i - random.uniform(recent), perWindow);
        if (draw < GET_PERCENT) {
          start = System.nanoTime();
          db.get(target);
          recorder.record("read", System.nanoTime() - start);
        } else {
          scan(db, recorder, target);
        }
      }
    }
  }

  private static void scan(EngineStore db, OperationRecorder recorder, byte[] from)
      throws IOException {
    long bytes = 0;
    long start = System.nanoTime();
    try (DbIterator it = db.newIterator()) {
      it.seek(from);
      for (int n = 0; n < SCAN_POINTS && it.isValid(); n++) {
        bytes += it.key().length + it.value().length;
        it.next();
      }
    }
    recorder.record("scan", System.nanoTime() - start);
    if (bytes < 0) {
      throw new AssertionError(); // keeps the reads of key and value from being optimized away
    }
  }
}
