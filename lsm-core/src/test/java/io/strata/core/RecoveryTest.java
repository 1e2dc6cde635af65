package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WalRecoveryMode;
import io.strata.api.WriteBatch;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void closeWithoutFlushKeepsEverythingInTheLog() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 1000; i++) {
        db.put(b("k" + i), b("v" + i));
      }
      db.delete(b("k7"));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k999"))).isEqualTo(b("v999"));
      assertThat(db.get(b("k7"))).isNull();
      db.put(b("after"), b("reopen"));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k0"))).isEqualTo(b("v0"));
      assertThat(db.get(b("after"))).isEqualTo(b("reopen"));
    }
  }

  /** Copies the directory of an open database: what a crash at this moment leaves on disk. */
  @Test
  void abandonedInstanceRecoversEveryAcknowledgedWrite() throws IOException {
    Path copy = dir.resolve("crashed");
    Path live = dir.resolve("live");
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).build();
    Db db = Strata.open(live, options);
    try {
      for (int i = 0; i < 5000; i++) {
        db.put(b(String.format("k%05d", i)), b("v" + i));
      }
      DbTesting.awaitQuiescence(db);
      for (int i = 5000; i < 5100; i++) {
        db.put(b(String.format("k%05d", i)), b("v" + i));
      }
      // No flush or compaction in flight while copying, so that the copy is one moment's state.
      DbTesting.awaitQuiescence(db);
      Files.createDirectories(copy);
      try (Stream<Path> files = Files.list(live)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          if (!p.getFileName().toString().equals("LOCK")) {
            Files.copy(p, copy.resolve(p.getFileName()));
          }
        }
      }
    } finally {
      db.close();
    }
    try (Db recovered = Strata.open(copy, options)) {
      for (int i = 0; i < 5100; i++) {
        assertThat(recovered.get(b(String.format("k%05d", i)))).isEqualTo(b("v" + i));
      }
    }
  }

  /** A child JVM writes and halts without closing; the parent reopens its directory. */
  @Test
  void killedProcessRecoversEveryAcknowledgedWrite() throws Exception {
    String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        CrashingWriter.class.getName(), dir.toString(), "20000")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(out).contains("acked 20000");
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 20000; i++) {
        assertThat(db.get(b("key" + i))).as("key%s", i).isEqualTo(b("value" + i));
      }
    }
  }

  @Test
  void tornRecordAtTheTailOfTheLastLogIsDropped() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 100; i++) {
        db.put(b("k" + i), b("v" + i));
      }
      db.write(new WriteBatch().put(b("last1"), new byte[5000]).put(b("last2"), b("x")));
    }
    Path log = newestLog();
    long size = Files.size(log);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(size - 100); // cut the last record in the middle
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k99"))).isEqualTo(b("v99"));
      assertThat(db.get(b("last1"))).isNull();
      assertThat(db.get(b("last2"))).isNull(); // the batch is all or nothing
    }
  }

  /**
   * A log zero-filled ahead of its writer (as logs written through a memory mapping were): a
   * crash in the middle of a record leaves a record whose checksum fails followed only by zeros.
   * That is a torn tail too.
   */
  @Test
  void halfWrittenRecordFollowedByZerosInTheNewestLogIsATornTail() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 100; i++) {
        db.put(b("k" + i), b("v" + i));
      }
    }
    Path log = newestLog();
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      long end = f.length();
      f.seek(end);
      // A FULL record header claiming 200 bytes, its checksum never written, half the payload.
      f.write(new byte[] {0, 0, 0, 0, (byte) 200, 0, 1});
      f.write(new byte[] {1, 12, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 'x'});
      f.setLength(end + (1 << 16)); // the rest of the mapping: zeros
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k99"))).isEqualTo(b("v99"));
      assertThat(db.get(b("x"))).isNull();
    }
  }

  /**
   * A bad checksum in the newest log with intact records after it is damage, not a torn tail:
   * by default the open fails and changes no file; with point-in-time recovery, replay ends
   * there (no write after it is applied) and the log is kept under {@code lost/}.
   */
  @Test
  void checksumMismatchInTheNewestLogFailsTheOpenOrEndsReplayThere() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 100; i++) {
        db.put(b("k" + i), b("v" + i));
      }
    }
    Path log = newestLog();
    flipByte(log, 40); // inside the second record (the first takes 26 bytes)
    List<String> before = listing();
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(log.getFileName() + " at offset 26: damaged record at offset 26")
        .hasMessageContaining("98 intact record(s)");
    assertThat(listing()).isEqualTo(before);
    try (Db db = Strata.open(dir, Options.builder()
        .walRecoveryMode(WalRecoveryMode.POINT_IN_TIME_RECOVERY).build())) {
      assertThat(db.get(b("k0"))).isEqualTo(b("v0"));
      for (int i = 1; i < 100; i++) {
        assertThat(db.get(b("k" + i))).as("k%s", i).isNull();
      }
    }
    assertThat(dir.resolve("lost").resolve(log.getFileName())).exists();
  }

  @Test
  void corruptedTableBlockIsReportedNotReturned() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 1000; i++) {
        db.put(b(String.format("k%04d", i)), b("value-" + i));
      }
      DbTesting.flushMemTable(db);
    }
    Path table;
    try (Stream<Path> s = Files.list(dir)) {
      table = s.filter(p -> p.toString().endsWith(".ldb")).findFirst().orElseThrow();
    }
    flipByte(table, 100);
    try (Db db = Strata.open(dir, Options.defaults())) {
      // Checksums are verified by default: the damage is reported, never returned as data.
      assertThatThrownBy(() -> {
        try (DbIterator it = db.newIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            it.value();
          }
        }
      }).isInstanceOf(CorruptionException.class).hasMessageContaining(
          table.getFileName().toString());
      assertThatThrownBy(() -> db.get(b("k0000"))).isInstanceOf(CorruptionException.class)
          .hasMessageContaining(table.getFileName().toString()).hasMessageContaining("offset 0");
    }
  }

  private Path newestLog() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".log")).max(Path::compareTo).orElseThrow();
    }
  }

  private List<String> listing() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        try {
          out.add(p.getFileName() + ":" + Files.size(p));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    out.sort(null);
    return out;
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int v = f.read();
      f.seek(offset);
      f.write(v ^ 0x5a);
    }
  }
}
