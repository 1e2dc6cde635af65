package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.version.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelTargetsTest {
  private static final double MIB = 1 << 20;
  private static final LeveledCompactionOptions DYNAMIC =
      LeveledCompactionOptions.builder()
          .maxBytesForLevelBaseBytes(10L << 20).dynamicLevelBytes(true).build();

  @Test
  void fixedTargetsGrowFromLevelOne() {
    LevelTargets t = LevelTargets.of(TreeShape.parse(List.of("L6: 1:[a.1-c.1]:5G")),
        LeveledCompactionOptions.levelDbDefaults());
    assertThat(t.baseLevel()).isEqualTo(1);
    assertThat(t.target(1)).isEqualTo(10 * MIB);
    assertThat(t.target(3)).isEqualTo(1000 * MIB);
  }

  @Test
  void anEmptyTreeCompactsLevelZeroIntoTheLastLevel() {
    LevelTargets t = LevelTargets.of(TreeShape.parse(List.of()), DYNAMIC);
    assertThat(t.baseLevel()).isEqualTo(Version.NUM_LEVELS - 1);
    assertThat(t.target(1)).isInfinite();
  }

  @Test
  void targetsFollowTheLastLevelsSize() {
    // 5 GiB in the last level: 500 MiB, 50 MiB, then 5 MiB would be under the 10 MiB base, so
    // level 3 is the base level, with a target of at least max_bytes_for_level_base.
    LevelTargets t = LevelTargets.of(TreeShape.parse(List.of("L6: 1:[a.1-c.1]:5G")), DYNAMIC);
    assertThat(t.baseLevel()).isEqualTo(3);
    assertThat(t.target(1)).isInfinite();
    assertThat(t.target(2)).isInfinite();
    assertThat(t.target(3)).isEqualTo(10 * MIB);
    assertThat(t.target(4)).isEqualTo(51.2 * MIB);
    assertThat(t.target(5)).isEqualTo(512 * MIB);
    assertThat(t.target(6)).isEqualTo(5120 * MIB);
  }

  @Test
  void aSmallLastLevelKeepsItAsTheBase() {
    LevelTargets t = LevelTargets.of(TreeShape.parse(List.of("L6: 1:[a.1-c.1]:3M")), DYNAMIC);
    assertThat(t.baseLevel()).isEqualTo(6);
    assertThat(t.target(6)).isEqualTo(10 * MIB);
  }

  @Test
  void levelZeroCompactsIntoTheBaseLevel() {
    LeveledCompactionStrategy strategy = new LeveledCompactionStrategy(DYNAMIC);
    Version v = TreeShape.parse(List.of(
        "L0: 10:[a.9-b.9] 11:[a.8-b.8] 12:[a.7-b.7] 13:[a.6-b.6]",
        "L6: 1:[a.1-c.1]:5G"));
    PickedCompaction c = strategy.pick(v).orElseThrow();
    assertThat(c.toCompaction().outputLevel()).isEqualTo(3);
    assertThat(strategy.levelForFlush(v, "x".getBytes(), "y".getBytes())).isZero();
    assertThat(strategy.levelScores(v)[1]).isZero();
  }
}
