package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code compaction_pri} choice of the seed file, on LevelDB's level sizes (10 MiB level 1),
 * which the shapes below are drawn for: level 1 over its target, so that it is the level picked.
 */
class LeveledCompactionPriTest {
  private static final LeveledCompactionOptions ROUND_ROBIN = TreeShape.levelDbPicking();
  private static final LeveledCompactionOptions MIN_OVERLAPPING_RATIO =
      LeveledCompactionOptions.levelDbDefaults();

  @Test
  void minOverlappingRatioIsTheDefault() {
    assertThat(MIN_OVERLAPPING_RATIO.compactionPri()).isEqualTo(CompactionPri.MIN_OVERLAPPING_RATIO);
    assertThat(ROUND_ROBIN.compactionPri()).isEqualTo(CompactionPri.ROUND_ROBIN);
  }

  @Test
  void picksTheFileWithTheLeastNextLevelOverlap() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-b.1]:30M 5:[c.1-d.1]:2M 6:[e.1-f.1]:10M"));

    assertThat(seed(ROUND_ROBIN, v)).isEqualTo(1);
    Compaction c = pick(MIN_OVERLAPPING_RATIO, v);
    assertThat(c.inputs().get(0).files()).extracting(FileMetaData::fileNumber).containsExactly(2L);
    assertThat(c.inputs().get(1).files()).extracting(FileMetaData::fileNumber).containsExactly(5L);
  }

  @Test
  void ratioIsPerByteOfTheFile() {
    // File 1 overlaps 2 MiB with 1 MiB of its own (ratio 2); file 2 overlaps 8 MiB with 10 MiB.
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:1M 2:[c.5-d.5]:10M",
        "L2: 4:[a.1-b.1]:2M 5:[c.1-d.1]:8M"));

    assertThat(seed(MIN_OVERLAPPING_RATIO, v)).isEqualTo(2);
  }

  @Test
  void tieGoesToTheFirstFileInKeyOrderWhateverThePointer() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[c.1-d.1]:10M",
        "pointer L1: b.5"));

    assertThat(seed(ROUND_ROBIN, v)).isEqualTo(2);
    Compaction c = pick(MIN_OVERLAPPING_RATIO, v);
    assertThat(c.inputs().get(0).files().get(0).fileNumber()).isEqualTo(1);
    assertThat(c.trivialMove()).isTrue();
  }

  @Test
  void aNextLevelFileAcrossTwoFilesCountsForBoth() {
    // File 5 spans the ranges of files 1 and 2: counted for file 2 too, file 3 is the least.
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-c.5]:4M 2:[d.5-f.5]:4M 3:[g.5-h.5]:4M",
        "L2: 5:[b.1-e.1]:20M 6:[g.1-h.1]:15M"));

    assertThat(seed(MIN_OVERLAPPING_RATIO, v)).isEqualTo(3);
  }

  @Test
  void overlapIsByUserKeyAtTheBoundary() {
    // File 4 starts at file 1's largest user key with an older sequence number: they overlap.
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-c.5]:4M 2:[e.5-f.5]:8M",
        "L2: 4:[c.1-d.1]:20M 5:[e.1-f.1]:5M"));

    assertThat(seed(MIN_OVERLAPPING_RATIO, v)).isEqualTo(2);
  }

  @Test
  void deletionsMakeAFileWeighMoreAndGoFirst() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.5-b.5]:4M 2:[c.5-d.5]:4M 3:[e.5-f.5]:4M",
        "L2: 4:[a.1-b.1]:8M 5:[c.1-d.1]:8M 6:[e.1-f.1]:8M"));
    Map<Long, TableStats> stats = Map.of(
        1L, new TableStats(40_000, 0),
        2L, new TableStats(40_000, 0),
        3L, new TableStats(40_000, 30_000),
        4L, new TableStats(100_000, 0),
        5L, new TableStats(100_000, 0),
        6L, new TableStats(100_000, 0));

    assertThat(seed(MIN_OVERLAPPING_RATIO, v)).isEqualTo(1);
    LeveledCompactionStrategy withStats =
        new LeveledCompactionStrategy(MIN_OVERLAPPING_RATIO, TableStatsSource.of(stats));
    Compaction c = withStats.pickCompaction(v).orElseThrow();
    assertThat(c.inputs().get(0).files().get(0).fileNumber()).isEqualTo(3);
  }

  @Test
  void levelZeroKeepsItsRoundRobin() {
    Version v = TreeShape.parse(List.of(
        "L0: 7:[a.9-b.9] 8:[c.9-d.9] 9:[e.9-f.9] 10:[g.9-h.9]",
        "L1: 1:[a.5-b.5]:1M 2:[g.5-h.5]:1M",
        "pointer L0: b.9"));

    assertThat(pick(MIN_OVERLAPPING_RATIO, v).inputs())
        .isEqualTo(pick(ROUND_ROBIN, v).inputs());
    assertThat(pick(MIN_OVERLAPPING_RATIO, v).inputs().get(0).files().get(0).fileNumber())
        .isEqualTo(8);
  }

  @Test
  void walkAgreesWithOverlappingFilesOnRandomLevels() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int round = 0; round < 500; round++) {
      List<FileMetaData> files = randomRun(random, 1, 1 + random.nextInt(20));
      List<FileMetaData> next = randomRun(random, 1000, random.nextInt(30));
      List<List<FileMetaData>> levels = new ArrayList<>();
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        levels.add(level == 1 ? files : level == 2 ? next : List.of());
      }
      Version v = Version.of(TreeShape.ICMP, levels);
      CompensatedSizes sizes = CompensatedSizes.of(v, TableStatsSource.NONE);

      FileMetaData expected = null;
      double best = Double.POSITIVE_INFINITY;
      for (FileMetaData f : files) {
        long overlap = FileRanges.totalBytes(v.overlappingFiles(2,
            f.smallest().userKey().toByteArray(), f.largest().userKey().toByteArray()));
        double ratio = overlap / (double) f.fileSizeBytes();
        if (ratio < best) {
          expected = f;
          best = ratio;
        }
      }
      assertThat(LeveledCompactionStrategy.minOverlappingRatioSeed(TreeShape.ICMP, files, next,
          sizes)).as("seed %d round %d", seed, round).isSameAs(expected);
    }
  }

  /**
   * {@code count} disjoint files in key order over keys {@code k0000..k0199}, sizes 1 to 64 KiB,
   * numbered from {@code firstNumber}; files may share a boundary user key with the other run.
   */
  private static List<FileMetaData> randomRun(Random random, long firstNumber, int count) {
    List<Integer> bounds = new ArrayList<>();
    int key = random.nextInt(4);
    for (int i = 0; i < 2 * count && key < 200; i++) {
      bounds.add(key);
      key += random.nextInt(i % 2 == 0 ? 12 : 4) + (i % 2 == 0 ? 0 : 1);
    }
    List<FileMetaData> run = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.size(); i += 2) {
      run.add(new FileMetaData(firstNumber + run.size(), (1 + random.nextInt(64)) << 10,
          key(bounds.get(i), 9), key(bounds.get(i + 1), 9)));
    }
    return run;
  }

  private static InternalKey key(int n, long sequence) {
    return new InternalKey(Bytes.copyOf(String.format(Locale.ROOT, "k%04d", n)
        .getBytes(StandardCharsets.US_ASCII)), sequence, ValueType.VALUE);
  }

  private static Compaction pick(LeveledCompactionOptions options, Version v) {
    return new LeveledCompactionStrategy(options).pickCompaction(v).orElseThrow();
  }

  /** The number of the start-level file a size compaction of level 1 is seeded with. */
  private static long seed(LeveledCompactionOptions options, Version v) {
    Compaction c = pick(options, v);
    assertThat(c.startLevel()).isEqualTo(1);
    return c.inputs().get(0).files().get(0).fileNumber();
  }
}
