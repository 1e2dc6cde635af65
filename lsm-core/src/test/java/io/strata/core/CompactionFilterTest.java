package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction filter end to end: keep, remove and change at compaction; entries a snapshot
 * sees are left alone; a removal above the bottom leaves a tombstone so that older versions stay
 * hidden; what the factory is told; lookup by name.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompactionFilterTest {
  @TempDir Path dir;

  /** Wraps the prefix filter, recording each context and decision. */
  static final class Recording implements CompactionFilterFactory {
    final CompactionFilterFactory inner;
    final List<Context> contexts = new CopyOnWriteArrayList<>();
    /** {@code key -> decision} per filtered entry, with the context's bottommost flag. */
    final List<String> decisions = new CopyOnWriteArrayList<>();

    Recording(String removePrefix) {
      this.inner = PrefixFilterProvider.factory(removePrefix);
    }

    @Override
    public CompactionFilter createCompactionFilter(Context context) {
      contexts.add(context);
      CompactionFilter f = inner.createCompactionFilter(context);
      return new CompactionFilter() {
        @Override
        public Decision filter(int level, byte[] key, byte[] value) throws IOException {
          Decision d = f.filter(level, key, value);
          decisions.add(s(key) + "=" + s(value) + "->" + d.kind()
              + (context.bottommost() ? " bottom" : " above"));
          return d;
        }

        @Override
        public String name() {
          return "recording";
        }
      };
    }

    @Override
    public String name() {
      return "recording";
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  private static Options.Builder options(CompactionFilterFactory f) {
    return Options.builder().compactionFilterFactory(f).compactionStrategy("leveled")
        .strategyOptions(Map.of("max_mem_compact_level", "0", "l0_compaction_trigger", "2"));
  }

  private static List<String> scan(Db db, ReadOptions ro) throws IOException {
    List<String> out = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(s(it.key()) + "=" + s(it.value()));
      }
    }
    List<String> backward = new ArrayList<>();
    try (DbIterator it = db.newIterator(ro)) {
      for (it.seekToLast(); it.isValid(); it.prev()) {
        backward.add(0, s(it.key()) + "=" + s(it.value()));
      }
    }
    assertThat(backward).isEqualTo(out);
    return out;
  }

  @Test
  void keepsRemovesAndChangesAtCompaction() throws IOException {
    Recording f = new Recording("drop");
    try (Db db = Strata.open(dir, options(f).build())) {
      db.put(b("chg1"), b("v"));
      db.put(b("drop1"), b("v"));
      db.put(b("keep1"), b("v"));
      db.flush();
      // Before any compaction the filter has seen nothing: not applied at flush.
      assertThat(f.decisions).isEmpty();
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("chg1=v", "drop1=v", "keep1=v");
      db.compactRange(null, null);
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("chg1=v!", "keep1=v");
      assertThat(db.get(b("drop1"))).isNull();
      assertThat(db.get(b("chg1"))).isEqualTo(b("v!"));
    }
    try (Db db = Strata.open(dir, Options.builder().build())) {
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("chg1=v!", "keep1=v");
    }
  }

  @Test
  void leavesWhatASnapshotSeesAlone() throws IOException {
    Recording f = new Recording("drop");
    try (Db db = Strata.open(dir, options(f).build())) {
      db.put(b("drop-old"), b("v"));
      Snapshot snapshot = db.getSnapshot();
      db.put(b("drop-new"), b("v"));
      db.compactRange(null, null);
      // drop-old is at or below the snapshot: never handed to the filter; drop-new is above it.
      assertThat(f.decisions).noneMatch(d -> d.startsWith("drop-old"));
      assertThat(f.decisions).anyMatch(d -> d.startsWith("drop-new=v->REMOVE"));
      assertThat(s(db.get(b("drop-old")))).isEqualTo("v");
      assertThat(s(db.get(ReadOptions.builder().snapshot(snapshot).build(), b("drop-old"))))
          .isEqualTo("v");
      assertThat(db.get(b("drop-new"))).isNull();
      snapshot.close();
      db.compactRange(null, null);
      assertThat(db.get(b("drop-old"))).isNull();
      assertThat(scan(db, ReadOptions.DEFAULT)).isEmpty();
    }
  }

  @Test
  void removalAboveTheBottomLeavesATombstone() throws IOException {
    // "bad" values are removed; the old value of the same key sits in a deeper level.
    Recording f = new Recording("never");
    CompactionFilterFactory badRemover = new CompactionFilterFactory() {
      @Override
      public CompactionFilter createCompactionFilter(Context context) {
        CompactionFilter inner = f.createCompactionFilter(context);
        return new CompactionFilter() {
          @Override
          public Decision filter(int level, byte[] key, byte[] value) throws IOException {
            inner.filter(level, key, value);
            return s(value).equals("bad") ? Decision.REMOVE : Decision.KEEP;
          }

          @Override
          public String name() {
            return "bad-remover";
          }
        };
      }

      @Override
      public String name() {
        return "bad-remover";
      }
    };
    try (Db db = Strata.open(dir, options(badRemover).build())) {
      db.put(b("a"), b("x"));
      db.put(b("k"), b("old"));
      db.put(b("z"), b("x"));
      db.compactRange(null, null);
      assertThat(deepestLevel(db)).isGreaterThan(1);
      f.contexts.clear();
      // Two overlapping level-0 files make the strategy compact them into level 1, above the
      // level that holds k=old.
      db.put(b("a"), b("w"));
      db.put(b("k"), b("bad"));
      db.put(b("z"), b("w"));
      db.flush();
      db.put(b("a"), b("y"));
      db.put(b("z"), b("y"));
      db.flush();
      db.waitForCompactions();
      assertThat(f.contexts).isNotEmpty();
      CompactionFilterFactory.Context c = f.contexts.get(0);
      assertThat(c.manual()).isFalse();
      assertThat(c.inputLevels()).containsExactly(0);
      assertThat(c.outputLevel()).isEqualTo(1);
      assertThat(c.bottommost()).isFalse();
      assertThat(c.strategy()).isEqualTo("leveled");
      assertThat(f.decisions).contains("k=bad->KEEP above");
      assertThat(db.get(b("k"))).as("k=old must not come back").isNull();
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("a=y", "z=y");
      db.compactRange(null, null);
      assertThat(db.get(b("k"))).isNull();
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("a=y", "z=y");
    }
  }

  /** The deepest level of {@code db} holding a file. */
  private static int deepestLevel(Db db) {
    Version v = DbTesting.currentVersion(db);
    int deepest = -1;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      if (v.numFiles(level) > 0) {
        deepest = level;
      }
    }
    return deepest;
  }

  @Test
  void tellsTheFactoryAboutTheCompaction() throws IOException {
    Recording f = new Recording("drop");
    try (Db db = Strata.open(dir, options(f).build())) {
      db.put(b("a"), b("1"));
      db.put(b("b"), b("1"));
      db.compactRange(null, null);
      assertThat(f.contexts).isNotEmpty();
      assertThat(f.contexts).allMatch(CompactionFilterFactory.Context::manual);
      assertThat(f.contexts).allMatch(c -> c.strategy().equals("leveled"));
      CompactionFilterFactory.Context first = f.contexts.get(0);
      assertThat(first.inputLevels()).containsExactly(0);
      assertThat(first.startLevel()).isEqualTo(0);
      assertThat(first.outputLevel()).isEqualTo(1);
      // Nothing below: the first compaction of a new database is at the bottom.
      assertThat(first.bottommost()).isTrue();
      CompactionFilterFactory.Context last = f.contexts.get(f.contexts.size() - 1);
      assertThat(last.outputLevel()).isEqualTo(last.startLevel() + 1);
      assertThat(last.bottommost()).isTrue();
    }
  }

  @Test
  void findsAFilterByName() throws IOException {
    Options o = Options.builder().compactionFilter("prefix")
        .compactionFilterOptions(Map.of("remove", "gone")).build();
    try (Db db = Strata.open(dir, o)) {
      db.put(b("gone1"), b("v"));
      db.put(b("drop1"), b("v"));
      db.compactRange(null, null);
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("drop1=v");
    }
    assertThatThrownBy(() -> Strata.open(dir, Options.builder().compactionFilter("nope").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown compaction filter 'nope'; found: prefix");
    assertThatThrownBy(() -> Strata.open(dir, Options.builder().compactionFilter("prefix")
        .compactionFilterOptions(Map.of("bogus", "1")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'bogus' for compaction filter 'prefix'");
  }

  @Test
  void aFailingFilterFailsTheCompactionAndLeavesTheDataAlone() throws IOException {
    CompactionFilterFactory failing = new CompactionFilterFactory() {
      @Override
      public CompactionFilter createCompactionFilter(Context context) {
        return new CompactionFilter() {
          @Override
          public Decision filter(int level, byte[] key, byte[] value) throws IOException {
            throw new IOException("filter failed on " + s(key));
          }

          @Override
          public String name() {
            return "failing";
          }
        };
      }

      @Override
      public String name() {
        return "failing";
      }
    };
    try (Db db = Strata.open(dir, options(failing).build())) {
      db.put(b("k"), b("v"));
      assertThatThrownBy(() -> db.compactRange(null, null))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("filter failed on k");
      assertThatThrownBy(() -> db.put(b("k2"), b("v")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("read-only");
      assertThat(s(db.get(b("k")))).isEqualTo("v");
    }
    try (Db db = Strata.open(dir, Options.builder().build())) {
      assertThat(scan(db, ReadOptions.DEFAULT)).containsExactly("k=v");
    }
  }

  @Test
  void optionsRejectTwoFilters() {
    assertThatThrownBy(() -> Options.builder().compactionFilter("prefix")
        .compactionFilterFactory(new Recording("x")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both given");
    assertThatThrownBy(() -> Options.builder()
        .compactionFilterOptions(Map.of("remove", "x")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a compactionFilter name");
  }
}
