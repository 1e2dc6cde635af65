package io.strata.examples.timewindow;

import static io.strata.examples.timewindow.TimeSeriesKeys.EPOCH_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.HOUR_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The picker on small hand-made trees of hourly windows. */
class TimeWindowCompactionStrategyTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final long MIB = 1 << 20;
  /** The first window of the tests. */
  private static final long W = EPOCH_MILLIS / HOUR_MILLIS;

  private static TimeWindowCompactionStrategy strategy(Map<String, String> options) {
    return new TimeWindowCompactionStrategy(TimeWindowOptions.fromMap(options));
  }

  /** A file of keys from minute {@code fromMinute} to {@code toMinute} after the epoch. */
  private static FileMetaData file(long number, long fromMinute, long toMinute, long bytes) {
    return new FileMetaData(number, bytes,
        new InternalKey(Bytes.copyOf(key(EPOCH_MILLIS + fromMinute * 60_000, 0)), number * 10,
            ValueType.VALUE),
        new InternalKey(Bytes.copyOf(key(EPOCH_MILLIS + toMinute * 60_000, 0)), number * 10 + 1,
            ValueType.VALUE));
  }

  private static Version tree(List<FileMetaData> level0, List<FileMetaData> level1) {
    List<List<FileMetaData>> levels = new ArrayList<>();
    levels.add(level0);
    levels.add(level1);
    return Version.of(ICMP, levels);
  }

  private static List<Long> numbers(Compaction c, int index) {
    return c.inputs().get(index).files().stream().map(FileMetaData::fileNumber)
        .collect(Collectors.toList());
  }

  @Test
  void nothingToDoBelowTheTrigger() {
    Version v = tree(List.of(file(10, 0, 5, MIB), file(11, 5, 9, MIB), file(12, 9, 12, MIB)),
        List.of());
    TimeWindowCompactionStrategy s = strategy(Map.of());
    assertThat(s.pickCompaction(v)).isEmpty();
    assertThat(s.levelScores(v)[0]).isEqualTo(0.75);
    assertThat(s.writeStall(v)).isEqualTo(WriteStall.NONE);
  }

  @Test
  void compactsLevel0WithTheNewestWindowsLastFileOnly() {
    // Level 1: two sealed windows (W, W+1) and the current one's first file.
    List<FileMetaData> level1 = List.of(file(1, 0, 59, 64 * MIB), file(2, 60, 119, 64 * MIB),
        file(3, 120, 130, 8 * MIB));
    // File 10 holds late points of minute 125 onwards, inside file 3's range.
    List<FileMetaData> level0 = List.of(file(10, 125, 135, MIB), file(11, 135, 140, MIB),
        file(12, 140, 150, MIB), file(13, 150, 200, MIB));
    Compaction c = strategy(Map.of()).pickCompaction(tree(level0, level1)).orElseThrow();
    assertThat(c.outputLevel()).isEqualTo(1);
    assertThat(numbers(c, 0)).as("every level-0 file, newest first").containsExactly(13L, 12L,
        11L, 10L);
    assertThat(numbers(c, 1)).as("sealed windows untouched").containsExactly(3L);
    assertThat(c.trivialMove()).isFalse();
    // Minute 200 lies in window W+3: the output is cut at its start.
    assertThat(c.outputBoundaries()).containsExactly(
        Bytes.copyOf(new TimeWindows(HOUR_MILLIS).windowStart(W + 3)));
    assertThat(c.maxOutputFileSizeBytes()).isEqualTo(64 * MIB);
  }

  @Test
  void takesTheOldestFilesUpToMaxCompactionBytes() {
    List<FileMetaData> level0 = List.of(file(10, 0, 5, 100 * MIB), file(11, 5, 9, 100 * MIB),
        file(12, 9, 12, 100 * MIB), file(13, 12, 15, 100 * MIB));
    Compaction c = strategy(Map.of()).pickCompaction(tree(level0, List.of())).orElseThrow();
    // 256 MiB: the two oldest (10, 11); a third would make 300 MiB.
    assertThat(numbers(c, 0)).containsExactly(11L, 10L);
  }

  @Test
  void theOldestLevel0FileAloneWhenItExceedsMaxCompactionBytes() {
    List<FileMetaData> level0 = List.of(file(10, 0, 5, 300 * MIB), file(11, 5, 9, MIB),
        file(12, 9, 12, MIB), file(13, 12, 15, MIB));
    Compaction c = strategy(Map.of()).pickCompaction(tree(level0, List.of())).orElseThrow();
    assertThat(numbers(c, 0)).containsExactly(10L);
    assertThat(c.trivialMove()).as("one file, one window, nothing in level 1 to merge").isTrue();
  }

  @Test
  void level1FilesCountTowardsMaxCompactionBytes() {
    List<FileMetaData> level1 = List.of(file(1, 0, 30, 200 * MIB));
    List<FileMetaData> level0 = List.of(file(10, 0, 5, 10 * MIB), file(11, 5, 9, 10 * MIB),
        file(12, 40, 50, 50 * MIB), file(13, 12, 15, 10 * MIB));
    Compaction c = strategy(Map.of()).pickCompaction(tree(level0, level1)).orElseThrow();
    // 10 + 10 + 200 = 220 MiB; adding file 12 (50 MiB) would pass 256 MiB.
    assertThat(numbers(c, 0)).containsExactly(11L, 10L);
    assertThat(numbers(c, 1)).containsExactly(1L);
  }

  @Test
  void aFileSpanningWindowsIsNeverMovedTrivially() {
    List<FileMetaData> level0 = List.of(file(10, 50, 70, MIB), file(11, 70, 80, MIB),
        file(12, 80, 90, MIB), file(13, 90, 100, MIB));
    Compaction c = strategy(Map.of("max_compaction_bytes", "1")).pickCompaction(
        tree(level0, List.of())).orElseThrow();
    assertThat(numbers(c, 0)).containsExactly(10L);
    assertThat(c.trivialMove()).isFalse();
    assertThat(c.outputBoundaries()).hasSize(1);
  }

  @Test
  void writersSlowDownAndStopAtTheLevel0Triggers() {
    TimeWindowCompactionStrategy s = strategy(Map.of("l0_trigger", "2", "l0_slowdown_trigger",
        "3", "l0_stop_trigger", "4"));
    List<FileMetaData> level0 = new ArrayList<>();
    List<WriteStall> stalls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stalls.add(s.writeStall(tree(level0, List.of())));
      level0.add(file(10 + i, i, i + 1, MIB));
    }
    assertThat(stalls).containsExactly(WriteStall.NONE, WriteStall.NONE, WriteStall.NONE,
        WriteStall.SLOWDOWN, WriteStall.STOP);
  }

  @Test
  void rangeCompactionTakesLevel0OnlyWhenTheRangeTouchesIt() {
    List<FileMetaData> level0 = List.of(file(10, 0, 5, MIB), file(11, 60, 65, MIB));
    List<FileMetaData> level1 = List.of(file(1, 100, 110, MIB));
    Version v = tree(level0, level1);
    TimeWindowCompactionStrategy s = strategy(Map.of());
    byte[] minute3 = key(EPOCH_MILLIS + 3 * 60_000, 0);
    byte[] minute90 = key(EPOCH_MILLIS + 90 * 60_000, 0);
    Compaction c = s.rangeCompaction(v, 0, minute3, minute3).orElseThrow();
    assertThat(numbers(c, 0)).as("the oldest files, whatever the range").containsExactly(11L,
        10L);
    assertThat(c.trivialMove()).isFalse();
    assertThat(s.rangeCompaction(v, 0, minute90, null)).isEmpty();
    assertThat(s.rangeCompaction(v, 1, null, null)).as("level 1 is merged per window").isEmpty();
    assertThat(s.levelDbLayout()).isTrue();
    assertThat(s.levelForFlush(v, minute3, minute90)).isZero();
  }
}
