package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.Bytes;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.api.testing.FuzzDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link VersionEditCodec#decode}: any bytes decode to an edit or throw
 * {@link CorruptionException}; an edit that decodes encodes to bytes that decode to the same
 * edit. Jazzer's seed corpus is in {@code VersionEditCodecFuzzTestInputs/versionEdit}.
 */
class VersionEditCodecFuzzTest {
  private static final String NAME = "MANIFEST-000005";

  static void decode(byte[] data) throws IOException {
    FuzzDriver.AllocationMeter meter = new FuzzDriver.AllocationMeter(data.length, 4 << 20, 16);
    VersionEdit edit = VersionEditCodec.decode(data, NAME, 0);
    meter.step("decode");
    VersionEdit again = VersionEditCodec.decode(VersionEditCodec.encode(edit), NAME, 0);
    if (!again.equals(edit)) {
      throw new AssertionError("re-encoding changed " + edit + " into " + again);
    }
  }

  @BeforeAll
  static void warmUp() throws IOException {
    FuzzDriver.warmUp(seeds(), VersionEditCodecFuzzTest::decode);
  }

  @FuzzTest(maxDuration = "5m")
  void versionEdit(byte[] data) throws IOException {
    try {
      decode(data);
    } catch (CorruptionException expected) {
      // damaged input: the only failure allowed
    }
  }

  private static InternalKey key(String user, long seq, ValueType type) {
    return new InternalKey(Bytes.copyOf(user.getBytes(StandardCharsets.UTF_8)), seq, type);
  }

  /** Valid edits: a MANIFEST's first snapshot, a flush, a compaction. */
  static List<byte[]> seeds() {
    VersionEdit snapshot = VersionEdit.builder().comparatorName("leveldb.BytewiseComparator")
        .logNumber(7).prevLogNumber(0).nextFileNumber(12).lastSequence(4_000)
        .compactPointer(1, key("m", 77, ValueType.VALUE))
        .addFile(0, new FileMetaData(9, 4096, key("a", 5, ValueType.VALUE),
            key("z", 1, ValueType.DELETION)))
        .addFile(2, new FileMetaData(10, 1 << 20, key("b", 900, ValueType.VALUE),
            key("q", 3, ValueType.VALUE)))
        .build();
    VersionEdit flush = VersionEdit.builder().logNumber(13).prevLogNumber(0)
        .nextFileNumber(15).lastSequence(5_000)
        .addFile(0, new FileMetaData(14, 2000, key("c", 4_100, ValueType.VALUE),
            key("d", 4_999, ValueType.DELETION)))
        .build();
    VersionEdit compaction = VersionEdit.builder().nextFileNumber(20).lastSequence(6_000)
        .compactPointer(0, key("d", 4_999, ValueType.DELETION))
        .deleteFile(0, 9).deleteFile(0, 14).deleteFile(1, 3)
        .addFile(1, new FileMetaData(17, 3000, key("a", 5, ValueType.VALUE),
            key("k", 1, ValueType.VALUE)))
        .addFile(1, new FileMetaData(18, 3100, key("l", 5, ValueType.VALUE),
            key("z", 1, ValueType.DELETION)))
        .build();
    return List.of(VersionEditCodec.encode(snapshot), VersionEditCodec.encode(flush),
        VersionEditCodec.encode(compaction), new byte[0]);
  }

  @Test
  void randomAndMutatedEdits() throws IOException {
    long accepted = FuzzDriver.run("VersionEditCodec", seeds(),
        FuzzDriver.iterations(1_000_000), VersionEditCodecFuzzTest::decode, b -> b);
    assertThat(accepted).isGreaterThan(0);
  }
}
