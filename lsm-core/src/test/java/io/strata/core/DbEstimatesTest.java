package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Statistics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata.estimate-num-keys}, the block cache properties and the bytes read. */
class DbEstimatesTest {
  @TempDir Path dir;

  private static byte[] key(int k) {
    return String.format("key%08d", k).getBytes(UTF_8);
  }

  private static long estimate(Db db) {
    return Long.parseLong(db.getProperty("strata.estimate-num-keys").orElseThrow());
  }

  private static long exactCount(Db db) throws IOException {
    long n = 0;
    try (DbIterator it = db.newIterator(ReadOptions.DEFAULT)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void exactForDistinctKeysInTablesAndMemtable() throws IOException {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).build();
    try (Db db = Strata.open(dir, options)) {
      assertThat(estimate(db)).isZero();
      for (int k = 0; k < 5000; k++) {
        db.put(key(k), new byte[50]);
        if (k % 1700 == 0) {
          db.flush();
        }
      }
      db.waitForCompactions();
      assertThat(db.statistics().liveTableFiles()).isPositive();
      // Distinct keys, never overwritten: every entry is a live key.
      assertThat(estimate(db)).isEqualTo(exactCount(db)).isEqualTo(5000);
    }
    // Reopened: the counts come from the tables' properties again.
    try (Db db = Strata.open(dir, options)) {
      assertThat(estimate(db)).isEqualTo(5000);
    }
  }

  @Test
  void deletionsAreSubtractedWithinTenPercent() throws IOException {
    long seed = System.nanoTime();
    System.out.println("seed " + seed);
    Random r = new Random(seed);
    // The deletes stay in the memtable until the first check: a compaction meanwhile could
    // drop the values they delete and keep the tombstones (above the last level), which the
    // estimate, as RocksDB's, would then subtract twice.
    Options options = Options.builder().writeBufferSizeBytes(4 << 20).build();
    try (Db db = Strata.open(dir, options)) {
      for (int k = 0; k < 6000; k++) {
        db.put(key(k), new byte[40]);
      }
      db.flush();
      for (int i = 0; i < 2000; i++) {
        db.delete(key(r.nextInt(6000)));
      }
      long exact = exactCount(db);
      // Tombstones still in the memtable: RocksDB's num entries - 2 x num deletions.
      assertThat(estimate(db)).isBetween((long) (exact * 0.9), (long) (exact * 1.1));
      db.flush();
      db.compactRange(null, null);
      exact = exactCount(db);
      assertThat(estimate(db)).isBetween((long) (exact * 0.9), (long) (exact * 1.1));
    }
  }

  @Test
  void bytesReadAndBlockCacheFigures() throws IOException {
    Options options = Options.builder().blockCacheSizeBytes(1 << 20).build();
    try (Db db = Strata.open(dir, options)) {
      for (int k = 0; k < 100; k++) {
        db.put(key(k), new byte[k]);
      }
      db.flush();
      long expected = 0;
      for (int k = 0; k < 100; k++) {
        expected += db.get(key(k)).length;
      }
      assertThat(db.get(key(1000))).isNull();
      List<byte[]> values = db.multiGet(Arrays.asList(key(10), key(20), key(1000)));
      expected += values.get(0).length + values.get(1).length;
      Statistics s = db.statistics();
      assertThat(s.userBytesRead()).isEqualTo(expected).isEqualTo(4950 + 30);
      assertThat(s.blockCacheCapacityBytes()).isEqualTo(1 << 20);
      assertThat(s.blockCacheUsageBytes()).isPositive();
      assertThat(db.getProperty("strata.block-cache-capacity")).contains("1048576");
      assertThat(Long.parseLong(db.getProperty("strata.block-cache-usage").orElseThrow()))
          .isPositive();
    }
  }
}
