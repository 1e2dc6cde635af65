package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.testing.HeldFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted table gives its disk space back when its last reader lets go, not when the garbage
 * collector gets round to it: once a compaction has deleted a table that reads had opened, this
 * process holds no descriptor and no memory mapping of it. Checked exactly through Linux's
 * {@code /proc/self} ({@link HeldFiles}); skipped elsewhere. No {@code System.gc()} anywhere.
 */
class DeletedTableSpaceTest {
  private static final int KEYS = 40_000;

  @TempDir Path dir;

  @BeforeEach
  void onLinux() {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private static byte[] value(int i, String version) {
    byte[] v = new byte[100];
    Arrays.fill(v, (byte) ('a' + i % 26));
    byte[] tag = (version + i).getBytes(UTF_8);
    System.arraycopy(tag, 0, v, 0, tag.length);
    return v;
  }

  private static Options options() {
    // Uncompressed, so that 40,000 entries of 100 bytes make tables of several MiB.
    return Options.builder().compression(CompressionType.NONE).build();
  }

  /** Writes every key and moves them into tables, replacing the tables of earlier loads. */
  private static void load(Db db, String version) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      db.put(key(i), value(i, version));
    }
    db.compactRange(null, null);
    DbTesting.awaitQuiescence(db);
  }

  /** Reads every key once through the table cache, which opens every table. */
  private static void readAll(Db db, String version) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      assertThat(db.get(key(i))).isEqualTo(value(i, version));
    }
  }

  /** Loads and reads version "v1-": several MiB of tables, held open; returns their names. */
  private Set<String> firstTablesOpen(Db db) throws IOException {
    load(db, "v1-");
    readAll(db, "v1-");
    Set<String> first = tables();
    assertThat(sizeOf(first)).as("bytes of the first tables").isGreaterThan(4L << 20);
    assertThat(HeldFiles.under(dir)).as("tables open for reads")
        .anyMatch(h -> h.contains(".ldb"));
    return first;
  }

  @Test
  void aTableCompactedAwayIsNoLongerHeldOpen() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      Set<String> first = firstTablesOpen(db);

      load(db, "v2-");
      assertThat(tables()).as("the first tables were deleted").doesNotContainAnyElementsOf(first);
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("deleted, still held").isEmpty();
      readAll(db, "v2-");
    }
  }

  @Test
  void aTablePinnedByAnIteratorIsReleasedWhenTheIteratorCloses() throws Exception {
    try (Db db = Strata.open(dir, options())) {
      Set<String> first = firstTablesOpen(db);
      DbIterator it = db.newIterator();
      it.seekToFirst();
      assertThat(it.key()).isEqualTo(key(0));

      load(db, "v2-");
      assertThat(tables()).as("kept while the iterator reads them").containsAll(first);
      for (int i = 0; i < KEYS; i++) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.value()).isEqualTo(value(i, "v1-"));
        it.next();
      }
      it.close();

      assertThat(tables()).as("deleted after the iterator").doesNotContainAnyElementsOf(first);
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("deleted, still held").isEmpty();
    }
  }

  private Set<String> tables() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .collect(Collectors.toSet());
    }
  }

  private long sizeOf(Set<String> names) throws IOException {
    long total = 0;
    for (String n : names) {
      total += Files.size(dir.resolve(n));
    }
    return total;
  }
}
