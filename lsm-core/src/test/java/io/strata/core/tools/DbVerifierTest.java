package io.strata.core.tools;

import static io.strata.core.tools.DbTestFiles.checksums;
import static io.strata.core.tools.DbTestFiles.flipByte;
import static io.strata.core.tools.DbTestFiles.manifest;
import static io.strata.core.tools.DbTestFiles.names;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.testing.ForwardingFileSystem;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbVerifierTest {
  @TempDir Path dir;

  private DbVerifier verifier() {
    return new DbVerifier(new LocalFileSystem(), dir, BytewiseComparator.INSTANCE);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  /** Two tables (one per compactRange) and a log. */
  @BeforeEach
  void fill() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 3000; i++) {
        db.put(b(String.format("a%05d", i)), b("value-" + i));
      }
      db.compactRange(null, null);
      for (int i = 0; i < 3000; i++) {
        db.put(b(String.format("b%05d", i)), b("value-" + i));
      }
      db.compactRange(b("b"), null);
      db.put(b("in-the-log"), b("x"));
    }
  }

  private DbVerifier.FileResult result(DbVerifier.Report r, String name) {
    return r.files().stream().filter(f -> f.fileName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void healthyDatabaseVerifiesAndNothingChanges() throws IOException {
    Map<String, Long> before = checksums(dir);
    DbVerifier.Report r = verifier().verify();
    assertThat(r.ok()).as("%s", r).isTrue();
    assertThat(r.files()).extracting(DbVerifier.FileResult::fileName)
        .contains("CURRENT", manifest(dir))
        .containsAll(names(dir, ".ldb"))
        .containsAll(names(dir, ".log"));
    assertThat(names(dir, ".ldb")).isNotEmpty();
    assertThat(result(r, names(dir, ".log").get(0)).detail()).contains("1 records");
    assertThat(checksums(dir)).isEqualTo(before);
  }

  @Test
  void damagedDataBlockIsReportedWithFileAndOffset() throws IOException {
    String table = names(dir, ".ldb").get(0);
    flipByte(dir.resolve(table), 10);
    DbVerifier.Report r = verifier().verify();
    assertThat(r.ok()).isFalse();
    DbVerifier.FileResult bad = result(r, table);
    assertThat(bad.ok()).isFalse();
    assertThat(bad.detail()).contains(table + " at offset 0").contains("checksum mismatch");
    assertThat(r.files().stream().filter(f -> !f.ok())).hasSize(1);
  }

  @Test
  void damagedFooterIndexAndLogAreReported() throws IOException {
    String table = names(dir, ".ldb").get(0);
    long size = Files.size(dir.resolve(table));
    flipByte(dir.resolve(table), size - 1); // magic number
    String log = names(dir, ".log").get(0);
    flipByte(dir.resolve(log), 12); // its only record: nothing follows, so a torn tail
    DbVerifier.Report r = verifier().verify();
    assertThat(result(r, table).detail()).contains("bad magic number")
        .contains("offset " + (size - 48));
    assertThat(result(r, log).verdict()).isEqualTo(DbVerifier.Verdict.TORN_TAIL);
    assertThat(result(r, log).damage()).isFalse();
    assertThat(result(r, log).detail()).contains("torn tail at offset 0");
  }

  /**
   * What a kill -9 leaves: a half-written table the MANIFEST never named, which open deletes.
   * An orphan, not damage; and a file verify does not know (an options file) is not read.
   */
  @Test
  void halfWrittenTableTheManifestNeverNamedIsAnOrphanNotDamage() throws IOException {
    String table = names(dir, ".ldb").get(0);
    byte[] bytes = Files.readAllBytes(dir.resolve(table));
    Files.write(dir.resolve("000900.ldb"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.write(dir.resolve("OPTIONS-000005"), b("[Version]\n"));
    DbVerifier.Report r = verifier().verify();
    assertThat(r.damaged()).as("%s", r).isFalse();
    assertThat(result(r, "000900.ldb").verdict()).isEqualTo(DbVerifier.Verdict.ORPHAN);
    assertThat(result(r, "000900.ldb").detail()).contains("not in the MANIFEST")
        .contains("incomplete");
    assertThat(r.findings()).isEqualTo(1);
    assertThat(r.files()).extracting(DbVerifier.FileResult::fileName)
        .doesNotContain("OPTIONS-000005");
  }

  /**
   * A database in use: flushes and compactions delete logs and tables while verify reads them.
   * A file that vanishes is re-checked, never reported as damage.
   */
  @Test
  void databaseInUseIsNeverReportedDamaged() throws Exception {
    Path live = dir.resolve("live");
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    try (Db db = Strata.open(live, Options.builder().writeBufferSizeBytes(64 << 10).build())) {
      Thread writer = new Thread(() -> {
        byte[] value = new byte[200];
        for (int i = 0; !stop.get(); i++) {
          try {
            db.put(b(String.format("k%07d", i % 200_000)), value);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
      writer.start();
      try {
        DbVerifier v = new DbVerifier(new LocalFileSystem(), live, BytewiseComparator.INSTANCE);
        for (int round = 0; round < 30; round++) {
          DbVerifier.Report r = v.verify();
          assertThat(r.damaged()).as("round %s: %s", round, r).isFalse();
        }
      } finally {
        stop.set(true);
        writer.join();
      }
    }
  }

  /**
   * The live database appends to its log through a mapping over zeros, so a read can catch the
   * record that spans the first block boundary not yet copied while the next block already holds
   * its LAST fragment. The first read of the log sees exactly that; the log is read again and is
   * not reported damaged. Damage that stays where it is still is (the test after this one).
   */
  @Test
  void appendInProgressSeenOnceIsNotDamage() throws IOException {
    Path live = dir.resolve("appending");
    String log = writeLogSpanningABlock(live);
    byte[] bytes = Files.readAllBytes(live.resolve(log));
    int first = firstFragmentStartInBlockZero(bytes);
    byte[] midAppend = bytes.clone();
    java.util.Arrays.fill(midAppend, first, 32 << 10, (byte) 0);
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    FileSystem racing = new ForwardingFileSystem(new LocalFileSystem()) {
      @Override
      public ReadableFile newReadableFileInUse(Path path) throws IOException {
        if (path.getFileName().toString().equals(log) && opens.getAndIncrement() == 0) {
          return new BytesFile(midAppend);
        }
        return super.newReadableFileInUse(path);
      }
    };

    DbVerifier.Report r = new DbVerifier(racing, live, BytewiseComparator.INSTANCE).verify();

    assertThat(opens.get()).as("the log was read twice").isEqualTo(2);
    assertThat(r.damaged()).as("%s", r).isFalse();
    assertThat(result(r, log).verdict()).isEqualTo(DbVerifier.Verdict.OK);
    assertThat(result(r, log).detail()).isEqualTo("200 records");
  }

  /** The same log with the record spanning the boundary damaged on disk: reported. */
  @Test
  void damageSeenTwiceInALiveLogIsReported() throws IOException {
    Path live = dir.resolve("damaged");
    String log = writeLogSpanningABlock(live);
    Path path = live.resolve(log);
    byte[] bytes = Files.readAllBytes(path);
    int first = firstFragmentStartInBlockZero(bytes);
    java.util.Arrays.fill(bytes, first, 32 << 10, (byte) 0);
    Files.write(path, bytes);

    DbVerifier.Report r = new DbVerifier(new LocalFileSystem(), live, BytewiseComparator.INSTANCE)
        .verify();

    assertThat(r.damaged()).as("%s", r).isTrue();
    assertThat(result(r, log).verdict()).isEqualTo(DbVerifier.Verdict.CORRUPT);
    assertThat(result(r, log).detail())
        .contains("damaged record at offset " + (32 << 10) + " (LAST record without a FIRST)");
  }

  /** A database in {@code db} whose log holds 200 records of 200 bytes; the log's name. */
  private static String writeLogSpanningABlock(Path db) throws IOException {
    try (Db d = Strata.open(db, Options.defaults())) {
      for (int i = 0; i < 200; i++) {
        d.put(b(String.format("k%05d", i)), new byte[200]);
      }
    }
    return names(db, ".log").get(0);
  }

  /** The offset of the FIRST fragment that ends block 0 of a log. */
  private static int firstFragmentStartInBlockZero(byte[] log) {
    int q = 0;
    while (q + 7 <= 32 << 10) {
      int length = (log[q + 4] & 0xff) | (log[q + 5] & 0xff) << 8;
      if (log[q + 6] == 2) { // FIRST
        return q;
      }
      q += 7 + length;
    }
    throw new AssertionError("no record spans the first block boundary");
  }

  /** A read-only file held in memory. */
  private static final class BytesFile implements ReadableFile {
    private final byte[] bytes;

    BytesFile(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
      if (position + length > bytes.length) {
        throw new java.io.EOFException("read past the end");
      }
      System.arraycopy(bytes, (int) position, dst, offset, length);
    }

    @Override
    public int read(long position, byte[] dst, int offset, int length) {
      int n = (int) Math.max(0, Math.min(length, bytes.length - position));
      System.arraycopy(bytes, (int) position, dst, offset, n);
      return n == 0 && length > 0 ? -1 : n;
    }

    @Override
    public void close() {}
  }

  @Test
  void damagedCurrentOrManifestIsReported() throws IOException {
    flipByte(dir.resolve("CURRENT"), 3);
    assertThat(result(verifier().verify(), "CURRENT").ok()).isFalse();
    flipByte(dir.resolve("CURRENT"), 3);
    String manifest = manifest(dir);
    flipByte(dir.resolve(manifest), 20);
    DbVerifier.Report r = verifier().verify();
    assertThat(result(r, manifest).ok()).isFalse();
    assertThat(result(r, manifest).detail()).contains(manifest + " at offset 0");
  }

  @Test
  void missingTableIsReported() throws IOException {
    String table = names(dir, ".ldb").get(0);
    Files.delete(dir.resolve(table));
    DbVerifier.Report r = verifier().verify();
    assertThat(result(r, table).ok()).isFalse();
    assertThat(result(r, table).detail()).startsWith("missing");
  }
}
