package io.strata.core.compaction;

import static io.strata.api.CompressionType.NONE;
import static io.strata.api.CompressionType.SNAPPY;
import static io.strata.api.CompressionType.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import io.strata.api.BytewiseComparator;
import io.strata.api.Options;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which compression a compaction's outputs get, and when a compaction is bottommost. */
class OutputCompressionTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  /** A file of user keys {@code [lo, hi]}, with sequence numbers {@code seq}. */
  private static FileMetaData file(long number, String lo, String hi, long seq) {
    return new FileMetaData(number, 1000,
        InternalKey.decode(InternalKeys.encode(lo.getBytes(StandardCharsets.US_ASCII), seq,
            ValueType.VALUE)),
        InternalKey.decode(InternalKeys.encode(hi.getBytes(StandardCharsets.US_ASCII), seq,
            ValueType.VALUE)), seq, seq, "");
  }

  /** A Version from one list per level (level 0 newest first). */
  @SafeVarargs
  private static Version version(List<FileMetaData>... levels) {
    List<List<FileMetaData>> files = new ArrayList<>();
    for (List<FileMetaData> l : levels) {
      files.add(l);
    }
    return Version.of(ICMP, files);
  }

  private static Compaction compaction(int outputLevel, Compaction.LevelInputs... inputs) {
    return new Compaction(ImmutableList.copyOf(inputs), outputLevel, ImmutableList.of(),
        2 << 20, 0, false, Optional.empty(), "test");
  }

  private static Compaction.LevelInputs in(int level, FileMetaData... files) {
    return new Compaction.LevelInputs(level, ImmutableList.copyOf(files));
  }

  @Test
  void bottommostWhenNothingBelowOverlaps() {
    FileMetaData a = file(10, "a", "f", 10);
    FileMetaData b = file(11, "c", "k", 5);
    FileMetaData deep = file(12, "m", "z", 1);
    Version v = version(List.of(a), List.of(b), List.of(), List.of(deep));
    // [a, k] into level 1: level 3 holds only [m, z].
    assertThat(Bottommost.of(compaction(1, in(0, a), in(1, b)), v)).isTrue();
    FileMetaData overlapping = file(13, "j", "z", 1);
    Version v2 = version(List.of(a), List.of(b), List.of(), List.of(overlapping));
    assertThat(Bottommost.of(compaction(1, in(0, a), in(1, b)), v2)).isFalse();
    // Into level 3 itself, with the overlapping file as an input: nothing below.
    assertThat(Bottommost.of(compaction(3, in(1, b), in(3, overlapping)), v2))
        .isTrue();
  }

  @Test
  void levelZeroOutputIsBottommostOnlyWithoutOlderOverlappingLevelZeroFiles() {
    FileMetaData newest = file(20, "a", "c", 30);
    FileMetaData middle = file(21, "b", "d", 20);
    FileMetaData oldest = file(22, "c", "e", 10);
    Version v = version(List.of(newest, middle, oldest));
    assertThat(Bottommost.of(compaction(0, in(0, newest, middle)), v)).isFalse();
    assertThat(Bottommost.of(compaction(0, in(0, middle, oldest)), v)).isTrue();
    FileMetaData apart = file(23, "x", "z", 5);
    Version v2 = version(List.of(newest, middle, apart));
    assertThat(Bottommost.of(compaction(0, in(0, newest, middle)), v2))
        .isTrue();
  }

  @Test
  void aTrivialMoveIsAllowedOnlyWhenItKeepsTheLevelsCompression() {
    FileMetaData a = file(10, "a", "f", 10);
    FileMetaData deep = file(12, "m", "z", 1);
    Version v = version(List.of(), List.of(a), List.of(), List.of(deep));
    Compaction move = new Compaction(ImmutableList.of(in(1, a)), 2, ImmutableList.of(),
        2 << 20, 0, true, Optional.empty(), "move");
    assertThat(new OutputCompression(Options.defaults()).allowsTrivialMove(move, v)).isTrue();
    Options sameAtOneAndTwo = Options.builder().compressionPerLevel(List.of(NONE, SNAPPY))
        .build();
    assertThat(new OutputCompression(sameAtOneAndTwo).allowsTrivialMove(move, v)).isTrue();
    Options zstdAtTwo = Options.builder().compressionPerLevel(List.of(NONE, NONE, ZSTD)).build();
    assertThat(new OutputCompression(zstdAtTwo).allowsTrivialMove(move, v)).isFalse();
    // Bottommost (nothing below overlaps [a, f]) with another type: rewritten too.
    Options bottom = sameAtOneAndTwo.toBuilder().bottommostCompression(ZSTD).build();
    assertThat(new OutputCompression(bottom).allowsTrivialMove(move, v)).isFalse();
  }

  @Test
  void choosesTheOutputLevelsTypeOrTheBottommostType() {
    FileMetaData a = file(10, "a", "f", 10);
    FileMetaData deep = file(12, "e", "z", 1);
    Version v = version(List.of(a), List.of(), List.of(deep));
    Options perLevel = Options.builder().compressionPerLevel(List.of(NONE, SNAPPY)).build();
    Options bottom = perLevel.toBuilder().bottommostCompression(ZSTD).build();
    Compaction intoOne = compaction(1, in(0, a));
    Compaction intoTwo = compaction(2, in(0, a), in(2, deep));
    assertThat(new OutputCompression(perLevel).choose(intoOne, v)).isEqualTo(SNAPPY);
    assertThat(new OutputCompression(bottom).choose(intoOne, v)).isEqualTo(SNAPPY);
    assertThat(new OutputCompression(perLevel).choose(intoTwo, v)).isEqualTo(SNAPPY);
    assertThat(new OutputCompression(bottom).choose(intoTwo, v)).isEqualTo(ZSTD);
    assertThat(new OutputCompression(Options.defaults()).choose(intoTwo, v)).isEqualTo(SNAPPY);
  }
}
