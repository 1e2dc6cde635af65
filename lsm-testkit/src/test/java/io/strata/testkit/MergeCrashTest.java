package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import io.strata.core.merge.UInt64AddOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power loss with merge operands in the write-ahead log, some flushed to tables and some only
 * in the log: the reopened database, naming no merge operator, replays them with the recorded
 * one, keeps every merge acknowledged with {@code sync=true}, and adds up each counter exactly.
 */
class MergeCrashTest {
  @TempDir Path root;

  @Test
  void syncedMergesInTheLogSurviveAPowerLoss() throws Exception {
    Path dir = root.resolve("db");
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(PowerLossTest.DISK);
    Options options = Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10)
        .mergeOperator("uint64add").build();
    Db db = Strata.open(dir, options);
    int keys = 50;
    long[] expected = new long[keys];
    for (int i = 0; i < 3000; i++) {
      int k = (i * 7919) % keys;
      long delta = 1 + (i % 5);
      if (i % 3 == 0) {
        db.write(WriteOptions.SYNC, new WriteBatch().merge(key(k), UInt64AddOperator.encode(delta))
            .merge(key((k + 1) % keys), UInt64AddOperator.encode(1)));
        expected[(k + 1) % keys] += 1;
      } else {
        db.merge(WriteOptions.SYNC, key(k), UInt64AddOperator.encode(delta));
      }
      expected[k] += delta;
      if (i == 1000) {
        db.flush(); // part of the operands in a table, the rest only in the log
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
      for (int k = 0; k < keys; k++) {
        assertThat(UInt64AddOperator.decode(reopened.get(key(k)))).as("counter %s", k)
            .isEqualTo(expected[k]);
      }
      reopened.compactRange(null, null);
      for (int k = 0; k < keys; k++) {
        assertThat(UInt64AddOperator.decode(reopened.get(key(k)))).as("counter %s", k)
            .isEqualTo(expected[k]);
      }
    }
  }

  private static byte[] key(int k) {
    return String.format("counter%03d", k).getBytes(StandardCharsets.US_ASCII);
  }
}
