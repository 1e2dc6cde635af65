package io.strata.api.spi.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.api.BytewiseComparator;
import io.strata.api.Bytes;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static FileMetaData file(long number) {
    return new FileMetaData(number, 100, key("a"), key("z"));
  }

  private static InternalKey key(String user) {
    return new InternalKey(Bytes.copyOf(user.getBytes(StandardCharsets.UTF_8)), 1,
        ValueType.VALUE);
  }

  @Test
  void level0IsOrderedByTheAgeOfItsDataNotByFileNumber() {
    // 9 was merged from old runs after 8 was flushed: it holds older data despite its number.
    FileMetaData merged = file(9).withSequenceRange(1, 400, "tiered");
    FileMetaData flushed = file(8).withSequenceRange(401, 500, "tiered");
    FileMetaData oldest = file(3).withSequenceRange(0, 0, "tiered");
    // Files without a range are flushes of a LevelDB-layout strategy: the newest, by number.
    FileMetaData plain5 = file(5);
    FileMetaData plain7 = file(7);
    Version v = Version.of(ICMP, List.of(List.of(merged, oldest, plain5, flushed, plain7)));

    assertThat(v.files(0)).extracting(FileMetaData::fileNumber).containsExactly(7L, 5L, 8L, 9L,
        3L);
  }

  @Test
  void equalLargestSequencesFallBackToFileNumber() {
    FileMetaData a = file(4).withSequenceRange(10, 20, "x");
    FileMetaData b = file(6).withSequenceRange(15, 20, "x");
    Version v = Version.of(ICMP, List.of(List.of(a, b)));

    assertThat(v.files(0)).extracting(FileMetaData::fileNumber).containsExactly(6L, 4L);
  }

  @Test
  void strategySwitchSurvivesEditsAndSnapshots() {
    Version v = Version.empty(ICMP)
        .apply(VersionEdit.builder().strategySwitch("tiered", "leveled").build())
        .apply(VersionEdit.builder().addFile(0, file(2)).build());

    assertThat(v.strategySwitch()).contains(new VersionEdit.StrategySwitch("tiered", "leveled"));
    Version rebuilt = Version.empty(ICMP).apply(v.toSnapshotEdit().build());
    assertThat(rebuilt.strategySwitch()).isEqualTo(v.strategySwitch());
    assertThat(rebuilt.files(0)).isEqualTo(v.files(0));
  }

  @Test
  void featuresAccumulateAndSurviveSnapshots() {
    Version v = Version.empty(ICMP)
        .apply(VersionEdit.builder().feature("zstd").build())
        .apply(VersionEdit.builder().addFile(0, file(2)).build())
        .apply(VersionEdit.builder().feature("merge").feature("zstd").build());

    assertThat(Version.empty(ICMP).features()).isEmpty();
    assertThat(v.features()).containsExactly("merge", "zstd");
    Version rebuilt = Version.empty(ICMP).apply(v.toSnapshotEdit().build());
    assertThat(rebuilt.features()).isEqualTo(v.features());
  }

  @Test
  void aFileCanBeReaddedWithItsSequenceRangeInOneEdit() {
    Version v = Version.of(ICMP, List.of(List.of(file(2))));
    Version annotated = v.apply(VersionEdit.builder().deleteFile(0, 2)
        .addFile(0, file(2).withSequenceRange(1, 9, "")).build());

    assertThat(annotated.files(0)).singleElement()
        .satisfies(f -> assertThat(f.hasSequenceRange()).isTrue());
  }

  @Test
  void anEditThatDoesNotApplyIsACallersMistakeInMemoryAndDamageWhenReadFromAFile() {
    Version v = Version.of(ICMP, List.of(List.of(), List.of(file(2))));
    VersionEdit overlapping = VersionEdit.builder().addFile(1, file(3)).build();
    VersionEdit twice = VersionEdit.builder().addFile(0, file(2)).build();

    assertThatThrownBy(() -> v.apply(overlapping)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("overlapping files in level 1: 2 [");
    assertThatThrownBy(() -> v.apply(twice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file 2 added twice (level 0)");

    CorruptionException e = catchThrowableOfType(CorruptionException.class,
        () -> v.apply(twice, "MANIFEST-000007", 1234));
    assertThat(e.file()).isEqualTo("MANIFEST-000007");
    assertThat(e.offset()).isEqualTo(1234);
    assertThat(e).hasMessage(
        "MANIFEST-000007 at offset 1234: edit does not apply: file 2 added twice (level 0)");
    assertThatThrownBy(() -> v.apply(overlapping, "MANIFEST-000007", 99))
        .isInstanceOf(CorruptionException.class)
        .hasMessageStartingWith("MANIFEST-000007 at offset 99: edit does not apply: "
            + "overlapping files in level 1: 2 [");
  }
}
