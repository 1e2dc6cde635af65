package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots and iterators keep reading one point in time while compactions rewrite the tree. */
class IteratorStabilityTest {
  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  @Test
  void iteratorAndSnapshotSurviveCompactionsAndPinTheirFiles() throws Exception {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10)
        .compression(CompressionType.NONE)
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .strategyOption("target_file_size_base", Integer.toString(64 << 10)).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 20_000; i++) {
        db.put(key(i), ("v1-" + i).getBytes(UTF_8));
      }
      DbTesting.flushMemTable(db);
      DbTesting.awaitQuiescence(db);
      Set<String> tablesBefore = tables();
      Snapshot snapshot = db.getSnapshot();
      DbIterator it = db.newIterator();
      it.seekToFirst();
      // Rewrite everything and compact while the iterator is half-way.
      for (int i = 0; i < 10_000; i++) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(key(i));
        it.next();
      }
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 20_000; i++) {
            if (i % 3 == 0) {
              db.delete(key(i));
            } else {
              db.put(key(i), ("v2-" + i).getBytes(UTF_8));
            }
          }
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      writer.start();
      writer.join();
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
      assertThat(tables()).as("files pinned by the iterator are kept").containsAll(tablesBefore);
      for (int i = 10_000; i < 20_000; i++) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(key(i));
        assertThat(it.value()).isEqualTo(("v1-" + i).getBytes(UTF_8));
        it.next();
      }
      assertThat(it.isValid()).isFalse();
      it.close();
      ReadOptions at = ReadOptions.builder().snapshot(snapshot).build();
      for (int i = 0; i < 20_000; i += 7) {
        assertThat(db.get(at, key(i))).isEqualTo(("v1-" + i).getBytes(UTF_8));
        assertThat(db.get(key(i))).isEqualTo(i % 3 == 0 ? null : ("v2-" + i).getBytes(UTF_8));
      }
      snapshot.close();
      // Once nothing pins them, a compaction deletes the old tables.
      db.put(key(1), "v3".getBytes(UTF_8));
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
      Set<String> after = tables();
      assertThat(after).doesNotContainAnyElementsOf(tablesBefore);
    }
  }

  private Set<String> tables() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .collect(Collectors.toSet());
    }
  }
}
