package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power loss with range deletions in the write-ahead log, some flushed to tables and some only
 * in the log: the reopened database holds exactly what a {@link TreeMap} model of every write
 * acknowledged with {@code sync=true} holds, before and after a full compaction.
 */
class RangeDeletionCrashTest {
  @TempDir Path root;

  @Test
  void syncedRangeDeletionsInTheLogSurviveAPowerLoss() throws Exception {
    Path dir = root.resolve("db");
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(PowerLossTest.DISK);
    Options options = Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10).build();
    Db db = Strata.open(dir, options);
    TreeMap<String, String> model = new TreeMap<>();
    Random rnd = new Random(42);
    int keys = 400;
    for (int i = 0; i < 3000; i++) {
      int k = rnd.nextInt(keys);
      if (i % 25 == 0) {
        int end = Math.min(keys, k + 1 + rnd.nextInt(40));
        if (i % 50 == 0) {
          db.deleteRange(WriteOptions.SYNC, key(k), key(end));
        } else { // in a batch, after a put it deletes
          db.write(WriteOptions.SYNC, new WriteBatch().put(key(k), value(i))
              .deleteRange(key(k), key(end)).put(key(end - 1), value(i)));
          model.put(name(k), "v" + i);
        }
        model.subMap(name(k), name(end)).clear();
        if (i % 50 != 0) {
          model.put(name(end - 1), "v" + i);
        }
      } else {
        db.put(WriteOptions.SYNC, key(k), value(i));
        model.put(name(k), "v" + i);
      }
      if (i == 1200) {
        db.flush(); // part of the tombstones in a table, the rest only in the log
      }
    }
    fs.crash();
    try {
      db.close();
    } catch (Exception e) {
      // The simulated power loss closed every file: closing may fail, as intended.
    }
    try (Db reopened = Strata.open(dir, Options.builder().fileSystem(PowerLossTest.DISK)
        .build())) {
      assertThat(contents(reopened)).isEqualTo(model);
      reopened.compactRange(null, null);
      assertThat(contents(reopened)).isEqualTo(model);
      for (int k = 0; k < keys; k++) {
        byte[] v = reopened.get(key(k));
        assertThat(v == null ? null : new String(v, StandardCharsets.US_ASCII))
            .as("key %s", k).isEqualTo(model.get(name(k)));
      }
    }
  }

  private static TreeMap<String, String> contents(Db db) throws Exception {
    TreeMap<String, String> out = new TreeMap<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(new String(it.key(), StandardCharsets.US_ASCII),
            new String(it.value(), StandardCharsets.US_ASCII));
      }
    }
    return out;
  }

  private static String name(int k) {
    return String.format("key%04d", k);
  }

  private static byte[] key(int k) {
    return name(k).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    return ("v" + i).getBytes(StandardCharsets.US_ASCII);
  }
}
