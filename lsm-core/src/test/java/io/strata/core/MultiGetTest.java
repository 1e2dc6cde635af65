package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Db.multiGet}: answers in the caller's order, null where absent, duplicates allowed,
 * the same as one {@code get} per key, at a snapshot too; null keys fail naming the index.
 */
class MultiGetTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void answersInTheCallersOrderAcrossMemtableAndTables() throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("MultiGetTest seed " + seed + " (replay: -Dstrata.seed=" + seed + ")");
    Random rnd = new Random(seed);
    try (Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(64 << 10).build())) {
      for (int i = 0; i < 3000; i++) {
        int k = rnd.nextInt(1000);
        if (rnd.nextInt(6) == 0) {
          db.delete(b("key" + k));
        } else {
          db.put(b("key" + k), b("v" + i + "-" + "x".repeat(rnd.nextInt(200))));
        }
      }
      db.flush();
      for (int i = 0; i < 200; i++) {
        db.put(b("key" + rnd.nextInt(1000)), b("mem" + i));
      }
      for (int round = 0; round < 20; round++) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          keys.add(b("key" + rnd.nextInt(1100))); // some never written
        }
        keys.add(keys.get(0)); // a duplicate
        List<byte[]> values = db.multiGet(keys);
        assertThat(values).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
          assertThat(values.get(i)).as("seed %s key %s", seed, new String(keys.get(i), UTF_8))
              .isEqualTo(db.get(keys.get(i)));
        }
      }
    }
  }

  @Test
  void readsAtOneSnapshot() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("1")));
      try (Snapshot s = db.getSnapshot()) {
        db.write(new WriteBatch().put(b("a"), b("2")).delete(b("b")).put(b("c"), b("2")));
        db.flush();
        List<byte[]> old = db.multiGet(ReadOptions.builder().snapshot(s).build(),
            List.of(b("c"), b("b"), b("a")));
        assertThat(old.get(0)).isNull();
        assertThat(old.get(1)).isEqualTo(b("1"));
        assertThat(old.get(2)).isEqualTo(b("1"));
      }
      List<byte[]> now = db.multiGet(List.of(b("c"), b("b"), b("a"), b("c")));
      assertThat(now.get(0)).isEqualTo(b("2"));
      assertThat(now.get(1)).isNull();
      assertThat(now.get(2)).isEqualTo(b("2"));
      assertThat(now.get(3)).isEqualTo(b("2"));
      assertThat(db.multiGet(List.of())).isEmpty();
    }
  }

  @Test
  void nullKeysAreRejectedNamingTheIndex() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThatThrownBy(() -> db.multiGet(Arrays.asList(b("a"), b("b"), null)))
          .isInstanceOf(NullPointerException.class).hasMessage("keys[2]");
      assertThatThrownBy(() -> db.multiGet(null))
          .isInstanceOf(NullPointerException.class).hasMessage("keys");
    }
  }
}
