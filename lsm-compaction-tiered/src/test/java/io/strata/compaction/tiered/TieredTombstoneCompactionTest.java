package io.strata.compaction.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;

import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tiered strategy's single-file tombstone compactions, from synthetic stats. */
class TieredTombstoneCompactionTest {
  private static final TieredCompactionOptions OPTIONS = TieredCompactionOptions.defaults();

  private static TieredCompactionStrategy strategy(Map<Long, TableStats> stats) {
    return new TieredCompactionStrategy(OPTIONS, TableStatsSource.of(stats),
        Ticker.systemTicker());
  }

  @Test
  void deletionHeavyFileNoOlderRunOverlapsIsCompactedAlone() {
    // File 12 holds keys a..c, newer than 11 (m..z): nothing older may hold its keys.
    Version v = TreeShape.parse(List.of(
        "L0: 12:[a.40-c.31]:1M@31-40 11:[m.30-z.21]:40M@21-30"));
    Map<Long, TableStats> stats = Map.of(
        12L, new TableStats(1000, 300),
        11L, new TableStats(100_000, 0));

    Compaction c = strategy(stats).pickCompaction(v).orElseThrow();

    assertThat(TreeShape.format(c)).isEqualTo("L0 12 -> L0");
    assertThat(c.reason()).isEqualTo(
        "tombstones: file 12 at level 0, 30% of its entries deletions (threshold 20%)");
    assertThat(strategy(stats).levelScores(v)[0]).isEqualTo(1.0);
    assertThat(new TieredCompactionStrategy(OPTIONS).pickCompaction(v)).isEmpty();
    assertThat(new TieredCompactionStrategy(OPTIONS).levelScores(v)[0]).isLessThan(1);
  }

  @Test
  void fileAnOlderRunOverlapsIsNotPicked() {
    // Its tombstones would have to stay for the older data of 11: a rewrite drops nothing.
    Version v = TreeShape.parse(List.of(
        "L0: 12:[a.40-n.31]:1M@31-40 11:[m.30-z.21]:40M@21-30"));
    Map<Long, TableStats> stats = Map.of(12L, new TableStats(1000, 1000));

    assertThat(strategy(stats).pickCompaction(v)).isEmpty();
    assertThat(strategy(stats).levelScores(v)[0]).isLessThan(1);
  }

  @Test
  void oldestRunAndLevelFilesQualify() {
    Version v = TreeShape.parse(List.of(
        "L0: 12:[a.40-c.31]:1M@31-40",
        "L1: 20:[a.5-m.5]:10M 21:[n.5-z.5]:10M"));
    // The level-0 file overlaps level 1; file 21 of the oldest run has nothing older.
    Map<Long, TableStats> stats = Map.of(
        12L, new TableStats(1000, 1000),
        20L, new TableStats(1000, 100),
        21L, new TableStats(1000, 500));

    Compaction c = strategy(stats).pickCompaction(v).orElseThrow();

    assertThat(TreeShape.format(c)).isEqualTo("L1 21 -> L1 ; cut 64M");
  }

  @Test
  void highestRatioFirstOlderOnATie() {
    Version v = TreeShape.parse(List.of(
        "L0: 13:[a.50-b.41]:1M@41-50 12:[c.40-d.31]:1M@31-40 11:[e.30-f.21]:10M@21-30"));
    Map<Long, TableStats> stats = new HashMap<>(Map.of(
        13L, new TableStats(1000, 500),
        12L, new TableStats(1000, 500),
        11L, new TableStats(1000, 300)));

    assertThat(TreeShape.format(strategy(stats).pickCompaction(v).orElseThrow()))
        .isEqualTo("L0 12 -> L0");
    stats.put(13L, new TableStats(1000, 501));
    assertThat(TreeShape.format(strategy(stats).pickCompaction(v).orElseThrow()))
        .isEqualTo("L0 13 -> L0");
  }

  @Test
  void atOrUnderTheThresholdNothingHappens() {
    Version v = TreeShape.parse(List.of("L0: 12:[a.40-c.31]:1M@31-40"));

    assertThat(strategy(Map.of(12L, new TableStats(1000, 200))).pickCompaction(v)).isEmpty();
    assertThat(strategy(Map.of()).pickCompaction(v)).isEmpty();
    TieredCompactionStrategy off = new TieredCompactionStrategy(
        TieredCompactionOptions.builder().tombstoneThreshold(1).build(),
        TableStatsSource.of(Map.of(12L, new TableStats(1000, 1000))), Ticker.systemTicker());
    assertThat(off.pickCompaction(v)).isEmpty();
  }

  @Test
  void otherMergesComeFirst() {
    // Four runs of a bucket: the size-tiered merge is due, the tombstones wait.
    Version v = TreeShape.parse(List.of(
        "L0: 14:[a.70-b.61]:1M@61-70 13:[c.60-d.51]:1M@51-60 12:[e.50-f.41]:1M@41-50"
            + " 11:[g.40-h.31]:1M@31-40"));
    Map<Long, TableStats> stats = Map.of(14L, new TableStats(1000, 1000));

    assertThat(TreeShape.format(strategy(stats).pickCompaction(v).orElseThrow()))
        .isEqualTo("L0 14,13,12,11 -> L0");
  }

  @Test
  void rewriteThatDroppedNothingIsNotPickedAgainWithinTheInterval() {
    // A snapshot kept the tombstones: the output, file 13, is file 12 again.
    AtomicLong nanos = new AtomicLong(1_000);
    Ticker ticker = new Ticker() {
      @Override
      public long read() {
        return nanos.get();
      }
    };
    TieredCompactionStrategy s = new TieredCompactionStrategy(
        TieredCompactionOptions.builder().tombstoneCompactionIntervalSeconds(60).build(),
        TableStatsSource.of(Map.of(
            12L, new TableStats(1000, 500),
            13L, new TableStats(1000, 500),
            14L, new TableStats(1000, 400))), ticker);
    Version before = TreeShape.parse(List.of("L0: 12:[a.40-c.31]:1M@31-40"));
    Version same = TreeShape.parse(List.of("L0: 13:[a.40-c.31]:1M@31-40"));
    Version fewer = TreeShape.parse(List.of("L0: 14:[a.40-c.31]:1M@31-40"));

    assertThat(s.levelScores(before)[0]).isEqualTo(1.0);
    assertThat(s.pickCompaction(before)).isPresent();
    assertThat(s.pickCompaction(before)).isPresent(); // the same file, asked again
    assertThat(s.pickCompaction(same)).isEmpty();
    assertThat(s.levelScores(same)[0]).isZero();
    assertThat(s.pickCompaction(fewer)).isPresent(); // some tombstones were dropped
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertThat(s.pickCompaction(same)).isEmpty();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(s.pickCompaction(same)).isPresent(); // the snapshot may be gone: try again
  }

  @Test
  void aRunOfDeletionsWeighsTheDataItDeletesInSpaceAmplification() {
    // 1M of tombstones over 10M of older data: 10% by bytes, under the 200% limit.
    Version v = TreeShape.parse(List.of(
        "L0: 12:[a.40-z.31]:1M@31-40 11:[a.30-z.21]:10M@21-30"));
    Map<Long, TableStats> stats = Map.of(
        12L, new TableStats(40_000, 40_000),
        11L, new TableStats(100_000, 0));

    assertThat(new TieredCompactionStrategy(OPTIONS).pickCompaction(v)).isEmpty();
    // 11M over 100k non-deletions is 115 bytes each; 40k deletions weigh 40k * 115 * 2 = 9.2M
    // more, and with 1M of bytes the newer run holds 10.2M: above 200% of 10M? No: 102%.
    assertThat(strategy(stats).pickCompaction(v)).isEmpty();
    Map<Long, TableStats> more = Map.of(
        12L, new TableStats(100_000, 100_000),
        11L, new TableStats(100_000, 0));
    // 100k deletions weigh 100k * 115 * 2 = 23M: 24M is over 200% of 10M.
    Compaction c = strategy(more).pickCompaction(v).orElseThrow();
    assertThat(TreeShape.format(c)).isEqualTo("L0 12,11 -> L0");
    assertThat(c.reason()).startsWith("space amplification: newer runs hold ");
    assertThat(strategy(more).levelScores(v)[0]).isGreaterThan(1);
  }
}
