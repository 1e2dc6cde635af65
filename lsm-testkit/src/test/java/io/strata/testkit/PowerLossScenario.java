package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.FileSystem;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * A reproducible sequence of writes (puts, deletes and batches, some with {@code sync=true})
 * against a database small enough to flush, compact and rotate its MANIFEST often, and the check
 * of what a reopen finds after a power loss in the middle of it.
 *
 * <p>Keys carry a long padding so that MANIFEST edits (which hold each table's smallest and
 * largest key) are big: the MANIFEST reaches {@code maxManifestFileSizeBytes} after a handful of
 * flushes and is rotated (a new MANIFEST, then CURRENT renamed to it).
 */
final class PowerLossScenario {
  private static final int KEY_PADDING_BYTES = 6000;
  private static final String PADDING = "p".repeat(KEY_PADDING_BYTES);

  /** One write: entries applied atomically; a null value is a delete. */
  record Op(int index, boolean sync, Kind kind, List<Map.Entry<Integer, String>> entries) {
    enum Kind { PUT, DELETE, BATCH }
  }

  /** What one run did before it stopped. */
  static final class Run {
    Db db;
    /** Ops whose write was called (acknowledged, failed or cut short by the crash). */
    int attempted;
    /** The highest index of an op acknowledged with sync=true; -1 if none. */
    int lastSyncAcked = -1;
    int acked;
    Exception stoppedBy;
  }

  private final long seed;
  private final List<Op> ops;

  PowerLossScenario(long seed, int count) {
    this.seed = seed;
    this.ops = generate(new Random(seed), count);
  }

  long seed() {
    return seed;
  }

  int size() {
    return ops.size();
  }

  static Options options(FileSystem fs) {
    return Options.builder()
        .fileSystem(fs)
        .writeBufferSizeBytes(64 << 10)
        .maxManifestFileSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "2")
        .strategyOption("max_bytes_for_level_base", String.valueOf(256 << 10))
        .strategyOption("target_file_size_base", String.valueOf(64 << 10))
        .build();
  }

  static byte[] key(int id) {
    return (String.format("k%05d", id) + PADDING).getBytes(UTF_8);
  }

  private static List<Op> generate(Random r, int count) {
    List<Op> out = new ArrayList<>();
    List<Integer> liveKeys = new ArrayList<>();
    int nextKey = 0;
    for (int i = 0; i < count; i++) {
      boolean sync = r.nextInt(3) == 0;
      int choice = r.nextInt(10);
      List<Map.Entry<Integer, String>> entries = new ArrayList<>();
      Op.Kind kind;
      if (choice < 5 || liveKeys.isEmpty()) {
        kind = Op.Kind.PUT;
        // Mostly fresh keys, sometimes an overwrite.
        int id = liveKeys.isEmpty() || r.nextInt(4) > 0 ? nextKey++ : pick(r, liveKeys);
        entries.add(new java.util.AbstractMap.SimpleEntry<>(id, "v" + i));
      } else if (choice < 7) {
        kind = Op.Kind.DELETE;
        entries.add(new java.util.AbstractMap.SimpleEntry<>(pick(r, liveKeys), null));
      } else {
        kind = Op.Kind.BATCH;
        int n = 2 + r.nextInt(4);
        for (int j = 0; j < n; j++) {
          boolean delete = !liveKeys.isEmpty() && r.nextInt(3) == 0;
          int id = delete ? pick(r, liveKeys) : nextKey++;
          String value = delete ? null : "v" + i + "." + j;
          entries.add(new java.util.AbstractMap.SimpleEntry<>(id, value));
        }
      }
      for (Map.Entry<Integer, String> e : entries) {
        if (e.getValue() == null) {
          liveKeys.remove(e.getKey());
        } else if (!liveKeys.contains(e.getKey())) {
          liveKeys.add(e.getKey());
        }
      }
      out.add(new Op(i, sync, kind, List.copyOf(entries)));
    }
    return out;
  }

  private static int pick(Random r, List<Integer> keys) {
    return keys.get(r.nextInt(keys.size()));
  }

  /**
   * Opens (creating) a database in {@code dir} over {@code fs} and applies the ops in order until
   * one fails; the database is left open in {@link Run#db} (null if the open failed).
   */
  Run run(FileSystem fs, Path dir) {
    Run run = new Run();
    try {
      run.db = Strata.open(dir, options(fs));
    } catch (IOException | RuntimeException e) {
      run.stoppedBy = e;
      return run;
    }
    for (Op op : ops) {
      run.attempted = op.index() + 1;
      try {
        apply(run.db, op);
      } catch (IOException | RuntimeException e) {
        run.stoppedBy = e;
        return run;
      }
      run.acked = op.index() + 1;
      if (op.sync()) {
        run.lastSyncAcked = op.index();
      }
    }
    return run;
  }

  private static void apply(Db db, Op op) throws IOException {
    WriteOptions wo = op.sync() ? WriteOptions.SYNC : WriteOptions.DEFAULT;
    Map.Entry<Integer, String> first = op.entries().get(0);
    switch (op.kind()) {
      case PUT:
        db.put(wo, key(first.getKey()), first.getValue().getBytes(UTF_8));
        break;
      case DELETE:
        db.delete(wo, key(first.getKey()));
        break;
      default:
        WriteBatch b = new WriteBatch();
        for (Map.Entry<Integer, String> e : op.entries()) {
          if (e.getValue() == null) {
            b.delete(key(e.getKey()));
          } else {
            b.put(key(e.getKey()), e.getValue().getBytes(UTF_8));
          }
        }
        db.write(wo, b);
        break;
    }
  }

  /** Everything in {@code db}, by key id. */
  static TreeMap<Integer, String> contents(Db db) throws IOException {
    TreeMap<Integer, String> out = new TreeMap<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String k = new String(it.key(), UTF_8);
        assertThat(k).endsWith(PADDING);
        out.put(Integer.parseInt(k.substring(1, 6)), new String(it.value(), UTF_8));
      }
    }
    return out;
  }

  /**
   * Reopens {@code dir} over {@code fs} after a power loss and checks that it holds the state after
   * exactly the first {@code p} ops, for some {@code p} from the op after the last one
   * acknowledged with sync=true up to the ops attempted: every synced write is there, unsynced
   * ones are lost only as a suffix (no holes), and batches are whole or absent. Then writes to it.
   *
   * @return the {@code p} found
   */
  int verify(FileSystem fs, Path dir, Run run, String what) throws IOException {
    try (Db db = Strata.open(dir, options(fs))) {
      TreeMap<Integer, String> got = contents(db);
      TreeMap<Integer, String> model = new TreeMap<>();
      int found = -1;
      for (int p = 0; p <= run.attempted; p++) {
        if (p > 0) {
          for (Map.Entry<Integer, String> e : ops.get(p - 1).entries()) {
            if (e.getValue() == null) {
              model.remove(e.getKey());
            } else {
              model.put(e.getKey(), e.getValue());
            }
          }
        }
        if (p > run.lastSyncAcked && Objects.equals(model, got)) {
          found = p;
          break;
        }
      }
      assertThat(found).as("%s (seed %s): the reopened database (%s keys) is not the state after"
              + " any prefix of ops from %s to %s; acked %s; stopped by %s", what, seed, got.size(),
          run.lastSyncAcked + 1, run.attempted, run.acked, run.stoppedBy).isNotNegative();
      db.put(WriteOptions.SYNC, key(99_999), "after".getBytes(UTF_8));
      assertThat(db.get(key(99_999))).isEqualTo("after".getBytes(UTF_8));
      return found;
    }
  }
}
