package io.strata.compaction.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.Version;
import io.strata.api.testing.FixtureCase;
import io.strata.compaction.tiered.SizeBuckets.Bucket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TieredCompactionStrategyTest {

  /**
   * Runs every case of {@code picker.txt}. Commands: {@code pick}; {@code range LEVEL BEGIN END}
   * (user keys, {@code -} for an open bound); {@code stall}; {@code scores} (levels 0 to 6, two
   * decimals); {@code runs} (label and size of each sorted run, newest first); {@code buckets}
   * (each bucket's runs, newest first, and average size, in creation order).
   */
  @TestFactory
  Stream<DynamicTest> pickerFixture() {
    return FixtureCase.read(TieredCompactionStrategyTest.class, "picker.txt").stream()
        .map(c -> DynamicTest.dynamicTest(c.toString(),
            () -> assertThat(run(c)).as(c.toString()).isEqualTo(c.expected())));
  }

  private static String run(FixtureCase c) {
    TieredCompactionOptions options = TieredCompactionOptions.fromMap(c.options());
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(options);
    Version version = TreeShape.parse(c.tree());
    return switch (c.command()) {
      case "pick" -> format(strategy.pickCompaction(version));
      case "range" -> format(strategy.rangeCompaction(version, Integer.parseInt(c.args().get(0)),
          userKey(c.args().get(1)), userKey(c.args().get(2))));
      case "stall" -> strategy.writeStall(version).name();
      case "scores" -> scores(strategy.levelScores(version));
      case "runs" -> SortedRun.of(version).stream()
          .map(r -> r.label() + " " + TreeShape.size(r.sizeBytes()))
          .collect(Collectors.joining(" | "));
      case "buckets" -> buckets(SortedRun.of(version), options);
      default -> throw new IllegalArgumentException("unknown command " + c.command());
    };
  }

  /** The compaction and its reason on two lines, after checking what every pick shares. */
  private static String format(Optional<Compaction> picked) {
    if (picked.isEmpty()) {
      return "none";
    }
    Compaction c = picked.get();
    assertThat(c.trivialMove()).isFalse();
    assertThat(c.grandparents()).isEmpty();
    assertThat(c.maxGrandparentOverlapBytes()).isZero();
    assertThat(c.compactPointer()).isEmpty();
    assertThat(c.outputBoundaries()).isEmpty();
    assertThat(c.inputFileCount()).isGreaterThanOrEqualTo(2);
    return TreeShape.format(c) + "\n" + c.reason();
  }

  private static String buckets(List<SortedRun> runs, TieredCompactionOptions options) {
    List<String> lines = new ArrayList<>();
    for (Bucket b : SizeBuckets.of(runs, options)) {
      lines.add(b.members().stream().map(i -> runs.get(i).label())
          .collect(Collectors.joining(",")) + " avg " + TreeShape.size((long) b.averageBytes()));
    }
    return String.join("\n", lines);
  }

  private static byte[] userKey(String arg) {
    return arg.equals("-") ? null : arg.getBytes(StandardCharsets.US_ASCII);
  }

  private static String scores(double[] scores) {
    List<String> parts = new ArrayList<>();
    for (int level = 0; level < scores.length; level++) {
      parts.add(String.format(Locale.ROOT, "L%d %.2f", level, scores[level]));
    }
    return String.join(" ", parts);
  }

  @Test
  void bucketBoundsAreInclusive() {
    TieredCompactionOptions o = TieredCompactionOptions.builder().minSstableSizeBytes(0).build();

    assertThat(SizeBuckets.fits(50, 100, o)).isTrue();
    assertThat(SizeBuckets.fits(49, 100, o)).isFalse();
    assertThat(SizeBuckets.fits(150, 100, o)).isTrue();
    assertThat(SizeBuckets.fits(151, 100, o)).isFalse();
    // Small runs: both under min_sstable_size, whatever the ratio.
    TieredCompactionOptions small = TieredCompactionOptions.builder().minSstableSizeBytes(100)
        .build();
    assertThat(SizeBuckets.fits(1, 99, small)).isTrue();
    assertThat(SizeBuckets.fits(1, 100, small)).isFalse();
    assertThat(SizeBuckets.fits(100, 10, small)).isFalse();
  }

  @Test
  void bucketLowNeverSplitsBecauseRunsArriveSmallestFirst() {
    // Every run is at least as big as the runs already bucketed, so at least their average: a
    // bucket_low close to 1 changes nothing (as in Cassandra, where the option is inert too).
    Version v = TreeShape.parse(List.of("L0: 3:100M@21-30 2:130M@11-20 1:149M@1-10"));
    List<SortedRun> runs = SortedRun.of(v);
    TieredCompactionOptions o = TieredCompactionOptions.builder().minSstableSizeBytes(0)
        .bucketLow(0.99).build();

    assertThat(SizeBuckets.of(runs, o)).extracting(Bucket::members)
        .containsExactly(ImmutableList.of(0, 1, 2));
  }

  @Test
  void longestAdjacentWindow() {
    assertThat(TieredCompactionStrategy.longestAdjacentWindow(List.of(0, 1, 3, 4, 5), -1))
        .containsExactly(3, 5);
    // Ties go to the later (older) window.
    assertThat(TieredCompactionStrategy.longestAdjacentWindow(List.of(0, 1, 3, 4), -1))
        .containsExactly(3, 4);
    assertThat(TieredCompactionStrategy.longestAdjacentWindow(List.of(2), -1))
        .containsExactly(2, 2);
    // Windows must end at or after the oldest unsequenced level-0 file.
    assertThat(TieredCompactionStrategy.longestAdjacentWindow(List.of(0, 1, 2, 4), 3))
        .containsExactly(4, 4);
    assertThat(TieredCompactionStrategy.longestAdjacentWindow(List.of(0, 1, 2), 3)).isNull();
  }

  @Test
  void rangeCompactionConvergesAsTheEngineCallsIt() {
    // The engine calls rangeCompaction for each level from 0 down, repeatedly until empty.
    Version v = TreeShape.parse(List.of(
        "L0: 5:[a.50-c.41]:1M@41-50 4:[b.40-d.31]:2M@31-40 3:[x.30-y.21]:1M@21-30",
        "L1: 10:[a.5-f.5]:10M 11:[g.5-k.5]:10M",
        "L2: 20:[a.1-z.1]:100M"));
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(
        TieredCompactionOptions.defaults());
    long nextFile = 100;
    int calls = 0;
    List<Integer> compactedLevels = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (Optional<Compaction> c = strategy.rangeCompaction(v, level, bytes("b"), bytes("c"));
          c.isPresent(); c = strategy.rangeCompaction(v, level, bytes("b"), bytes("c"))) {
        v = v.apply(CompactionEdits.merged(v, c.get(), nextFile++, 1.0));
        compactedLevels.add(level);
        assertThat(++calls).isLessThan(10);
      }
    }
    assertThat(compactedLevels).containsExactly(0);
    assertThat(SortedRun.of(v)).singleElement().satisfies(r -> {
      assertThat(r.level()).isEqualTo(2);
      assertThat(r.sizeBytes()).isEqualTo(124L << 20);
    });
  }

  @Test
  void writeStallAtTheDefaultTriggers() {
    TieredCompactionStrategy strategy =
        new TieredCompactionStrategy(TieredCompactionOptions.defaults());

    assertThat(strategy.writeStall(level0Files(19))).isEqualTo(WriteStall.NONE);
    assertThat(strategy.writeStall(level0Files(20))).isEqualTo(WriteStall.SLOWDOWN);
    assertThat(strategy.writeStall(level0Files(35))).isEqualTo(WriteStall.SLOWDOWN);
    assertThat(strategy.writeStall(level0Files(36))).isEqualTo(WriteStall.STOP);
    // From the slowdown trigger on there is always something to merge, so writers never wait
    // for nothing.
    assertThat(strategy.pickCompaction(level0Files(20))).isPresent();
    assertThat(strategy.pickCompaction(level0Files(36))).isPresent();
  }

  @Test
  void aLoneOldestRunJustOverMinSstableSizeScoresUnderOneAndIsNotPicked() {
    // The tree the contract suite's flush workload left with seed 489400538939: three runs under
    // min_sstable_size (50 MiB) share a bucket, one short of min_threshold (4); the oldest, just
    // over it, has a bucket of its own; the newer runs hold 70% of the oldest, under 200%.
    Version v = TreeShape.parse(List.of("L0: 642:379803@14824-14837 641:3621586@14819-14823"
        + " 640:35289450@12745-14818 555:56985750@551-12744"));
    TieredCompactionStrategy strategy =
        new TieredCompactionStrategy(TieredCompactionOptions.defaults());

    assertThat(strategy.pickCompaction(v)).isEmpty();
    assertThat(strategy.levelScores(v)[0]).isEqualTo(0.75);
    assertThat(strategy.writeStall(v)).isEqualTo(WriteStall.NONE);

    // The next small flush completes the bucket: the score reaches 1 and the four merge.
    Version next = TreeShape.parse(List.of("L0: 643:1M@14838-14900 642:379803@14824-14837"
        + " 641:3621586@14819-14823 640:35289450@12745-14818 555:56985750@551-12744"));
    assertThat(strategy.levelScores(next)[0]).isEqualTo(1.0);
    assertThat(strategy.pickCompaction(next)).hasValueSatisfying(c -> assertThat(c.inputs())
        .singleElement().satisfies(in -> assertThat(in.files())
            .extracting(f -> f.fileNumber()).containsExactly(643L, 642L, 641L, 640L)));
  }

  @Test
  void spaceAmplificationExactlyAtTheLimitScoresJustUnderOne() {
    TieredCompactionStrategy strategy =
        new TieredCompactionStrategy(TieredCompactionOptions.defaults());
    // 200 MiB over the oldest 100 MiB: exactly max_size_amplification_percent, allowed.
    Version atLimit = TreeShape.parse(List.of("L0: 3:100M@21-30 2:100M@11-20 1:100M@1-10"));
    Version over = TreeShape.parse(List.of("L0: 3:100M@21-30 2:104857601@11-20 1:100M@1-10"));

    assertThat(strategy.pickCompaction(atLimit)).isEmpty();
    assertThat(strategy.levelScores(atLimit)[0]).isLessThan(1).isGreaterThan(0.999);
    assertThat(strategy.pickCompaction(over)).isPresent();
    assertThat(strategy.levelScores(over)[0]).isGreaterThanOrEqualTo(1);
  }

  @Test
  void spaceAmplificationWithALimitOfZeroBytesScoresZeroOrOne() {
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(
        TieredCompactionOptions.builder().maxSizeAmplificationPercent(0).build());

    assertThat(strategy.levelScores(TreeShape.parse(List.of("L0: 2:0@11-20 1:1G@1-10"))))
        .startsWith(0.25);
    assertThat(strategy.levelScores(TreeShape.parse(List.of("L0: 2:1M@11-20 1:1G@1-10"))))
        .startsWith(1.0);
    assertThat(strategy.levelScores(TreeShape.parse(List.of("L0: 2:1M@11-20 1:0@1-10"))))
        .startsWith(1.0);
  }

  /**
   * On random trees (level-0 runs with and without sequence ranges, level runs, sizes around
   * {@code min_sstable_size}) and options, level 0 scores at least 1 exactly when a compaction is
   * picked, every other level scores 0, and writers are held back only then.
   */
  @Test
  void scoreReachesOneExactlyWhenSomethingIsPicked() {
    Random random = new Random(20_250_611);
    int picked = 0;
    for (int t = 0; t < 5_000; t++) {
      int min = 2 + random.nextInt(4);
      int slowdown = min + random.nextInt(16);
      TieredCompactionOptions options = TieredCompactionOptions.builder()
          .minThresholdRuns(min)
          .maxThresholdRuns(min + random.nextInt(4))
          .slowdownWritesTriggerRuns(slowdown)
          .stopWritesTriggerRuns(slowdown + 1 + random.nextInt(8))
          .maxSizeAmplificationPercent(List.of(0, 100, 200, 400, 1000).get(random.nextInt(5)))
          .minSstableSizeBytes(random.nextBoolean() ? 50L << 20 : random.nextInt(1 << 20))
          .build();
      TieredCompactionStrategy strategy = new TieredCompactionStrategy(options);
      Version v = randomTree(random);
      String context = "tree " + t + " " + SortedRun.of(v).stream()
          .map(r -> r.label() + ":" + r.sizeBytes()).collect(Collectors.joining(" "))
          + " with " + options;
      double[] scores = strategy.levelScores(v);
      boolean pick = strategy.pickCompaction(v).isPresent();
      picked += pick ? 1 : 0;

      assertThat(scores[0] >= 1).as(context + ": score " + scores[0]).isEqualTo(pick);
      assertThat(Arrays.copyOfRange(scores, 1, scores.length)).as(context).containsOnly(0.0);
      if (strategy.writeStall(v) != WriteStall.NONE) {
        assertThat(pick).as(context + ": writers held back with nothing to compact").isTrue();
      }
    }
    // Both answers are well represented.
    assertThat(picked).isBetween(1_000, 4_000);
  }

  /**
   * Up to 8 level-0 files (the newest few, now and then, without a sequence range, as a switch
   * from a LevelDB-layout strategy leaves them) and up to three level runs, of log-uniform sizes
   * from 1 KiB to 512 MiB, a quarter of them within 10% of 50 MiB; in half of the trees, older
   * runs are bigger, as merges make them.
   */
  private static Version randomTree(Random random) {
    List<Long> sizes = new ArrayList<>();
    int files = random.nextInt(9);
    int levels = random.nextInt(4);
    for (int i = 0; i < files + levels; i++) {
      sizes.add(randomSize(random));
    }
    if (random.nextBoolean()) {
      sizes.sort(null);
    }
    StringBuilder level0 = new StringBuilder("L0:");
    int unsequenced = random.nextInt(4) == 0 ? random.nextInt(files + 1) : 0;
    for (int i = 0; i < files; i++) {
      // Newer files have higher numbers and sequences: Version order is this order.
      int n = files - i;
      level0.append(' ').append(n).append(':').append(sizes.get(i));
      if (i >= unsequenced) {
        level0.append('@').append(n * 10 - 9).append('-').append(n * 10);
      }
    }
    List<String> lines = new ArrayList<>(List.of(level0.toString()));
    for (int level = 1; level <= levels; level++) {
      lines.add("L" + level + ": " + (100 * level) + ":[a.0-z.0]:" + sizes.get(files + level - 1));
    }
    return TreeShape.parse(lines);
  }

  private static long randomSize(Random random) {
    if (random.nextInt(4) == 0) {
      return (long) ((50L << 20) * (0.9 + 0.2 * random.nextDouble()));
    }
    return (long) Math.exp(Math.log(1 << 10) + random.nextDouble() * Math.log(1 << 19));
  }

  @Test
  void describesItself() {
    TieredCompactionStrategy strategy =
        new TieredCompactionStrategy(TieredCompactionOptions.defaults());
    Version v = level0Files(3);

    assertThat(strategy.name()).isEqualTo("tiered");
    assertThat(strategy.levelDbLayout()).isFalse();
    assertThat(strategy.levelForFlush(v, bytes("a"), bytes("z"))).isZero();
    assertThat(strategy.options()).isSameAs(TieredCompactionOptions.defaults());
  }

  @Test
  void levelZeroOutputIsOneFileAndLevelOutputIsCut() {
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(
        TieredCompactionOptions.builder().targetFileSizeBytes(1 << 20).build());

    Compaction l0 = strategy.pickCompaction(level0Files(4)).orElseThrow();
    assertThat(l0.outputLevel()).isZero();
    assertThat(l0.maxOutputFileSizeBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(l0.startLevel()).isZero();

    Compaction deep = strategy.pickCompaction(TreeShape.parse(List.of(
        "L0: 2:1M@11-20", "L3: 30:[a.0-z.0]:400K"))).orElseThrow();
    assertThat(deep.inputs()).extracting(Compaction.LevelInputs::level).containsExactly(0, 3);
    assertThat(deep.outputLevel()).isEqualTo(3);
    assertThat(deep.maxOutputFileSizeBytes()).isEqualTo(1 << 20);
  }

  @Test
  void rejectsBadArguments() {
    TieredCompactionStrategy strategy =
        new TieredCompactionStrategy(TieredCompactionOptions.defaults());
    Version v = TreeShape.parse(List.of());

    assertThatThrownBy(() -> strategy.rangeCompaction(v, 7, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level out of range: 7");
    assertThatThrownBy(() -> strategy.rangeCompaction(v, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level out of range: -1");
    assertThatThrownBy(() -> strategy.pickCompaction(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("version");
    assertThatThrownBy(() -> strategy.writeStall(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("version");
    assertThatThrownBy(() -> new TieredCompactionStrategy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  /** {@code n} level-0 files of 1 MiB, disjoint sequence ranges. */
  private static Version level0Files(int n) {
    StringBuilder sb = new StringBuilder("L0:");
    for (int i = 1; i <= n; i++) {
      sb.append(' ').append(i).append(":1M@").append(i * 10 - 9).append('-').append(i * 10);
    }
    return TreeShape.parse(List.of(sb.toString()));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
