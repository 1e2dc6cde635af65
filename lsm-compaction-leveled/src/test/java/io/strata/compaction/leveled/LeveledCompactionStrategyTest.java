package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.Version;
import io.strata.api.testing.FixtureCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LeveledCompactionStrategyTest {

  /**
   * Runs every case of {@code picker.txt}. Commands: {@code pick}; {@code range LEVEL BEGIN END}
   * (user keys, {@code -} for an open bound); {@code flush SMALLEST LARGEST} (prints the level);
   * {@code stall}; {@code scores} (levels 0 to 6, two decimals).
   */
  @TestFactory
  Stream<DynamicTest> pickerFixture() {
    return FixtureCase.read(LeveledCompactionStrategyTest.class, "picker.txt").stream()
        .map(c -> DynamicTest.dynamicTest(c.toString(),
            () -> assertThat(run(c)).as(c.toString()).isEqualTo(c.expected())));
  }

  private static String run(FixtureCase c) {
    // The fixture's trees are LevelDB-sized, its picks LevelDB's: its options apply over
    // LevelDB's shape and picking.
    java.util.Map<String, String> options = TreeShape.levelDbPickingOptions();
    options.putAll(c.options());
    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.fromMap(options));
    Version version = TreeShape.parse(c.tree());
    return switch (c.command()) {
      case "pick" -> format(strategy.pick(version));
      case "range" -> format(strategy.pickRange(version, Integer.parseInt(c.args().get(0)),
          userKey(c.args().get(1)), userKey(c.args().get(2))));
      case "flush" -> Integer.toString(strategy.levelForFlush(version,
          userKey(c.args().get(0)), userKey(c.args().get(1))));
      case "stall" -> strategy.writeStall(version).name();
      case "scores" -> scores(strategy.levelScores(version));
      default -> throw new IllegalArgumentException("unknown command " + c.command());
    };
  }

  private static String format(Optional<PickedCompaction> picked) {
    return picked.map(p -> TreeShape.format(p.toCompaction(), p.isTrivialMove())).orElse("none");
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
  void compactionCarriesSizeLimitsAndGroupsInputsByLevel() {
    Version v = TreeShape.parse(List.of(
        "L1: 1:[a.1-c.1]:12M",
        "L2: 2:[b.2-d.2]"));
    LeveledCompactionStrategy strategy = new LeveledCompactionStrategy(
        LeveledCompactionOptions.builder().maxBytesForLevelBaseBytes(10L << 20)
            .targetFileSizeBytes(1 << 20).build());

    Compaction c = strategy.pickCompaction(v).orElseThrow();

    assertThat(c.inputs()).extracting(Compaction.LevelInputs::level).containsExactly(1, 2);
    assertThat(c.startLevel()).isEqualTo(1);
    assertThat(c.outputLevel()).isEqualTo(2);
    assertThat(c.maxOutputFileSizeBytes()).isEqualTo(1 << 20);
    assertThat(c.maxGrandparentOverlapBytes()).isEqualTo(10L << 20);
    assertThat(c.reason()).isEqualTo("size: level 1 score 1.20");
    assertThat(c.compactPointer().orElseThrow().level()).isEqualTo(1);
    assertThat(c.alignOutputsToGrandparents()).isTrue();
    assertThat(new LeveledCompactionStrategy(LeveledCompactionOptions.builder()
        .maxBytesForLevelBaseBytes(10L << 20).dynamicFileSize(false).build())
        .pickCompaction(v).orElseThrow().alignOutputsToGrandparents()).isFalse();
  }

  @Test
  void noOutputLevelGroupWhenNothingOverlaps() {
    Version v = TreeShape.parse(List.of("L1: 1:[a.1-c.1]:12M"));

    Compaction c = new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults())
        .pickCompaction(v).orElseThrow();

    assertThat(c.inputs()).hasSize(1);
    assertThat(c.inputs().get(0).level()).isEqualTo(1);
  }

  @Test
  void trivialMoveReachesTheEngine() {
    Version v = TreeShape.parse(List.of("L1: 1:[a.1-c.1]:12M"));
    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults());

    assertThat(strategy.pick(v).orElseThrow().isTrivialMove()).isTrue();
    Compaction c = strategy.pickCompaction(v).orElseThrow();
    assertThat(c.trivialMove()).isTrue();
    assertThat(c.inputFileCount()).isEqualTo(1);
    assertThat(c.outputLevel()).isEqualTo(2);
  }

  @Test
  void manualCompactionIsNamedAndNeverTrivial() {
    Version v = TreeShape.parse(List.of("L1: 1:[a.1-c.1]"));

    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults());
    Compaction c = strategy.rangeCompaction(v, 1, null, null).orElseThrow();

    assertThat(c.trivialMove()).isFalse();
    assertThat(strategy.pickRange(v, 1, null, null).orElseThrow().isTrivialMove()).isFalse();
    assertThat(c.reason()).isEqualTo("manual: level 1");
  }

  @Test
  void applyingPickedCompactionsBringsTheTreeInShape() {
    // Stand in for the engine: apply each pick as a relink of its inputs to the output level,
    // plus its compaction pointer, until nothing is picked. Level 0 must end under its trigger
    // and every level under its target, in a bounded number of steps.
    List<String> l0 = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      l0.add((100 + i) + ":[" + (char) ('a' + i) + "." + i + "-" + (char) ('a' + i) + "." + i
          + "]:5M");
    }
    Version v = TreeShape.parse(List.of("L0: " + String.join(" ", l0)));
    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults());
    int steps = 0;
    for (Optional<Compaction> c = strategy.pickCompaction(v); c.isPresent();
        c = strategy.pickCompaction(v)) {
      v = v.apply(CompactionEdits.relink(c.get()));
      assertThat(++steps).as("steps").isLessThan(20);
    }
    assertThat(v.numFiles(0)).isLessThan(4);
    assertThat(Arrays.stream(strategy.levelScores(v)).max().orElseThrow()).isLessThan(1);
  }

  private static io.strata.api.spi.version.FileMetaData file(long number, String smallest,
      String largest, long bytes) {
    return new io.strata.api.spi.version.FileMetaData(number, bytes,
        TreeShape.key(smallest + ".1"), TreeShape.key(largest + ".1"));
  }

  @Test
  void reshapesAnotherStrategysLevel0OldestFileFirstWithoutStallingWriters() {
    // Two tiered runs covering everything (the older one merged later, so a larger number),
    // and three own flushes on top.
    List<io.strata.api.spi.version.FileMetaData> level0 = List.of(
        file(20, "a", "z", 50 << 20).withSequenceRange(1, 500, "tiered"),
        file(21, "a", "z", 5 << 20).withSequenceRange(501, 600, "tiered"),
        file(30, "c", "d", 1 << 20), file(31, "b", "e", 1 << 20), file(32, "x", "y", 1 << 20));
    Version v = Version.of(TreeShape.parse(List.of()).comparator(),
        List.of(level0, List.of(file(5, "m", "n", 1 << 20))));
    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults());

    assertThat(v.files(0)).extracting(f -> f.fileNumber()).containsExactly(32L, 31L, 30L, 21L,
        20L);
    Compaction c = strategy.pickCompaction(v).orElseThrow();
    // Only the oldest run, with the level-1 file it overlaps; not the newer files overlapping it.
    assertThat(c.inputs().get(0).files()).extracting(f -> f.fileNumber()).containsExactly(20L);
    assertThat(c.inputs().get(1).files()).extracting(f -> f.fileNumber()).containsExactly(5L);
    assertThat(c.outputLevel()).isEqualTo(1);
    assertThat(c.reason()).contains("reshape").contains("tiered");
    assertThat(strategy.levelScores(v)[0]).isEqualTo(1.0);
    // Three own files: below the slowdown trigger although level 0 holds five.
    assertThat(strategy.writeStall(v)).isEqualTo(io.strata.api.spi.compaction.WriteStall.NONE);
    assertThat(strategy.levelDbLayout()).isTrue();
  }

  @Test
  void rejectsBadArguments() {
    LeveledCompactionStrategy strategy =
        new LeveledCompactionStrategy(LeveledCompactionOptions.levelDbDefaults());
    Version v = TreeShape.parse(List.of());

    assertThat(strategy.name()).isEqualTo("leveled");
    assertThatThrownBy(() -> strategy.rangeCompaction(v, 7, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level out of range: 7");
    assertThatThrownBy(() -> strategy.levelForFlush(v, null, new byte[1]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("smallestUserKey");
    assertThatThrownBy(() -> new LeveledCompactionStrategy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }
}
