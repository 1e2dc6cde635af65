package io.strata.api;

import static io.strata.api.CompressionType.NONE;
import static io.strata.api.CompressionType.SNAPPY;
import static io.strata.api.CompressionType.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CompressionType} codes and the per-level and bottommost compression options. */
class CompressionOptionsTest {
  @Test
  void codesAreLevelDbsAndRocksDbs() {
    assertThat(NONE.code()).isEqualTo(0);
    assertThat(SNAPPY.code()).isEqualTo(1);
    assertThat(ZSTD.code()).isEqualTo(0x7); // RocksDB's kZSTD
    for (CompressionType t : CompressionType.values()) {
      assertThat(CompressionType.fromCode(t.code())).isSameAs(t);
    }
    assertThat(CompressionType.fromCode(2)).isNull(); // RocksDB's zlib: not supported
    assertThat(CompressionType.fromCode(255)).isNull();
  }

  @Test
  void defaultsUseCompressionAtEveryLevel() {
    Options o = Options.defaults();
    assertThat(o.compressionPerLevel()).isEmpty();
    assertThat(o.bottommostCompression()).isEmpty();
    for (int level = 0; level < 7; level++) {
      assertThat(o.compressionForLevel(level)).isEqualTo(SNAPPY);
    }
    assertThat(Options.builder().compression(ZSTD).build().compressionForLevel(3))
        .isEqualTo(ZSTD);
  }

  @Test
  void levelsPastTheListsEndUseItsLastEntry() {
    Options o = Options.builder().compression(ZSTD)
        .compressionPerLevel(List.of(NONE, NONE, SNAPPY)).bottommostCompression(ZSTD).build();
    assertThat(o.compressionForLevel(0)).isEqualTo(NONE);
    assertThat(o.compressionForLevel(1)).isEqualTo(NONE);
    assertThat(o.compressionForLevel(2)).isEqualTo(SNAPPY);
    assertThat(o.compressionForLevel(6)).isEqualTo(SNAPPY);
    assertThat(o.bottommostCompression()).contains(ZSTD);
    Options copy = o.toBuilder().build();
    assertThat(copy.compressionPerLevel()).containsExactly(NONE, NONE, SNAPPY);
    assertThat(copy.bottommostCompression()).contains(ZSTD);
    Options cleared = o.toBuilder().compressionPerLevel(List.of()).noBottommostCompression()
        .build();
    assertThat(cleared.compressionForLevel(0)).isEqualTo(ZSTD);
    assertThat(cleared.bottommostCompression()).isEmpty();
    assertThatThrownBy(() -> o.compressionForLevel(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("level must be >= 0, was -1");
  }

  @Test
  void badSettingsAreRejectedClearly() {
    assertThatThrownBy(() -> Options.builder().compressionPerLevel(null))
        .isInstanceOf(NullPointerException.class).hasMessage("compressionPerLevel");
    assertThatThrownBy(() -> Options.builder()
        .compressionPerLevel(Arrays.asList(NONE, null, ZSTD)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("compressionPerLevel[1] (level 1) is null");
    assertThatThrownBy(() -> Options.builder()
        .compressionPerLevel(List.of(NONE, NONE, NONE, NONE, NONE, NONE, NONE, ZSTD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("compressionPerLevel has 8 entries, more than the 7 levels");
    assertThatThrownBy(() -> Options.builder().bottommostCompression(null))
        .isInstanceOf(NullPointerException.class).hasMessage("bottommostCompression");
  }
}
