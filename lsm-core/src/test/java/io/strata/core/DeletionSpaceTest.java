package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Space after deletes: the strategies weigh each table's point deletions (read from its
 * properties through the engine's table stats), so that the data most keys' tombstones delete is
 * compacted away, not kept while the tree is in shape by bytes on disk.
 */
class DeletionSpaceTest {
  private static final int KEYS = 20_000;
  private static final int VALUE_BYTES = 100;
  private static final int KEY_BYTES = 11; // "key%08d"

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void leveledReclaimsTheSpaceOfRandomDeletes() throws Exception {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compression(CompressionType.NONE).compactionStrategy("leveled")
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .strategyOption("target_file_size_base", Integer.toString(64 << 10))
        // Every flush goes down at once, so that no level-0 file waits for company at the end.
        .strategyOption("l0_compaction_trigger", "1")
        .build();
    long seed = 20261206L;
    try (Db db = Strata.open(dir, options)) {
      List<Integer> order = putAll(db, new Random(seed));
      long putBytes = db.statistics().liveTableBytes();
      int deleted = KEYS * 9 / 10;
      for (int i = 0; i < deleted; i++) {
        db.delete(key(order.get(i)));
      }
      db.flush();
      db.waitForCompactions();

      long liveBytes = (long) (KEYS - deleted) * (KEY_BYTES + VALUE_BYTES);
      long tableBytes = db.statistics().liveTableBytes();
      System.out.printf("DeletionSpaceTest leveled: %d table bytes after the puts, %d after"
          + " deleting %d of %d keys, %d bytes of live data%n", putBytes, tableBytes, deleted,
          KEYS, liveBytes);
      // Every tombstone that met its put in the last level was dropped with it; what is left
      // is the live data, the tombstones level 1 keeps within its target and the puts they
      // shadow. Weighed by bytes on disk, level 1 keeps about 10000 tombstones (25 bytes each)
      // over 1.2 MB of deleted puts, and the tables stay above 80% of the put bytes;
      // compensated, each tombstone in level 1 weighs about two values, so it keeps at most a
      // thousand, and the tables fall under a third of the put bytes.
      assertThat(putBytes).isGreaterThan((long) KEYS * (KEY_BYTES + VALUE_BYTES));
      assertThat(tableBytes).isLessThan(putBytes / 3);
      for (int i = deleted; i < KEYS; i++) {
        assertThat(db.get(key(order.get(i)))).isNotNull();
      }
      assertThat(db.get(key(order.get(0)))).isNull();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void tieredDropsTombstonesNoOlderRunNeedsByCompactingTheirFileAlone() throws Exception {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compression(CompressionType.NONE).compactionStrategy("tiered").build();
    try (Db db = Strata.open(dir, options)) {
      putAll(db, new Random(7));
      db.compactRange(null, null);
      db.waitForCompactions();
      long putBytes = db.statistics().liveTableBytes();
      assertThat(DbTesting.currentVersion(db).numFiles(0)).isEqualTo(1);
      // Blind deletes of keys past every key written (a client clearing keys that may not
      // exist): their run is all tombstones, and no older run holds their keys.
      // Few enough for one memtable: one run, which no size-tiered merge takes.
      int blind = 1000;
      for (int i = 0; i < blind; i++) {
        db.delete(String.format("zkey%08d", i).getBytes(StandardCharsets.US_ASCII));
      }
      db.flush();
      db.waitForCompactions();

      long tableBytes = db.statistics().liveTableBytes();
      System.out.printf("DeletionSpaceTest tiered: %d table bytes after the puts, %d after %d"
          + " blind deletes%n", putBytes, tableBytes, blind);
      // Two runs merge only from min_threshold (4) runs, and the tombstones are a sliver of the
      // older run's bytes: without the tombstone step their file would stay. Compacted alone,
      // it drops every tombstone and leaves no file.
      assertThat(tableBytes).isEqualTo(putBytes);
      assertThat(DbTesting.currentVersion(db).numFiles(0)).isEqualTo(1);
      assertThat(db.get(key(0))).isNotNull();
    }
  }

  /** Puts every key in random order, flushes, waits; the keys' indexes in put order. */
  private static List<Integer> putAll(Db db, Random rnd) throws Exception {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rnd);
    byte[] value = new byte[VALUE_BYTES];
    for (int k : order) {
      rnd.nextBytes(value);
      db.put(key(k), value);
    }
    db.flush();
    db.waitForCompactions();
    Collections.shuffle(order, rnd);
    return order;
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
  }
}
