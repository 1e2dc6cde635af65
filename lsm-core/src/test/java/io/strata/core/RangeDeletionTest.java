package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.BytewiseComparator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Db.deleteRange end to end: memtable, flush, compaction, reopen, snapshots, iterators. */
class RangeDeletionTest {
  @TempDir Path dir;

  private Options options() {
    return Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compactionStrategy("leveled")
        .strategyOptions(Map.of("target_file_size_base", Integer.toString(16 << 10)))
        .build();
  }

  private static byte[] k(int i) {
    return String.format("k%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] v(int i) {
    return ("value-" + i + "-" + "x".repeat(40)).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> scanForward(Db db, ReadOptions ro) throws Exception {
    List<String> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<String> scanBackward(Db db, ReadOptions ro) throws Exception {
    List<String> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      for (it.seekToLast(); it.isValid(); it.prev()) {
        out.add(0, new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<String> expected(int n, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i < from || i >= to) {
        out.add(new String(k(i), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void deletesInMemTableThenFlushThenCompaction() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 100; i++) {
        db.put(k(i), v(i));
      }
      db.deleteRange(k(20), k(40));
      db.put(k(30), v(1000)); // newer than the tombstone: visible
      List<String> want = expected(100, 20, 40);
      want.add(20, "k00030");
      for (int round = 0; round < 3; round++) {
        assertThat(db.get(k(19))).isEqualTo(v(19));
        assertThat(db.get(k(20))).isNull();
        assertThat(db.get(k(39))).isNull();
        assertThat(db.get(k(40))).isEqualTo(v(40));
        assertThat(db.get(k(30))).isEqualTo(v(1000));
        assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(want);
        assertThat(scanBackward(db, ReadOptions.DEFAULT)).isEqualTo(want);
        if (round == 0) {
          db.flush();
        } else {
          db.compactRange(null, null);
        }
      }
    }
  }

  @Test
  void tombstoneInNewerFileHidesEntriesInOlderFiles() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 2000; i++) {
        db.put(k(i), v(i));
      }
      db.compactRange(null, null); // the puts go below level 0
      db.deleteRange(k(500), k(1500));
      db.flush(); // the tombstone alone in a level-0 file
      Version v = DbTesting.currentVersion(db);
      FileMetaData l0 = null; // the newest file, wherever the flush placed it
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          if (l0 == null || f.fileNumber() > l0.fileNumber()) {
            l0 = f;
          }
        }
      }
      assertThat(l0.smallest().userKey().toByteArray()).isEqualTo(k(500));
      assertThat(l0.largest().userKey().toByteArray()).isEqualTo(k(1500));
      assertThat(db.get(k(499))).isEqualTo(v(499));
      assertThat(db.get(k(500))).isNull();
      assertThat(db.get(k(1499))).isNull();
      assertThat(db.get(k(1500))).isEqualTo(v(1500));
      assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(expected(2000, 500, 1500));
      assertThat(scanBackward(db, ReadOptions.DEFAULT)).isEqualTo(expected(2000, 500, 1500));
      try (DbIterator it = db.newIterator()) {
        it.seek(k(700));
        assertThat(it.key()).isEqualTo(k(1500));
        it.prev();
        assertThat(it.key()).isEqualTo(k(499));
      }
    }
  }

  @Test
  void snapshotKeepsCoveredEntriesThroughCompaction() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 1000; i++) {
        db.put(k(i), v(i));
      }
      Snapshot before = db.getSnapshot();
      db.deleteRange(k(100), k(900));
      Snapshot after = db.getSnapshot();
      db.compactRange(null, null);
      ReadOptions atBefore = ReadOptions.builder().snapshot(before).build();
      ReadOptions atAfter = ReadOptions.builder().snapshot(after).build();
      assertThat(db.get(atBefore, k(500))).isEqualTo(v(500));
      assertThat(db.get(atAfter, k(500))).isNull();
      assertThat(scanForward(db, atBefore)).isEqualTo(expected(1000, 0, 0));
      assertThat(scanBackward(db, atAfter)).isEqualTo(expected(1000, 100, 900));
      before.close();
      after.close();
      db.compactRange(null, null);
      assertThat(db.get(k(500))).isNull();
      assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(expected(1000, 100, 900));
    }
  }

  @Test
  void compactionDropsCoveredEntriesAndTheTombstone() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 3000; i++) {
        db.put(k(i), v(i));
      }
      db.compactRange(null, null);
      long before = totalBytes(db);
      db.deleteRange(k(0), k(2900));
      db.compactRange(null, null);
      assertThat(totalBytes(db)).isLessThan(before / 5);
      Version v = DbTesting.currentVersion(db);
      // Nothing older lies below: the tombstone is gone too; only the last 100 keys remain.
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          assertThat(f.smallest().userKey().toByteArray()).isEqualTo(k(2900));
        }
      }
      assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(expected(3000, 0, 2900));
    }
  }

  @Test
  void splitOutputsClipTombstonesSoThatBoundsNeverOverlap() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      Snapshot s = null;
      for (int i = 0; i < 3000; i++) {
        db.put(k(i), v(i));
        if (i == 2000) {
          s = db.getSnapshot(); // keeps the covered entries, so outputs are split
          db.deleteRange(k(100), k(2900));
        }
      }
      db.compactRange(null, null);
      Version v = DbTesting.currentVersion(db);
      InternalKeyComparator icmp = new InternalKeyComparator(BytewiseComparator.INSTANCE);
      int files = 0;
      for (int level = 1; level < Version.NUM_LEVELS; level++) {
        List<FileMetaData> fs = v.files(level);
        files += fs.size();
        for (int i = 1; i < fs.size(); i++) {
          assertThat(icmp.compare(fs.get(i - 1).largest().encode(), fs.get(i).smallest().encode()))
              .as("level %s files %s and %s", level, i - 1, i).isLessThan(0);
        }
      }
      assertThat(files).isGreaterThan(1);
      List<String> want = expected(3000, 100, 2900);
      for (int i = 2001; i < 2900; i++) {
        want.add(i - 2001 + 100, new String(k(i), StandardCharsets.UTF_8));
      }
      assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(want);
      assertThat(scanBackward(db, ReadOptions.DEFAULT)).isEqualTo(want);
      ReadOptions atS = ReadOptions.builder().snapshot(s).build();
      assertThat(scanForward(db, atS)).isEqualTo(expected(2001, 0, 0));
      for (int i = 0; i < 3000; i += 7) {
        boolean live = i < 100 || i > 2000;
        assertThat(db.get(k(i))).as("key %s", i).isEqualTo(live ? v(i) : null);
        assertThat(db.get(atS, k(i))).isEqualTo(i <= 2000 ? v(i) : null);
      }
      s.close();
    }
  }

  @Test
  void rangeDeletionsInTheLogSurviveReopen() throws Exception {
    Db db = Strata.open(dir, options());
    for (int i = 0; i < 300; i++) {
      db.put(k(i), v(i));
    }
    db.flush();
    WriteBatch b = new WriteBatch().deleteRange(k(10), k(200)).put(k(50), v(50));
    db.write(b);
    db.deleteRange(k(250), k(260));
    db.close(); // the tombstones are in the log only
    try (Db reopened = Strata.open(dir, options())) {
      List<String> want = expected(300, 10, 200);
      want.removeIf(s -> s.compareTo("k00250") >= 0 && s.compareTo("k00260") < 0);
      want.add(10, "k00050");
      assertThat(scanForward(reopened, ReadOptions.DEFAULT)).isEqualTo(want);
      assertThat(reopened.get(k(50))).isEqualTo(v(50));
      assertThat(reopened.get(k(51))).isNull();
      assertThat(reopened.get(k(255))).isNull();
    }
  }

  @Test
  void repairKeepsTombstonesAndTheirBounds() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 500; i++) {
        db.put(k(i), v(i));
      }
      db.flush();
      db.deleteRange(k(100), k(900)); // past the last key: only the tombstone reaches 899
      db.flush(); // a table holding the tombstone alone
    }
    java.nio.file.Files.delete(dir.resolve("CURRENT"));
    new io.strata.core.tools.DbRepairer(dir, options()).repair(false);
    try (Db db = Strata.open(dir, options())) {
      assertThat(db.get(k(99))).isEqualTo(v(99));
      assertThat(db.get(k(100))).isNull();
      assertThat(db.get(k(499))).isNull();
      assertThat(scanForward(db, ReadOptions.DEFAULT)).isEqualTo(expected(500, 100, 900));
    }
  }

  @Test
  void emptyRangeDeletesNothing() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      db.put(k(5), v(5));
      db.deleteRange(k(5), k(5));
      db.deleteRange(k(9), k(1));
      assertThat(db.get(k(5))).isEqualTo(v(5));
      db.flush();
      assertThat(db.get(k(5))).isEqualTo(v(5));
      assertThat(scanForward(db, ReadOptions.DEFAULT)).containsExactly("k00005");
    }
  }

  @Test
  void deleteFilesInRangeRemovesWhollyContainedFiles() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      for (int i = 0; i < 3000; i++) {
        db.put(k(i), v(i));
      }
      db.compactRange(null, null);
      int before = 0;
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        before += DbTesting.currentVersion(db).files(level).size();
      }
      assertThat(before).isGreaterThan(2);
      int removed = db.deleteFilesInRange(k(0), k(2999));
      assertThat(removed).isEqualTo(before);
      assertThat(db.get(k(10))).isNull();
      assertThat(db.deleteFilesInRange(k(0), k(2999))).isZero();
    }
  }

  private static long totalBytes(Db db) {
    Version v = DbTesting.currentVersion(db);
    long total = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (FileMetaData f : v.files(level)) {
        total += f.fileSizeBytes();
      }
    }
    return total;
  }
}
