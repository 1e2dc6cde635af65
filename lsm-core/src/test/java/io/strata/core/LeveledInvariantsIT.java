package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads 1,000,000 random keys (db_bench's fillrandom shape) under the leveled strategy and checks
 * its invariants once compaction settles: levels from 1 hold disjoint files in order, and every
 * level is within its bound. {@code -Dstrata.invariants.keys=N} changes the count.
 */
class LeveledInvariantsIT {
  @TempDir Path dir;

  /** The shipped defaults: a 64 MiB level 1. */
  @Test
  void levelsAreDisjointAndWithinBoundsAfterARandomLoad() throws Exception {
    checkAfterARandomLoad(Options.builder(), 64L << 20);
  }

  /** LevelDB's sizes: a 10 MiB level 1, so that the load reaches more levels. */
  @Test
  void levelsAreDisjointAndWithinBoundsOnLevelDbSizes() throws Exception {
    checkAfterARandomLoad(Options.builder().levelDbDefaults(), 10L << 20);
  }

  private void checkAfterARandomLoad(Options.Builder builder, long levelOneBytes)
      throws Exception {
    int n = Integer.getInteger("strata.invariants.keys", 1_000_000);
    long seed = Long.getLong("strata.seed", 301);
    System.out.println("LeveledInvariantsIT keys=" + n + " seed=" + seed);
    Random rnd = new Random(seed);
    byte[] value = new byte[100];
    Options options = builder.compression(CompressionType.NONE).build();
    try (Db db = Strata.open(dir, options)) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < n; i++) {
        rnd.nextBytes(value);
        batch.put(String.format("%016d", rnd.nextInt(n)).getBytes(StandardCharsets.US_ASCII),
            value);
        if (batch.count() == 100) {
          db.write(batch);
          batch.clear();
        }
      }
      db.write(batch);
      DbTesting.flushMemTable(db);
      DbTesting.awaitQuiescence(db);
      Version v = DbTesting.currentVersion(db);
      System.out.println(db.getProperty("strata.stats").orElseThrow());
      InternalKeyComparator icmp = v.comparator();
      assertThat(v.numFiles(0)).isLessThan(4);
      long base = levelOneBytes;
      for (int level = 1; level < Version.NUM_LEVELS; level++) {
        List<FileMetaData> files = v.files(level);
        for (int i = 1; i < files.size(); i++) {
          assertThat(icmp.compare(files.get(i - 1).largest(), files.get(i).smallest()))
              .as("level %s files %s and %s overlap", level, i - 1, i).isNegative();
        }
        if (level < Version.NUM_LEVELS - 1) {
          assertThat(v.levelBytes(level)).as("level %s bytes", level).isLessThanOrEqualTo(base);
        }
        base *= 10;
      }
      assertThat(v.levelBytes(1) + v.levelBytes(2)).isPositive();
    }
  }
}
