package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsDefaultsTest {

  @Test
  void defaultsAreSizedForTodaysMachines() {
    Options o = Options.defaults();

    assertThat(o.writeBufferSizeBytes()).isEqualTo(32L << 20);
    assertThat(o.blockCacheSizeBytes()).isEqualTo(32L << 20);
    assertThat(o.memTable()).isEqualTo("arena");
    assertThat(o.compactionStrategy()).isEmpty();
    assertThat(o.strategyOptions()).isEmpty();
    assertThat(Options.builder().build().writeBufferSizeBytes()).isEqualTo(32L << 20);
  }

  @Test
  void levelDbDefaultsAreLevelDbsWholeShape() {
    Options o = Options.levelDbDefaults();

    assertThat(o.writeBufferSizeBytes()).isEqualTo(4L << 20);
    assertThat(o.blockCacheSizeBytes()).isEqualTo(8L << 20);
    assertThat(o.memTable()).isEqualTo("skiplist");
    assertThat(o.compactionStrategy()).contains("leveled");
    assertThat(o.strategyOptions()).isEqualTo(Map.of(
        "target_file_size_base", "2097152",
        "max_bytes_for_level_base", "10485760",
        "l0_compaction_trigger", "4",
        "l0_slowdown_writes_trigger", "8",
        "l0_stop_writes_trigger", "12"));
  }

  @Test
  void levelDbDefaultsLeaveTheOtherOptionsAlone() {
    Options today = Options.defaults();
    Options leveldb = Options.levelDbDefaults();

    assertThat(leveldb.blockSizeBytes()).isEqualTo(today.blockSizeBytes());
    assertThat(leveldb.bloomBitsPerKey()).isEqualTo(today.bloomBitsPerKey());
    assertThat(leveldb.compression()).isEqualTo(today.compression());
    assertThat(leveldb.maxOpenFiles()).isEqualTo(today.maxOpenFiles());
    assertThat(leveldb.delayedWriteRateBytesPerSecond())
        .isEqualTo(today.delayedWriteRateBytesPerSecond());
  }

  @Test
  void optionsSetAfterLevelDbDefaultsWinAndThoseBeforeAreReplaced() {
    Options o = Options.builder()
        .writeBufferSizeBytes(1L << 20)
        .levelDbDefaults()
        .blockCacheSizeBytes(0)
        .strategyOption("l0_compaction_trigger", "6")
        .build();

    assertThat(o.writeBufferSizeBytes()).isEqualTo(4L << 20);
    assertThat(o.blockCacheSizeBytes()).isZero();
    assertThat(o.strategyOptions())
        .containsEntry("l0_compaction_trigger", "6")
        .containsEntry("target_file_size_base", "2097152");
    assertThat(o.toBuilder().build().strategyOptions()).isEqualTo(o.strategyOptions());
  }
}
