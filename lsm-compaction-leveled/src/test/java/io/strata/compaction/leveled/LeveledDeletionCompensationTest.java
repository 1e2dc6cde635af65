package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compensated sizes in the leveled strategy's scores and seed files, from synthetic stats; on
 * LevelDB's level sizes (10 MiB level 1), which the shapes below are drawn for, and its
 * round-robin seed file ({@code min_overlapping_ratio} weighs deletions in
 * {@link LeveledCompactionPriTest}).
 */
class LeveledDeletionCompensationTest {
  private static final LeveledCompactionOptions OPTIONS = TreeShape.levelDbPicking();

  private static LeveledCompactionStrategy strategy(Map<Long, TableStats> stats) {
    return new LeveledCompactionStrategy(OPTIONS, TableStatsSource.of(stats));
  }

  @Test
  void deletionHeavyLevelScoresAboveOne() {
    // Level 1 holds 5 MiB of tombstones over data of level 2: half its target by bytes.
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.9-c.9]:5M",
        "L2: 2:[a.1-z.1]:80M"));
    Map<Long, TableStats> stats = Map.of(
        1L, new TableStats(100_000, 100_000),
        2L, new TableStats(1_000_000, 0));

    double plain = new LeveledCompactionStrategy(OPTIONS).levelScores(v)[1];
    double compensated = strategy(stats).levelScores(v)[1];

    assertThat(plain).isEqualTo(0.5);
    // 85 MiB over 1M non-deletions is 89 bytes each; 100k deletions weigh 100k * 89 * 2.
    long average = (85L << 20) / 1_000_000;
    assertThat(compensated)
        .isEqualTo(((5L << 20) + 100_000 * average * 2) / (double) (10L << 20));
    assertThat(compensated).isGreaterThan(1);
    assertThat(new LeveledCompactionStrategy(OPTIONS).pickCompaction(v)).isEmpty();
    Compaction c = strategy(stats).pickCompaction(v).orElseThrow();
    assertThat(c.startLevel()).isEqualTo(1);
    assertThat(c.outputLevel()).isEqualTo(2);
    assertThat(c.reason()).contains("compensated for deletions; seed file 1");
  }

  @Test
  void deletionHeavyFileIsPickedFirst() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-z.1]:100M"));
    Map<Long, TableStats> stats = Map.of(
        1L, new TableStats(40_000, 0),
        2L, new TableStats(40_000, 30_000),
        3L, new TableStats(40_000, 0),
        4L, new TableStats(1_000_000, 0));

    assertThat(seed(new LeveledCompactionStrategy(OPTIONS), v)).isEqualTo(1);
    assertThat(seed(strategy(stats), v)).isEqualTo(2);
  }

  @Test
  void tieGoesToTheRoundRobinOrder() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-z.1]:100M",
        "pointer L1: c.5"));
    Map<Long, TableStats> stats = Map.of(
        1L, new TableStats(40_000, 40_000),
        2L, new TableStats(40_000, 0),
        3L, new TableStats(40_000, 40_000),
        4L, new TableStats(1_000_000, 0));

    // Files 1 and 3 weigh the same; past the pointer (c.5), file 3 comes first.
    assertThat(seed(strategy(stats), v)).isEqualTo(3);
  }

  @Test
  void fewDeletionsChangeNothing() {
    // Deletions under half the entries are not compensated (RocksDB's rule for steady loads).
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-z.1]:100M"));
    Map<Long, TableStats> stats = Map.of(
        1L, new TableStats(40_000, 0),
        2L, new TableStats(40_000, 19_999),
        3L, new TableStats(40_000, 20_000),
        4L, new TableStats(1_000_000, 0));

    assertThat(strategy(stats).levelScores(v))
        .containsExactly(new LeveledCompactionStrategy(OPTIONS).levelScores(v));
    assertThat(seed(strategy(stats), v)).isEqualTo(1);
  }

  @Test
  void unknownStatsAndNoDeletionsDecideAsLevelDb() {
    Version v = TreeShape.parse(List.of(
        "L0: 7:[a.9-c.9] 8:[b.9-d.9] 9:[c.9-e.9] 10:[d.9-f.9]",
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-z.1]:100M",
        "pointer L1: b.5"));
    LeveledCompactionStrategy plain = new LeveledCompactionStrategy(OPTIONS);
    Map<Long, TableStats> noDeletions = Map.of(
        1L, new TableStats(40_000, 0),
        2L, new TableStats(40_000, 0),
        4L, new TableStats(1_000_000, 0));

    for (LeveledCompactionStrategy s : List.of(strategy(Map.of()), strategy(noDeletions))) {
      assertThat(s.levelScores(v)).containsExactly(plain.levelScores(v));
      assertThat(s.pickCompaction(v)).isEqualTo(plain.pickCompaction(v));
      assertThat(s.estimatedPendingCompactionBytes(v))
          .isEqualTo(plain.estimatedPendingCompactionBytes(v));
    }
  }

  @Test
  void onlyDeletionsAnywhereHaveNoAverageToWeighThemBy() {
    Version v = TreeShape.parse(List.of("L1: 1:[a.5-b.5]:4M"));
    Map<Long, TableStats> stats = Map.of(1L, new TableStats(40_000, 40_000));

    assertThat(CompensatedSizes.of(v, TableStatsSource.of(stats)).averageValueBytes()).isZero();
    assertThat(strategy(stats).levelScores(v)[1]).isEqualTo(0.4);
  }

  /** The number of the start-level file a size compaction of level 1 is seeded with. */
  private static long seed(LeveledCompactionStrategy s, Version v) {
    Compaction c = s.pickCompaction(v).orElseThrow();
    assertThat(c.startLevel()).isEqualTo(1);
    return c.inputs().get(0).files().get(0).fileNumber();
  }
}
