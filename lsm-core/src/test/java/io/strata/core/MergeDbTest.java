package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompactionInfo;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.EventListener;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.core.merge.UInt64AddOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merges end to end on real files: the write path's checks, gets and iterators through the
 * memtable and tables, compactions that collapse operands (and keep what snapshots need), and the
 * merge operator recorded in the OPTIONS file.
 */
class MergeDbTest {
  @TempDir Path dir;

  private static Options counters() {
    return Options.builder().mergeOperator("uint64add").build();
  }

  @Test
  void aMergeWithoutAnOperatorFailsAndWritesNothing() throws Exception {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("k"), b("v"));
      assertThatThrownBy(() -> db.merge(b("k"), b("x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a merge needs a merge operator")
          .hasMessageContaining("nothing was written");
      WriteBatch batch = new WriteBatch().put(b("other"), b("1")).merge(b("k"), b("x"));
      assertThatThrownBy(() -> db.write(batch)).isInstanceOf(IllegalStateException.class);
      assertThat(db.get(b("other"))).isNull();
      assertThat(db.get(b("k"))).isEqualTo(b("v"));
      db.put(b("k2"), b("v2")); // the database goes on
      assertThat(db.get(b("k2"))).isEqualTo(b("v2"));
    }
  }

  @Test
  void countersAddUpThroughMemtableTablesAndCompactions() throws Exception {
    try (Db db = Strata.open(dir, counters())) {
      db.put(b("c"), UInt64AddOperator.encode(100));
      db.flush();
      for (int i = 0; i < 10; i++) {
        db.merge(b("c"), UInt64AddOperator.encode(1));
      }
      db.flush();
      db.merge(b("c"), UInt64AddOperator.encode(5));
      db.merge(b("fresh"), UInt64AddOperator.encode(7));
      assertThat(counter(db, "c")).isEqualTo(115);
      assertThat(counter(db, "fresh")).isEqualTo(7);
      db.compactRange(null, null);
      assertThat(counter(db, "c")).isEqualTo(115);
      db.delete(b("c"));
      db.merge(b("c"), UInt64AddOperator.encode(2));
      assertThat(counter(db, "c")).isEqualTo(2); // a delete ends the operands' reach
      db.flush();
      db.compactRange(null, null);
      assertThat(counter(db, "c")).isEqualTo(2);
    }
  }

  @Test
  void iteratorsResolveMergesInBothDirectionsAndUnderSnapshots() throws Exception {
    Options options = Options.builder().mergeOperator("stringappend").build();
    try (Db db = Strata.open(dir, options)) {
      db.put(b("a"), b("a0"));
      db.merge(b("b"), b("b1"));
      db.put(b("c"), b("c0"));
      db.flush();
      db.merge(b("a"), b("a1"));
      db.merge(b("b"), b("b2"));
      db.delete(b("c"));
      db.merge(b("c"), b("c1"));
      db.merge(b("d"), b("d1"));
      Snapshot s = db.getSnapshot();
      db.merge(b("a"), b("a2"));
      db.merge(b("d"), b("d2"));
      List<String> expected = List.of("a=a0,a1,a2", "b=b1,b2", "c=c1", "d=d1,d2");
      List<String> atSnapshot = List.of("a=a0,a1", "b=b1,b2", "c=c1", "d=d1");
      assertThat(scan(db, ReadOptions.DEFAULT, true)).isEqualTo(expected);
      assertThat(scan(db, ReadOptions.DEFAULT, false)).isEqualTo(reversed(expected));
      ReadOptions at = ReadOptions.builder().snapshot(s).build();
      assertThat(scan(db, at, true)).isEqualTo(atSnapshot);
      assertThat(scan(db, at, false)).isEqualTo(reversed(atSnapshot));
      try (DbIterator it = db.newIterator()) {
        it.seek(b("b"));
        assertThat(s(it.value())).isEqualTo("b1,b2");
        it.prev();
        assertThat(s(it.key()) + "=" + s(it.value())).isEqualTo("a=a0,a1,a2");
        it.next();
        it.next();
        assertThat(s(it.key()) + "=" + s(it.value())).isEqualTo("c=c1");
        it.prev();
        assertThat(s(it.key()) + "=" + s(it.value())).isEqualTo("b=b1,b2");
      }
      db.compactRange(null, null);
      assertThat(scan(db, ReadOptions.DEFAULT, true)).isEqualTo(expected);
      assertThat(scan(db, at, true)).isEqualTo(atSnapshot);
      assertThat(s(db.get(at, b("a")))).isEqualTo("a0,a1");
      s.close();
    }
  }

  @Test
  void compactionCollapsesOperandsButKeepsWhatASnapshotSees() throws Exception {
    AtomicLong lastWritten = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    EventListener listener = new EventListener() {
      @Override
      public void onCompactionCompleted(CompactionInfo info) {
        if (!info.trivialMove()) {
          lastWritten.set(info.entriesIn() - info.entriesDropped());
          dropped.addAndGet(info.entriesDropped());
        }
      }
    };
    Options options = Options.builder().mergeOperator("uint64add").listener(listener).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 100; i++) {
        db.merge(b("c"), UInt64AddOperator.encode(1));
        if (i % 25 == 24) {
          db.flush();
        }
      }
      db.compactRange(null, null);
      db.waitForCompactions();
      assertThat(counter(db, "c")).isEqualTo(100);
      // 100 operands, with nothing below them, become one put.
      assertThat(dropped.get()).as("entries dropped by the compactions").isEqualTo(99);
      assertThat(lastWritten.get()).isEqualTo(1);

      for (int i = 0; i < 10; i++) {
        db.merge(b("c"), UInt64AddOperator.encode(1));
      }
      Snapshot s = db.getSnapshot();
      for (int i = 0; i < 10; i++) {
        db.merge(b("c"), UInt64AddOperator.encode(1));
      }
      db.flush();
      db.compactRange(null, null);
      db.waitForCompactions();
      assertThat(counter(db, "c")).isEqualTo(120);
      assertThat(UInt64AddOperator.decode(
          db.get(ReadOptions.builder().snapshot(s).build(), b("c")))).isEqualTo(110);
      // The snapshot splits the operands: the newer ten are one operand or put, the older ten
      // merge onto the put of 100 below them.
      assertThat(lastWritten.get()).isEqualTo(2);
      s.close();
      db.compactRange(null, null);
      assertThat(counter(db, "c")).isEqualTo(120);
    }
    // Reopened: still resolved, and nothing needs naming the operator.
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(counter(db, "c")).isEqualTo(120);
      db.merge(b("c"), UInt64AddOperator.encode(1));
      assertThat(counter(db, "c")).isEqualTo(121);
    }
  }

  @Test
  void aGetFollowsOperandsIntoTheNextFileOfALevel() throws Exception {
    // Small output files and a snapshot after each merge: the compaction keeps every operand
    // apart and cuts its output inside the key's entries, so they span several files of a level.
    Options options = Options.builder().mergeOperator("stringappend")
        .compactionStrategy("leveled").strategyOption("target_file_size_base", "4096").build();
    try (Db db = Strata.open(dir, options)) {
      StringBuilder expected = new StringBuilder();
      java.util.Random rnd = new java.util.Random(7);
      // Random letters, so that compression does not shrink the files below the target.
      java.util.function.Supplier<String> text = () -> rnd.ints(3000, 'a', 'z' + 1)
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
          .toString();
      String base = text.get();
      db.put(b("k"), b(base));
      expected.append(base);
      List<Snapshot> snapshots = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String operand = text.get();
        db.merge(b("k"), b(operand));
        expected.append(',').append(operand);
        snapshots.add(db.getSnapshot());
      }
      db.compactRange(null, null);
      long tables;
      try (Stream<Path> files = Files.list(dir)) {
        tables = files.filter(f -> f.toString().endsWith(".ldb")).count();
      }
      assertThat(tables).as("tables holding the key's entries").isGreaterThan(1);
      assertThat(s(db.get(b("k")))).isEqualTo(expected.toString());
      assertThat(scan(db, ReadOptions.DEFAULT, false)).containsExactly("k=" + expected);
      for (Snapshot snapshot : snapshots) {
        snapshot.close();
      }
    }
  }

  @Test
  void theOperatorIsRecordedAndAnotherIsRefused() throws Exception {
    try (Db db = Strata.open(dir, counters())) {
      db.merge(b("c"), UInt64AddOperator.encode(3));
    }
    String before = optionsFileText();
    assertThat(before).contains("[MergeOperator]\n  name=uint64add\n");
    assertThatThrownBy(() -> Strata.open(dir,
        Options.builder().mergeOperator("stringappend").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the options name merge operator 'stringappend' but the database"
            + " was written with 'uint64add'");
    assertThat(optionsFileText()).isEqualTo(before);
    try (Db db = Strata.open(dir, counters())) { // naming the same one is fine
      assertThat(counter(db, "c")).isEqualTo(3);
    }
    assertThat(optionsFileText()).isEqualTo(before);
  }

  @Test
  void anOperatorCanBeAddedToADatabaseThatHadNone() throws Exception {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("k"), b("v"));
    }
    assertThat(optionsFileText()).doesNotContain("MergeOperator");
    Options append = Options.builder().mergeOperator("stringappend")
        .mergeOperatorOption("delimiter", "+").build();
    try (Db db = Strata.open(dir, append)) {
      db.merge(b("k"), b("w"));
      assertThat(s(db.get(b("k")))).isEqualTo("v+w");
    }
    assertThat(optionsFileText()).contains("name=stringappend\n[MergeOperatorOptions]\n"
        + "  delimiter=%2B\n");
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.merge(b("k"), b("x"));
      assertThat(s(db.get(b("k")))).isEqualTo("v+w+x"); // the recorded delimiter
    }
  }

  @Test
  void anUnknownOperatorFailsTheOpenNamingTheOnesFound() {
    assertThatThrownBy(() -> Strata.open(dir, Options.builder().mergeOperator("max").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown merge operator 'max'; found: stringappend, uint64add");
  }

  @Test
  void anInstanceIsRecordedByNameAndMustBeFoundAgain() throws Exception {
    MergeOperator max = new MergeOperator() {
      @Override
      public String name() {
        return "max";
      }

      @Override
      public Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existing,
          List<byte[]> operands) {
        byte[] best = existing.orElse(new byte[0]);
        for (byte[] o : operands) {
          best = java.util.Arrays.compareUnsigned(o, best) > 0 ? o : best;
        }
        return Optional.of(best);
      }
    };
    Options options = Options.builder().mergeOperator(max).build();
    try (Db db = Strata.open(dir, options)) {
      db.merge(b("k"), b("b"));
      db.merge(b("k"), b("c"));
      db.merge(b("k"), b("a"));
      assertThat(s(db.get(b("k")))).isEqualTo("c");
    }
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("merge operator max (recorded in OPTIONS)")
        .hasMessageContaining("unknown merge operator 'max'");
    try (Db db = Strata.open(dir, options)) {
      assertThat(s(db.get(b("k")))).isEqualTo("c");
    }
  }

  @Test
  void mergesInTheLogAreReplayedOnReopen() throws Exception {
    try (Db db = Strata.open(dir, counters())) {
      db.merge(b("c"), UInt64AddOperator.encode(1));
      db.write(new WriteBatch().merge(b("c"), UInt64AddOperator.encode(2))
          .put(b("p"), b("q")).merge(b("d"), UInt64AddOperator.encode(4)));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(counter(db, "c")).isEqualTo(3);
      assertThat(counter(db, "d")).isEqualTo(4);
      assertThat(db.get(b("p"))).isEqualTo(b("q"));
    }
  }

  private String optionsFileText() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      Path p = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-"))
          .filter(f -> !f.getFileName().toString().endsWith(".dbtmp"))
          .max(Path::compareTo).orElseThrow();
      return Files.readString(p);
    }
  }

  private static long counter(Db db, String key) throws Exception {
    return UInt64AddOperator.decode(db.get(b(key)));
  }

  private static List<String> scan(Db db, ReadOptions ro, boolean forward) throws Exception {
    List<String> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      if (forward) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.add(s(it.key()) + "=" + s(it.value()));
        }
      } else {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          out.add(s(it.key()) + "=" + s(it.value()));
        }
      }
    }
    return out;
  }

  private static List<String> reversed(List<String> l) {
    List<String> r = new ArrayList<>(l);
    java.util.Collections.reverse(r);
    return r;
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }
}
