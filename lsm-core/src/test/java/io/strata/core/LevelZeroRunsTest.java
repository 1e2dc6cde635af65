package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs merged into level 0 by a strategy that does not keep LevelDB's layout: the merged run
 * sorts by the age of its data, not by its new file number, across reopens; a tombstone survives
 * a merge that leaves an older run holding its key, and goes in a merge of everything.
 */
class LevelZeroRunsTest {
  @TempDir Path dir;

  /**
   * A strategy that merges into one level-0 run exactly the level-0 files the test names, while
   * they are all live (a pure function of the Version, as the SPI asks).
   */
  private static final class ScriptedProvider implements CompactionStrategyProvider {
    final AtomicReference<Set<Long>> merge = new AtomicReference<>(Set.of());

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public CompactionStrategy create(PluginContext context, Map<String, String> options) {
      return new CompactionStrategy() {
        @Override
        public String name() {
          return "scripted";
        }

        @Override
        public Optional<Compaction> pickCompaction(Version version) {
          Set<Long> numbers = merge.get();
          List<FileMetaData> inputs = version.files(0).stream()
              .filter(f -> numbers.contains(f.fileNumber())).toList();
          if (numbers.isEmpty() || inputs.size() != numbers.size()) {
            return Optional.empty();
          }
          return Optional.of(new Compaction(ImmutableList.of(new Compaction.LevelInputs(0,
              ImmutableList.copyOf(inputs))), 0, ImmutableList.of(), Long.MAX_VALUE, 0, false,
              Optional.empty(), "test merge"));
        }

        @Override
        public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
            byte[] end) {
          return Optional.empty();
        }

        @Override
        public WriteStall writeStall(Version version) {
          return WriteStall.NONE;
        }
      };
    }
  }

  /** Asks for a merge of the level-0 files at positions [from, to), newest first. */
  private static void mergeLevel0(ScriptedProvider provider, Db db, int from, int to)
      throws Exception {
    provider.merge.set(DbTesting.currentVersion(db).files(0).subList(from, to).stream()
        .map(FileMetaData::fileNumber).collect(Collectors.toSet()));
    DbTesting.awaitQuiescence(db);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mergedRunsSortByAgeAndKeepTombstonesThatHideOlderRuns() throws Exception {
    ScriptedProvider provider = new ScriptedProvider();
    Options options = Options.builder().compactionStrategy("scripted")
        .compactionStrategyProvider(provider).build();
    try (Db db = Strata.open(dir, options)) {
      db.put(b("k"), b("old"));
      db.put(b("a"), b("1"));
      DbTesting.flushMemTable(db); // oldest run: k=old
      db.delete(b("k"));
      db.put(b("b"), b("2"));
      DbTesting.flushMemTable(db); // middle run: the tombstone of k
      db.put(b("c"), b("3"));
      DbTesting.flushMemTable(db); // newest run
      mergeLevel0(provider, db, 0, 2); // newest and middle, not the oldest
      assertThat(DbTesting.currentVersion(db).files(0)).hasSize(2);
      assertThat(db.get(b("k"))).as("tombstone kept above the older run").isNull();

      db.put(b("k2"), b("4"));
      DbTesting.flushMemTable(db);
      db.put(b("x"), b("6"));
      DbTesting.flushMemTable(db);
      mergeLevel0(provider, db, 1, 3); // the k2 run and the first merge, not the newest

      List<FileMetaData> level0 = DbTesting.currentVersion(db).files(0);
      assertThat(level0).hasSize(3);
      // The merged run has the largest file number but sorts after the newer flush.
      FileMetaData merged = level0.get(1);
      assertThat(merged.fileNumber()).isGreaterThan(level0.get(0).fileNumber());
      assertThat(merged.writer()).isEqualTo("scripted");
      assertThat(level0.get(0).smallestSequence()).isGreaterThan(merged.largestSequence());
      assertThat(merged.smallestSequence()).isGreaterThan(level0.get(2).largestSequence());
      assertThat(db.get(b("k"))).as("tombstone kept above the older run").isNull();
      assertThat(db.get(b("k2"))).isEqualTo(b("4"));
      assertThat(db.getProperty("strata.sstables").orElseThrow()).contains("by scripted");
    }
    try (Db db = Strata.open(dir, options)) {
      assertThat(db.get(b("k"))).isNull();
      assertThat(DbTesting.currentVersion(db).files(0))
          .extracting(FileMetaData::hasSequenceRange).containsOnly(true);
      db.put(b("z"), b("5"));
      DbTesting.flushMemTable(db);
      mergeLevel0(provider, db, 0, 4); // everything: the tombstone has nothing to hide
      assertThat(DbTesting.currentVersion(db).files(0)).hasSize(1);
      assertThat(db.get(b("k"))).isNull();
      for (String k : new String[] {"a", "b", "c", "k2"}) {
        assertThat(db.get(b(k))).as(k).isNotNull();
      }
      assertThat(db.getProperty("strata.strategy-switch").orElseThrow())
          .isEqualTo("scripted (since the database was created)");
    }
  }
}
