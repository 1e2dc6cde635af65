package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new log's directory entry is synced by the first sync write after the log was created,
 * before the log itself, and not by the memtable switch that creates it: a writer switching
 * memtables never waits for a directory fsync.
 */
class LogDirectorySyncTest {
  private static final WriteOptions SYNC = WriteOptions.SYNC;

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static long logFiles(Path db) throws Exception {
    try (Stream<Path> files = Files.list(db)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).count();
    }
  }

  @Test
  void theFirstSyncWriteAfterALogIsCreatedSyncsTheDirectoryFirst() throws Exception {
    RecordingFileSystem fs = new RecordingFileSystem();
    Path db = dir.resolve("db");
    Options options = Options.builder().levelDbDefaults().writeBufferSizeBytes(64 << 10)
        .fileSystem(fs).build();
    String writer = Thread.currentThread().getName();
    try (Db d = Strata.open(db, options)) {
      fs.syncs.clear();
      d.put(SYNC, b("a"), b("1"));
      List<String> first = List.copyOf(fs.syncs);
      assertThat(first).hasSize(2);
      assertThat(first.get(0)).isEqualTo("sync-dir " + writer);
      assertThat(first.get(1)).startsWith("sync ").endsWith(".log");

      fs.syncs.clear();
      d.put(SYNC, b("b"), b("2"));
      assertThat(fs.syncs).containsExactly(first.get(1)); // the entry is durable already

      // Non-sync writes through several memtable switches: no directory sync by the writer.
      fs.syncs.clear();
      int switches = 0;
      long logs = logFiles(db);
      for (int i = 0; switches < 3; i++) {
        d.put(b("k" + i), new byte[200]);
        if (logFiles(db) != logs) {
          switches++;
          logs = logFiles(db);
        }
      }
      assertThat(fs.syncs).doesNotContain("sync-dir " + writer);

      fs.syncs.clear();
      d.put(SYNC, b("c"), b("3"));
      assertThat(fs.syncs).contains("sync-dir " + writer);
      assertThat(fs.syncs.indexOf("sync-dir " + writer))
          .isLessThan(fs.syncs.size() - 1); // before the log's own sync, the last
      assertThat(fs.syncs.get(fs.syncs.size() - 1)).startsWith("sync ").endsWith(".log");
    }
    try (Db d = Strata.open(db, Options.builder().levelDbDefaults().build())) {
      assertThat(d.get(b("a"))).isEqualTo(b("1"));
      assertThat(d.get(b("c"))).isEqualTo(b("3"));
    }
  }
}
