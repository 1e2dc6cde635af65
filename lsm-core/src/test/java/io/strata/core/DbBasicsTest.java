package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.DbLockedException;
import io.strata.api.Options;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbBasicsTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void putGetDeleteAndBatch() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
      db.put(WriteOptions.SYNC, b("b"), b("2"));
      assertThat(db.get(b("a"))).isEqualTo(b("1"));
      db.delete(b("a"));
      assertThat(db.get(b("a"))).isNull();
      db.write(new WriteBatch().put(b("c"), b("3")).delete(b("b")).put(b("d"), new byte[0]));
      assertThat(db.get(b("b"))).isNull();
      assertThat(db.get(b("c"))).isEqualTo(b("3"));
      assertThat(db.get(b("d"))).isEmpty();
    }
  }

  @Test
  void nullArgumentsAreNamed() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThatThrownBy(() -> db.put(null, b("v"))).isInstanceOf(NullPointerException.class)
          .hasMessage("key");
      assertThatThrownBy(() -> db.put(b("k"), null)).isInstanceOf(NullPointerException.class)
          .hasMessage("value");
      assertThatThrownBy(() -> db.get(null)).hasMessage("key");
      assertThatThrownBy(() -> db.delete(null)).hasMessage("key");
      assertThatThrownBy(() -> db.write(null)).hasMessage("batch");
      assertThatThrownBy(() -> new WriteBatch().put(b("k"), null)).hasMessage("value");
    }
  }

  @Test
  void invalidOptionsNameTheValue() {
    assertThatThrownBy(() -> Options.builder().writeBufferSizeBytes(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writeBufferSizeBytes").hasMessageContaining("10");
    assertThatThrownBy(() -> Options.builder().bloomBitsPerKey(-1).build())
        .hasMessageContaining("bloomBitsPerKey").hasMessageContaining("-1");
  }

  @Test
  void secondOpenOfTheSameDirectoryFailsWithALockError() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
          .isInstanceOf(DbLockedException.class).hasMessageContaining("LOCK");
      db.put(b("still"), b("works"));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("still"))).isEqualTo(b("works"));
    }
  }

  @Test
  void pluginsAreFoundByNameAndUnknownNamesListWhatWasFound() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().compactionStrategy("leveled").build())) {
      assertThat(db.getProperty("strata.strategy")).contains("leveled");
    }
    assertThatThrownBy(() -> Strata.open(dir.resolve("x"),
        Options.builder().compactionStrategy("nope").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown compaction strategy 'nope'")
        .hasMessageContaining("leveled")
        .hasMessageNotContaining("built-in");
    assertThatThrownBy(() -> Strata.open(dir.resolve("y"),
        Options.builder().tableFormat("csv").build()))
        .hasMessageContaining("unknown table format 'csv'").hasMessageContaining("block-based");
    assertThatThrownBy(() -> Strata.open(dir.resolve("z"),
        Options.builder().strategyOption("l0_trigger", "4").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'l0_trigger'")
        .hasMessageContaining("l0_compaction_trigger");
    assertThatThrownBy(() -> Strata.open(dir.resolve("t"), Options.builder()
        .compactionStrategy("tiered").strategyOption("min_treshold", "6").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'min_treshold'")
        .hasMessageContaining("min_threshold").hasMessageContaining("bucket_low");
    assertThatThrownBy(() -> Strata.open(dir.resolve("u"), Options.builder()
        .compactionStrategy("tiered").strategyOption("min_threshold", "1").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad value 1 for option 'min_threshold' of strategy tiered");
    assertThatThrownBy(() -> Strata.open(dir.resolve("v"),
        Options.builder().compactionStrategy("teired").build()))
        .hasMessageContaining("unknown compaction strategy 'teired'")
        .hasMessageContaining("tiered");
    assertThat(Files.exists(dir.resolve("x").resolve("CURRENT"))).isFalse();
    assertThat(Files.exists(dir.resolve("t").resolve("CURRENT"))).isFalse();
  }

  @Test
  void createIfMissingAndErrorIfExists() throws IOException {
    assertThatThrownBy(() -> Strata.open(dir.resolve("absent"),
        Options.builder().createIfMissing(false).build()))
        .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    Strata.open(dir, Options.defaults()).close();
    assertThatThrownBy(() -> Strata.open(dir, Options.builder().errorIfExists(true).build()))
        .isInstanceOf(IOException.class).hasMessageContaining("exists");
  }

  @Test
  void closedDatabaseRefusesUse() throws IOException {
    Db db = Strata.open(dir, Options.defaults());
    DbIterator it = db.newIterator();
    db.close();
    db.close(); // idempotent
    assertThatThrownBy(() -> db.get(b("a"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> db.put(b("a"), b("b"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::seekToFirst).isInstanceOf(IllegalStateException.class);
    it.close();
  }

  @Test
  void snapshotsSeeTheirPointInTime() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("k"), b("v1"));
      try (Snapshot s = db.getSnapshot()) {
        db.put(b("k"), b("v2"));
        db.delete(b("k"));
        ReadOptions at = ReadOptions.builder().snapshot(s).build();
        assertThat(db.get(at, b("k"))).isEqualTo(b("v1"));
        DbTesting.flushMemTable(db);
        db.compactRange(null, null);
        assertThat(db.get(at, b("k"))).isEqualTo(b("v1"));
        try (DbIterator it = db.newIterator(at)) {
          it.seekToFirst();
          assertThat(it.isValid()).isTrue();
          assertThat(it.value()).isEqualTo(b("v1"));
        }
        assertThat(db.get(b("k"))).isNull();
      }
    }
  }

  @Test
  void propertiesAndApproximateSizes() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(64 << 10).build())) {
      java.util.Random rnd = new java.util.Random(1);
      for (int i = 0; i < 2000; i++) {
        byte[] value = new byte[1000];
        rnd.nextBytes(value);
        db.put(b(String.format("k%06d", i)), value);
      }
      DbTesting.flushMemTable(db);
      DbTesting.awaitQuiescence(db);
      int files = 0;
      for (int level = 0; level < 7; level++) {
        files += Integer.parseInt(db.getProperty("strata.num-files-at-level" + level).get());
      }
      assertThat(files).isPositive();
      assertThat(db.getProperty("strata.stats").get()).contains("Level").contains("leveled");
      assertThat(db.getProperty("strata.sstables").get()).contains("--- level 0 ---");
      assertThat(db.getProperty("strata.nope")).isEmpty();
      long[] sizes = db.getApproximateSizes(List.of(new Range(b("k000000"), b("k001000")),
          new Range(b("k001000"), b("k002000")), new Range(b("x"), b("y"))));
      assertThat(sizes[0]).isBetween(500_000L, 1_500_000L);
      assertThat(sizes[1]).isBetween(500_000L, 1_500_000L);
      assertThat(sizes[2]).isZero();
    }
  }

  @Test
  void tombstonesAreDroppedAtTheBottomOfTheTree() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(64 << 10).build())) {
      for (int i = 0; i < 5000; i++) {
        db.put(b(String.format("k%05d", i)), new byte[100]);
      }
      db.compactRange(null, null);
      assertThat(fileCount(db)).isPositive();
      try (Snapshot s = db.getSnapshot()) {
        for (int i = 0; i < 5000; i++) {
          db.delete(b(String.format("k%05d", i)));
        }
        db.compactRange(null, null);
        // The snapshot still sees the values: neither they nor their tombstones may go.
        assertThat(fileCount(db)).isPositive();
        assertThat(db.get(ReadOptions.builder().snapshot(s).build(), b("k00042"))).isNotNull();
      }
      db.put(b("zzz"), b("1")); // a newer sequence, so the released snapshot is behind all
      db.delete(b("zzz"));
      db.compactRange(null, null);
      assertThat(fileCount(db)).as(db.getProperty("strata.sstables").get()).isZero();
      assertThat(db.get(b("k00042"))).isNull();
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(it.isValid()).isFalse();
      }
    }
  }

  @Test
  void anInterruptedWriterDoesNotBreakTheLog() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(256 << 10).build())) {
      Thread.currentThread().interrupt();
      try {
        // Enough to map new log chunks and switch memtables while the flag is set.
        for (int i = 0; i < 30_000; i++) {
          db.put(b("k" + i), new byte[100]);
        }
        db.put(WriteOptions.SYNC, b("synced"), b("yes"));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      db.put(b("after"), b("ok"));
      assertThat(db.get(b("k29999"))).hasSize(100);
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("synced"))).isEqualTo(b("yes"));
      assertThat(db.get(b("after"))).isEqualTo(b("ok"));
    }
  }

  @Test
  void iteratorKeysAndValuesFromTablesAreTheCallersToChange() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("k"), b("value"));
      DbTesting.flushMemTable(db);
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        byte[] v = it.value();
        byte[] k = it.key();
        v[0] = 'X';
        k[0] = 'X';
        assertThat(it.value()).isEqualTo(b("value"));
        assertThat(it.key()).isEqualTo(b("k"));
      }
      assertThat(db.get(b("k"))).isEqualTo(b("value"));
    }
  }

  /** A user comparator other than bytewise: reverse order, through flushes and compactions. */
  @Test
  void aCustomComparatorOrdersEverythingAndIsCheckedAtReopen() throws IOException {
    io.strata.api.KeyComparator reverse = new io.strata.api.KeyComparator() {
      @Override
      public String name() {
        return "test.Reverse";
      }

      @Override
      public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return java.util.Arrays.compareUnsigned(b, bOff, bOff + bLen, a, aOff, aOff + aLen);
      }

      @Override
      public byte[] findShortestSeparator(byte[] start, byte[] limit) {
        return start;
      }

      @Override
      public byte[] findShortSuccessor(byte[] key) {
        return key;
      }
    };
    Options options = Options.builder().comparator(reverse).writeBufferSizeBytes(64 << 10).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 3000; i++) {
        db.put(b(String.format("k%04d", i)), b("v" + i));
      }
      DbTesting.flushMemTable(db);
      db.compactRange(null, null);
      db.put(b("k0005"), b("new"));
      assertThat(db.get(b("k2999"))).isEqualTo(b("v2999"));
      assertThat(db.get(b("k0005"))).isEqualTo(b("new"));
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(it.key()).isEqualTo(b("k2999"));
        it.seekToLast();
        assertThat(it.key()).isEqualTo(b("k0000"));
      }
    }
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.Reverse");
  }

  private static int fileCount(Db db) {
    int files = 0;
    for (int level = 0; level < 7; level++) {
      files += Integer.parseInt(db.getProperty("strata.num-files-at-level" + level).get());
    }
    return files;
  }
}
