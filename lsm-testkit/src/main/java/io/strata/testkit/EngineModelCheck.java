package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strata.api.Bytes;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a random workload through the real engine opened with one strategy and compares it with a
 * {@link TreeMap}: puts, deletes, range deletions of a few neighbouring keys, merges
 * ({@code stringappend} with its default delimiter {@code ","}, unless the options name another
 * operator, in which case no merges are written), write batches and overwrites of a limited key
 * space, so that every read also checks that the strategy's compactions resolved the merges and
 * range deletions; gets and
 * full scans in both directions at checkpoints, a snapshot read after later writes, a close and
 * reopen, and a full {@code compactRange} at the end. Then waits for the engine to go quiet and
 * bounds its file count. Confined to one thread.
 */
final class EngineModelCheck {
  /** The memtable size: small, so that the workload flushes and compacts often. */
  static final long WRITE_BUFFER_BYTES = 64 << 10;
  /** Longest wait for background compaction to stop, and for {@code compactRange}. */
  static final long QUIESCENCE_TIMEOUT_MILLIS = 60_000;
  /** File counts must stay the same this long to count as quiet. */
  static final long QUIET_MILLIS = 1_500;

  private final Path dir;
  private final Options options;
  private final List<byte[]> keys;
  private final List<byte[]> sortedKeys; // for range deletions of neighbouring keys
  private final Random random;
  private final String context;
  private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
  private Db db;
  /** Whether the workload writes merges: the database's operator is {@code stringappend}. */
  private final boolean merges;

  EngineModelCheck(Path dir, Options options, List<Bytes> keys, Random random, String context) {
    this.dir = dir;
    this.merges = options.mergeOperator().isEmpty()
        || options.mergeOperator().get().equals("stringappend")
            && options.mergeOperatorOptions().isEmpty();
    this.options = options.mergeOperator().isPresent() ? options
        : options.toBuilder().mergeOperator("stringappend").build();
    this.keys = new ArrayList<>();
    keys.forEach(k -> this.keys.add(k.toByteArray()));
    this.sortedKeys = new ArrayList<>(this.keys);
    this.sortedKeys.sort(Arrays::compareUnsigned);
    this.random = random;
    this.context = context;
  }

  /** Runs {@code ops} operations and every check described above. */
  void run(int ops, String strategyName) throws Exception {
    db = Strata.open(dir, options);
    try {
      assertThat(db.getProperty("strata.strategy")).as(context).contains(strategyName);
      int checkpoint = Math.max(1, ops / 8);
      Snapshot snapshot = null;
      NavigableMap<byte[], byte[]> snapshotModel = null;
      for (int i = 0; i < ops; i++) {
        step(i);
        if (i % checkpoint == checkpoint - 1) {
          checkGets(200, model, ReadOptions.DEFAULT, "checkpoint at op " + i);
          checkScans(model, ReadOptions.DEFAULT, "checkpoint at op " + i);
          if (snapshot != null) {
            ReadOptions at = ReadOptions.builder().snapshot(snapshot).build();
            checkScans(snapshotModel, at, "snapshot taken one checkpoint before op " + i);
            checkGets(100, snapshotModel, at, "snapshot taken one checkpoint before op " + i);
            snapshot.close();
            snapshot = null;
          } else {
            snapshot = db.getSnapshot();
            snapshotModel = new TreeMap<>(model);
          }
        }
        if (i == ops / 2) {
          if (snapshot != null) {
            snapshot.close();
            snapshot = null;
          }
          db.close();
          db = Strata.open(dir, options);
          checkScans(model, ReadOptions.DEFAULT, "after reopen at op " + i);
        }
      }
      if (snapshot != null) {
        snapshot.close();
      }
      checkScans(model, ReadOptions.DEFAULT, "end of workload");
      awaitQuiescence("after the workload");
      withTimeout(() -> {
        db.compactRange(null, null);
        return null;
      }, "compactRange(null, null)");
      checkScans(model, ReadOptions.DEFAULT, "after compactRange");
      checkGets(model.size(), model, ReadOptions.DEFAULT, "after compactRange");
      awaitQuiescence("after compactRange");
      db.close();
      db = Strata.open(dir, options);
      checkScans(model, ReadOptions.DEFAULT, "after the last reopen");
    } finally {
      db.close();
    }
  }

  private void step(int i) throws Exception {
    int op = random.nextInt(100);
    if (op < 45) {
      byte[] k = key();
      byte[] v = value();
      db.put(k, v);
      model.put(k, v);
    } else if (op < 55 && merges) {
      byte[] k = key();
      byte[] v = value();
      db.merge(k, v);
      merge(k, v);
    } else if (op < 70) {
      byte[] k = key();
      db.delete(k);
      model.remove(k);
    } else if (op < 82) {
      WriteBatch b = new WriteBatch();
      int n = 1 + random.nextInt(30);
      for (int j = 0; j < n; j++) {
        byte[] k = key();
        int kind = random.nextInt(4);
        if (kind == 0) {
          b.delete(k);
          model.remove(k);
        } else if (kind == 1 && merges) {
          byte[] v = value();
          b.merge(k, v);
          merge(k, v);
        } else {
          byte[] v = value();
          b.put(k, v);
          model.put(k, v);
        }
      }
      db.write(b);
    } else if (op < 84) {
      // A range tombstone over a few neighbouring keys: file bounds must cover it, so that a
      // strategy picking by key ranges keeps every read finding the newest value.
      int from = random.nextInt(sortedKeys.size());
      int to = Math.min(sortedKeys.size() - 1, from + random.nextInt(1 + sortedKeys.size() / 16));
      byte[] begin = sortedKeys.get(from);
      byte[] end = sortedKeys.get(to);
      db.deleteRange(begin, end);
      if (Arrays.compareUnsigned(begin, end) < 0) {
        model.subMap(begin, true, end, false).clear();
      }
    } else if (op < 99) {
      byte[] k = key();
      assertThat(db.get(k)).as("%s: get %s at op %s", context, Bytes.copyOf(k), i)
          .isEqualTo(model.get(k));
    } else if (random.nextInt(20) == 0) {
      byte[] a = key();
      byte[] b = key();
      boolean ordered = Arrays.compareUnsigned(a, b) <= 0;
      withTimeout(() -> {
        db.compactRange(ordered ? a : b, ordered ? b : a);
        return null;
      }, "compactRange at op " + i);
    }
  }

  /** What {@code stringappend} (delimiter ",") makes of a merge, in the model. */
  private void merge(byte[] k, byte[] operand) {
    byte[] old = model.get(k);
    if (old == null) {
      model.put(k, operand);
      return;
    }
    byte[] v = Arrays.copyOf(old, old.length + 1 + operand.length);
    v[old.length] = ',';
    System.arraycopy(operand, 0, v, old.length + 1, operand.length);
    model.put(k, v);
  }

  private byte[] key() {
    return keys.get(random.nextInt(keys.size()));
  }

  private byte[] value() {
    byte[] v = new byte[random.nextInt(200)];
    random.nextBytes(v);
    return v;
  }

  /** Gets of {@code count} keys, or of every key of {@code expected} if it holds no more. */
  private void checkGets(int count, NavigableMap<byte[], byte[]> expected, ReadOptions read,
      String where) throws IOException {
    List<byte[]> probe = new ArrayList<>();
    if (count >= expected.size()) {
      probe.addAll(expected.keySet());
    } else {
      List<byte[]> present = new ArrayList<>(expected.keySet());
      for (int i = 0; i < count; i++) {
        probe.add(random.nextBoolean() ? present.get(random.nextInt(present.size())) : key());
      }
    }
    for (byte[] k : probe) {
      assertThat(db.get(read, k)).as("%s, %s: get %s", context, where, Bytes.copyOf(k))
          .isEqualTo(expected.get(k));
    }
  }

  private void checkScans(NavigableMap<byte[], byte[]> expected, ReadOptions read, String where)
      throws IOException {
    try (DbIterator it = db.newIterator(read)) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
        assertThat(it.isValid()).as("%s, %s: forward scan ended before %s", context, where,
            Bytes.copyOf(e.getKey())).isTrue();
        assertThat(Bytes.copyOf(it.key())).as("%s, %s: forward scan", context, where)
            .isEqualTo(Bytes.copyOf(e.getKey()));
        assertThat(it.value()).as("%s, %s: value of %s", context, where,
            Bytes.copyOf(e.getKey())).isEqualTo(e.getValue());
        it.next();
      }
      assertThat(it.isValid()).as("%s, %s: forward scan too long", context, where).isFalse();
      it.seekToLast();
      for (Map.Entry<byte[], byte[]> e : expected.descendingMap().entrySet()) {
        assertThat(it.isValid()).as("%s, %s: backward scan ended before %s", context, where,
            Bytes.copyOf(e.getKey())).isTrue();
        assertThat(Bytes.copyOf(it.key())).as("%s, %s: backward scan", context, where)
            .isEqualTo(Bytes.copyOf(e.getKey()));
        assertThat(it.value()).isEqualTo(e.getValue());
        it.prev();
      }
      assertThat(it.isValid()).as("%s, %s: backward scan too long", context, where).isFalse();
    }
  }

  /**
   * Waits until the per-level file counts stay the same for {@link #QUIET_MILLIS}, failing after
   * {@link #QUIESCENCE_TIMEOUT_MILLIS}; then bounds the file count by {@code 64 + 2 *
   * ceil(table bytes / write buffer size)} and level 0 by 64 files.
   */
  private void awaitQuiescence(String where) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIESCENCE_TIMEOUT_MILLIS);
    String last = fileCounts();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
      if (System.nanoTime() > deadline) {
        fail("%s, %s: compaction did not stop within %s ms; files per level: %s", context, where,
            QUIESCENCE_TIMEOUT_MILLIS, fileCounts());
      }
      Thread.sleep(50);
      String now = fileCounts();
      if (!now.equals(last)) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
    int files = 0;
    for (String n : last.split(",")) {
      files += Integer.parseInt(n);
    }
    long tableBytes = tableBytes();
    long bound = StrategySimulation.FILE_COUNT_SLACK
        + 2 * ((tableBytes + WRITE_BUFFER_BYTES - 1) / WRITE_BUFFER_BYTES);
    assertThat((long) files).as("%s, %s: file count for %s table bytes; files per level %s",
        context, where, tableBytes, last).isLessThanOrEqualTo(bound);
    assertThat(Integer.parseInt(last.split(",")[0])).as("%s, %s: level-0 files", context, where)
        .isLessThanOrEqualTo(StrategySimulation.MAX_LEVEL0_FILES);
  }

  private String fileCounts() {
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < io.strata.api.spi.version.Version.NUM_LEVELS; level++) {
      String n = db.getProperty("strata.num-files-at-level" + level).orElseThrow();
      sb.append(level == 0 ? "" : ",").append(n);
    }
    return sb.toString();
  }

  private long tableBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long sum = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.getFileName().toString().endsWith(".ldb")) {
          sum += Files.size(p);
        }
      }
      return sum;
    }
  }

  private interface IoCall {
    Object call() throws IOException;
  }

  /** Runs {@code call} on another thread, failing if it takes over the quiescence timeout. */
  private void withTimeout(IoCall call, String what) throws Exception {
    CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      f.get(QUIESCENCE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      fail("%s: %s did not finish within %s ms: endless compaction?", context, what,
          QUIESCENCE_TIMEOUT_MILLIS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof java.io.UncheckedIOException
          ? e.getCause().getCause() : e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new AssertionError(cause);
    }
  }
}
