package io.strata.core.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link GrandparentCuts}: LevelDB's overlap limit alone, and with RocksDB's alignment to
 * grandparent boundaries. Output sizes are given directly; a target of 1,000 bytes makes the
 * boundary thresholds 500, 550, ... 900 bytes and a "large" skipped file one of more than 125.
 */
class GrandparentCutsTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final long TARGET = 1000;

  @Test
  void levelDbRuleCutsWhenThePassedFilesExceedTheLimit() {
    GrandparentCuts cuts = cuts(false, 150,
        grandparent(10, "b", "c", 100), grandparent(11, "e", "f", 100),
        grandparent(12, "h", "i", 100));

    assertThat(cuts.maxOutputBytes()).isEqualTo(TARGET);
    assertThat(cuts.shouldStopBefore(key("a"), -1)).isFalse();
    assertThat(cuts.shouldStopBefore(key("d"), 10)).isFalse(); // passed b-c: 100
    assertThat(cuts.shouldStopBefore(key("g"), 20)).isTrue(); // passed e-f too: 200 > 150
    assertThat(cuts.shouldStopBefore(key("j"), 10)).isFalse(); // counting again from 0: 100
  }

  @Test
  void withoutAlignmentBoundariesAndSizeDoNotCut() {
    GrandparentCuts cuts = cuts(false, 0,
        grandparent(10, "b", "c", 400), grandparent(11, "e", "f", 400));

    for (String k : List.of("a", "b", "d", "e", "g")) {
      assertThat(cuts.shouldStopBefore(key(k), 999)).as(k).isFalse();
    }
  }

  @Test
  void alignedOutputEndsAtABoundaryFromHalfTheTarget() {
    GrandparentCuts cuts = cuts(true, 0,
        grandparent(10, "b", "c", 10), grandparent(11, "e", "f", 10),
        grandparent(12, "h", "i", 10));

    assertThat(cuts.maxOutputBytes()).isEqualTo(2 * TARGET);
    assertThat(cuts.shouldStopBefore(key("a"), -1)).isFalse();
    assertThat(cuts.shouldStopBefore(key("a1"), 900)).isFalse(); // no boundary crossed
    assertThat(cuts.shouldStopBefore(key("b"), 540)).isFalse(); // 1 boundary: needs 550
    assertThat(cuts.shouldStopBefore(key("b1"), 999)).isFalse(); // inside b-c: no boundary
    assertThat(cuts.shouldStopBefore(key("d"), 599)).isFalse(); // 2 boundaries: needs 600
    assertThat(cuts.shouldStopBefore(key("e"), 650)).isTrue(); // 3 boundaries: 650
  }

  @Test
  void countsRestartWhenAnOutputEnds() {
    GrandparentCuts cuts = cuts(true, 0,
        grandparent(10, "b", "c", 10), grandparent(11, "e", "f", 10),
        grandparent(12, "h", "i", 10));

    cuts.shouldStopBefore(key("a"), -1);
    cuts.shouldStopBefore(key("b"), 100);
    cuts.shouldStopBefore(key("d"), 200);
    assertThat(cuts.shouldStopBefore(key("e"), 650)).isTrue();
    cuts.outputFinished(key("e"));
    assertThat(cuts.shouldStopBefore(key("g"), 540)).isFalse(); // 1 boundary again: 550
    assertThat(cuts.shouldStopBefore(key("h"), 600)).isTrue(); // 2: 600
  }

  @Test
  void aKeyThatSkipsALargeFileEndsEvenASmallOutput() {
    GrandparentCuts large = cuts(true, 0, grandparent(10, "b", "c", 200));
    large.shouldStopBefore(key("a"), -1);
    assertThat(large.shouldStopBefore(key("d"), 10)).isTrue(); // the output would span b-c

    GrandparentCuts small = cuts(true, 0, grandparent(10, "b", "c", 125));
    small.shouldStopBefore(key("a"), -1);
    assertThat(small.shouldStopBefore(key("d"), 10)).isFalse();

    // From inside one file over a whole other one into a third: 3 boundaries.
    GrandparentCuts inside = cuts(true, 0, grandparent(10, "a", "b", 10),
        grandparent(11, "c", "d", 300), grandparent(12, "e", "f", 10));
    inside.shouldStopBefore(key("a"), -1);
    assertThat(inside.shouldStopBefore(key("a1"), 10)).isFalse();
    assertThat(inside.shouldStopBefore(key("e"), 10)).isTrue();
  }

  @Test
  void withNoGrandparentsAlignmentChangesNothing() {
    GrandparentCuts cuts = cuts(true, 0);

    assertThat(cuts.maxOutputBytes()).isEqualTo(TARGET);
    assertThat(cuts.shouldStopBefore(key("a"), -1)).isFalse();
    assertThat(cuts.shouldStopBefore(key("b"), 999)).isFalse();
  }

  @Test
  void filesSharingAUserKeyAreCountedAsOne() {
    // Files 10 and 11 both hold user key "c": a key at "c" is inside the last of them.
    GrandparentCuts cuts = cuts(true, 0, grandparent(10, "a", "c", 10),
        grandparent(11, "c", "c", 10), grandparent(12, "e", "f", 10));

    cuts.shouldStopBefore(key("a"), -1);
    assertThat(cuts.shouldStopBefore(key("c"), 540)).isFalse(); // left 10, entered 11: 600
    assertThat(cuts.shouldStopBefore(key("d"), 640)).isFalse(); // left 11: 3 boundaries, 650
    assertThat(cuts.shouldStopBefore(key("e"), 700)).isTrue(); // entered 12: 4, 700
  }

  private static GrandparentCuts cuts(boolean align, long maxOverlapBytes,
      FileMetaData... grandparents) {
    FileMetaData input = new FileMetaData(1, 1000, internal("a", 9), internal("z", 9));
    Compaction c = new Compaction(
        ImmutableList.of(new Compaction.LevelInputs(1, ImmutableList.of(input))), 2,
        ImmutableList.copyOf(grandparents), TARGET, maxOverlapBytes, false, Optional.empty(),
        "test", ImmutableList.of(), align);
    return new GrandparentCuts(c, ICMP);
  }

  private static FileMetaData grandparent(long number, String smallest, String largest,
      long bytes) {
    return new FileMetaData(number, bytes, internal(smallest, 1), internal(largest, 1));
  }

  private static InternalKey internal(String userKey, long sequence) {
    return new InternalKey(Bytes.copyOf(userKey.getBytes(StandardCharsets.US_ASCII)), sequence,
        ValueType.VALUE);
  }

  private static byte[] key(String userKey) {
    return InternalKeys.encode(userKey.getBytes(StandardCharsets.US_ASCII), 5, ValueType.VALUE);
  }
}
