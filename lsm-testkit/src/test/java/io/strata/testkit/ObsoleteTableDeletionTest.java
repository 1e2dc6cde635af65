package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table that a compaction made obsolete while a reader still held it is deleted when the last
 * reader lets go: by the release itself, with no later write, flush or compaction.
 */
class ObsoleteTableDeletionTest {
  private static final int KEYS = 2000;
  private static final Pattern TABLE_LINE = Pattern.compile("(?m)^ (\\d+):");

  @TempDir Path dir;

  /** A write buffer large enough that nothing is flushed or compacted unless asked. */
  private static Options options() {
    return Options.builder().compression(CompressionType.NONE).build();
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private static byte[] value(int generation, int i) {
    return ("value-" + generation + "-" + i).getBytes(UTF_8);
  }

  private void writeGeneration(Db db, int generation) throws IOException {
    for (int i = 0; i < KEYS; i++) {
      db.put(key(i), value(generation, i));
    }
    db.compactRange(null, null); // flushes, then rewrites every table
  }

  @Test
  void tableIsDeletedWhenTheLastIteratorOnItCloses() throws IOException {
    try (Db db = Strata.open(dir, options())) {
      writeGeneration(db, 1);
      Set<String> first = liveTables(db);
      assertThat(first).isNotEmpty();
      assertThat(tables()).isEqualTo(first);

      DbIterator it = db.newIterator();
      Snapshot snapshot = db.getSnapshot();
      DbIterator atSnapshot = db.newIterator(ReadOptions.builder().snapshot(snapshot).build());
      it.seekToFirst();
      assertThat(it.key()).isEqualTo(key(0));

      writeGeneration(db, 2);
      Set<String> second = liveTables(db);
      assertThat(second).as("the compaction rewrote every table").doesNotContainAnyElementsOf(
          first);
      assertThat(tables()).as("obsolete but pinned").containsAll(first).containsAll(second);

      // Both iterators read their point in time from the obsolete tables.
      for (int i = 0; i < KEYS; i++) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.value()).isEqualTo(value(1, i));
        it.next();
      }
      assertThat(it.isValid()).isFalse();
      it.close();
      assertThat(tables()).as("still pinned by the snapshot's iterator").containsAll(first);

      atSnapshot.seekToLast();
      for (int i = KEYS - 1; i >= 0; i--) {
        assertThat(atSnapshot.key()).isEqualTo(key(i));
        assertThat(atSnapshot.value()).isEqualTo(value(1, i));
        atSnapshot.prev();
      }
      atSnapshot.close();
      assertThat(tables()).as("deleted by the last release").isEqualTo(second);

      // A snapshot pins no file: the compaction kept what it sees, in the new tables.
      assertThat(db.get(ReadOptions.builder().snapshot(snapshot).build(), key(7)))
          .isEqualTo(value(1, 7));
      assertThat(db.get(key(7))).isEqualTo(value(2, 7));
      snapshot.close();
    }
  }

  @Test
  void eachVersionsTablesGoWithItsOwnLastReader() throws IOException {
    try (Db db = Strata.open(dir, options())) {
      writeGeneration(db, 1);
      Set<String> first = liveTables(db);
      DbIterator onFirst = db.newIterator();
      writeGeneration(db, 2);
      Set<String> second = liveTables(db);
      DbIterator onSecond = db.newIterator();
      writeGeneration(db, 3);
      Set<String> third = liveTables(db);
      assertThat(second).doesNotContainAnyElementsOf(first);
      assertThat(third).doesNotContainAnyElementsOf(first).doesNotContainAnyElementsOf(second);
      assertThat(tables()).containsAll(first).containsAll(second).containsAll(third);

      // Released out of order: the newer pinned Version goes first.
      onSecond.seek(key(10));
      assertThat(onSecond.value()).isEqualTo(value(2, 10));
      onSecond.close();
      assertThat(tables()).containsAll(first).doesNotContainAnyElementsOf(second)
          .containsAll(third);

      onFirst.seek(key(10));
      assertThat(onFirst.value()).isEqualTo(value(1, 10));
      onFirst.close();
      assertThat(tables()).isEqualTo(third);
      assertThat(db.get(key(10))).isEqualTo(value(3, 10));
    }
    // Nothing the engine still lists was deleted.
    try (Db db = Strata.open(dir, options())) {
      assertThat(db.get(key(KEYS - 1))).isEqualTo(value(3, KEYS - 1));
    }
  }

  @Test
  void iteratorOnTheCurrentVersionDeletesNothing() throws IOException {
    try (Db db = Strata.open(dir, options())) {
      writeGeneration(db, 1);
      Set<String> before = tables();
      assertThat(before).isEqualTo(liveTables(db));
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(it.value()).isEqualTo(value(1, 0));
      }
      assertThat(tables()).isEqualTo(before);
      assertThat(db.get(key(0))).isEqualTo(value(1, 0));
    }
  }

  /** The tables the current Version lists, from the {@code strata.sstables} property. */
  private static Set<String> liveTables(Db db) {
    String listing = db.getProperty("strata.sstables").orElseThrow();
    Set<String> names = new HashSet<>();
    Matcher m = TABLE_LINE.matcher(listing);
    while (m.find()) {
      names.add(String.format("%06d.ldb", Long.parseLong(m.group(1))));
    }
    return names;
  }

  private Set<String> tables() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .collect(Collectors.toCollection(HashSet::new));
    }
  }
}
