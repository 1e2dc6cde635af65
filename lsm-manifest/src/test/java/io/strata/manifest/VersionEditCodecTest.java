package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Bytes;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionEditCodecTest {
  private static final String NAME = "MANIFEST-000004";

  private static InternalKey key(String user, long seq, ValueType type) {
    return new InternalKey(Bytes.copyOf(user.getBytes(StandardCharsets.UTF_8)), seq, type);
  }

  private static VersionEdit everyField() {
    return VersionEdit.builder()
        .comparatorName("leveldb.BytewiseComparator")
        .logNumber(12)
        .prevLogNumber(0)
        .nextFileNumber(1L << 40)
        .lastSequence(InternalKey.MAX_SEQUENCE)
        .compactPointer(1, key("m", 77, ValueType.VALUE))
        .compactPointer(6, key("", 0, ValueType.DELETION))
        .deleteFile(0, 3)
        .deleteFile(5, Long.MAX_VALUE)
        .addFile(0, new FileMetaData(20, 4096, key("a", 5, ValueType.VALUE),
            key("z", 1, ValueType.DELETION)))
        .addFile(6, new FileMetaData(Long.MAX_VALUE, Long.MAX_VALUE,
            key("\u00e9t\u00e9", 1L << 50, ValueType.VALUE), key("\u00ff", 0, ValueType.VALUE)))
        .addFile(0, new FileMetaData(21, 4096, key("a", 5, ValueType.VALUE),
            key("z", 1, ValueType.DELETION)).withSequenceRange(1, 5, "tiered"))
        .strategySwitch("tiered", "leveled")
        .feature("merge")
        .feature("zstd")
        .build();
  }

  @Test
  void roundTripsEveryField() throws CorruptionException {
    for (VersionEdit edit : new VersionEdit[] {everyField(), VersionEdit.builder().build(),
        VersionEdit.builder().lastSequence(0).build()}) {
      byte[] encoded = VersionEditCodec.encode(edit);
      VersionEdit decoded = VersionEditCodec.decode(encoded, NAME, 0);
      assertThat(decoded).isEqualTo(edit);
      assertThat(VersionEditCodec.encode(decoded)).isEqualTo(encoded);
    }
    assertThat(VersionEditCodec.encode(VersionEdit.builder().build())).isEmpty();
  }

  @Test
  void encodesLevelDbLayout() throws CorruptionException {
    VersionEdit edit = VersionEdit.builder()
        .comparatorName("abc")
        .logNumber(5)
        .prevLogNumber(0)
        .nextFileNumber(300)
        .lastSequence(7)
        .compactPointer(1, key("k", 9, ValueType.VALUE))
        .deleteFile(2, 130)
        .addFile(3, new FileMetaData(1000, 12345, key("a", 1, ValueType.VALUE),
            key("b", 2, ValueType.DELETION)))
        .build();
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(new byte[] {1, 3, 'a', 'b', 'c'}); // kComparator, length-prefixed
    want.writeBytes(new byte[] {2, 5}); // kLogNumber
    want.writeBytes(new byte[] {9, 0}); // kPrevLogNumber
    want.writeBytes(new byte[] {3, (byte) 0xac, 0x02}); // kNextFileNumber 300
    want.writeBytes(new byte[] {4, 7}); // kLastSequence
    // kCompactPointer, level 1, 9-byte internal key 'k' | fixed64(9 << 8 | 1)
    want.writeBytes(new byte[] {5, 1, 9, 'k', 0x01, 0x09, 0, 0, 0, 0, 0, 0});
    want.writeBytes(new byte[] {6, 2, (byte) 0x82, 0x01}); // kDeletedFile level 2, file 130
    // kNewFile level 3, number 1000, size 12345, smallest 'a'@1 VALUE, largest 'b'@2 DELETION
    want.writeBytes(new byte[] {7, 3, (byte) 0xe8, 0x07, (byte) 0xb9, 0x60});
    want.writeBytes(new byte[] {9, 'a', 0x01, 0x01, 0, 0, 0, 0, 0, 0});
    want.writeBytes(new byte[] {9, 'b', 0x00, 0x02, 0, 0, 0, 0, 0, 0});

    assertThat(VersionEditCodec.encode(edit)).isEqualTo(want.toByteArray());
    assertThat(VersionEditCodec.decode(want.toByteArray(), NAME, 0)).isEqualTo(edit);
  }

  @Test
  void recordsSequenceRangesAndStrategySwitchInStrataTags() throws CorruptionException {
    FileMetaData plain = new FileMetaData(7, 100, key("a", 1, ValueType.VALUE),
        key("b", 2, ValueType.VALUE));
    FileMetaData ranged = new FileMetaData(8, 200, key("c", 3, ValueType.VALUE),
        key("d", 9, ValueType.VALUE)).withSequenceRange(3, 9, "tiered");
    VersionEdit edit = VersionEdit.builder().addFile(0, plain).addFile(0, ranged)
        .strategySwitch("tiered", "leveled").build();
    byte[] encoded = VersionEditCodec.encode(edit);
    VersionEdit decoded = VersionEditCodec.decode(encoded, NAME, 0);
    assertThat(decoded).isEqualTo(edit);
    assertThat(decoded.newFiles().get(0).file().hasSequenceRange()).isFalse();
    assertThat(decoded.newFiles().get(1).file().writer()).isEqualTo("tiered");
    assertThat(decoded.strategySwitch()).contains(
        new VersionEdit.StrategySwitch("tiered", "leveled"));

    // The plain file encodes as LevelDB would: the Strata tag follows only the ranged one.
    byte[] plainOnly = VersionEditCodec.encode(VersionEdit.builder().addFile(0, plain).build());
    assertThat(Arrays.copyOf(encoded, plainOnly.length)).isEqualTo(plainOnly);
    assertThat(encoded[plainOnly.length]).isEqualTo((byte) 7);
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(new byte[] {80, 8, 3, 9, 6});
    want.writeBytes("tiered".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).contains(
        new String(want.toByteArray(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void recordsEachFeatureInItsOwnStrataTag() throws CorruptionException {
    VersionEdit edit = VersionEdit.builder().lastSequence(3).feature("zstd").feature("merge")
        .feature("merge").build();
    byte[] encoded = VersionEditCodec.encode(edit);
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(new byte[] {4, 3}); // kLastSequence
    want.writeBytes(new byte[] {82, 5, 'm', 'e', 'r', 'g', 'e'}); // sorted, once each
    want.writeBytes(new byte[] {82, 4, 'z', 's', 't', 'd'});
    assertThat(encoded).isEqualTo(want.toByteArray());
    assertThat(VersionEditCodec.decode(encoded, NAME, 0).features())
        .containsExactly("merge", "zstd");
    assertThat(decodeFails(new byte[] {82, 0})).hasMessageContaining("feature")
        .hasMessageContaining("empty feature name");
    assertThat(decodeFails(new byte[] {82, 5, 'm'})).hasMessageContaining("feature");
  }

  @Test
  void rejectsASequenceRangeForAFileNotAdded() {
    assertThat(decodeFails(new byte[] {80, 8, 3, 9, 0})).hasMessageContaining("file sequences")
        .hasMessageContaining("file 8 is not added");
    byte[] base = VersionEditCodec.encode(VersionEdit.builder().addFile(0,
        new FileMetaData(8, 10, key("a", 1, ValueType.VALUE), key("b", 1, ValueType.VALUE)))
        .build());
    byte[] reversed = Arrays.copyOf(base, base.length + 5);
    System.arraycopy(new byte[] {80, 8, 9, 3, 0}, 0, reversed, base.length, 5);
    assertThat(decodeFails(reversed)).hasMessageContaining("out of order");
  }

  private static CorruptionException decodeFails(byte[] data) {
    try {
      VersionEditCodec.decode(data, NAME, 321);
    } catch (CorruptionException e) {
      assertThat(e.file()).isEqualTo(NAME);
      assertThat(e.offset()).isEqualTo(321);
      return e;
    }
    throw new AssertionError("decoded " + Arrays.toString(data));
  }

  @Test
  void namesTheTagAndFieldOfBadInput() {
    assertThat(decodeFails(new byte[] {8, 1})).hasMessageContaining("unknown tag 8");
    assertThat(decodeFails(new byte[] {100})).hasMessageContaining("unknown tag 100");
    assertThat(decodeFails(new byte[] {(byte) 0x80})).hasMessageContaining("tag");
    assertThat(decodeFails(new byte[] {6, 7, 1})).hasMessageContaining("deleted file")
        .hasMessageContaining("level 7");
    assertThat(decodeFails(new byte[] {2})).hasMessageContaining("log number")
        .hasMessageContaining("truncated");
    assertThat(decodeFails(new byte[] {4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}))
        .hasMessageContaining("last sequence");
    // A 2^31-byte length prefix: reported, never allocated.
    assertThat(decodeFails(new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        0x08, 'x'})).hasMessageContaining("comparator").hasMessageContaining("runs past the end");
    assertThat(decodeFails(new byte[] {1, 2, (byte) 0xc3, 0x28})).hasMessageContaining("UTF-8");
    // Typed where it is read: no caller-mistake exception inside.
    assertThat(decodeFails(new byte[] {5, 1, 3, 'a', 'b', 'c'}))
        .hasMessageContaining("compact pointer").hasMessageContaining("shorter than 8 bytes")
        .hasNoCause();
    assertThat(decodeFails(new byte[] {7, 1, 1, 1, 1, 'a'}))
        .hasMessageContaining("new file").hasMessageContaining("smallest key")
        .hasMessageContaining("shorter than 8 bytes: 1").hasNoCause();
    // Internal key with type code 7.
    assertThat(decodeFails(new byte[] {5, 1, 8, 7, 0, 0, 0, 0, 0, 0, 0}))
        .hasMessageContaining("unknown value type 7")
        .hasNoCause();
    byte[] good = VersionEditCodec.encode(VersionEdit.builder().addFile(1,
        new FileMetaData(9, 10, key("a", 1, ValueType.VALUE), key("b", 1, ValueType.VALUE)))
        .build());
    byte[] zeroNumber = good.clone();
    zeroNumber[2] = 0;
    assertThat(decodeFails(zeroNumber)).hasMessageContaining("new file")
        .hasMessageContaining("file number 0");
  }

  @Test
  void everyTruncationDecodesOrFailsAsCorruption() {
    byte[] encoded = VersionEditCodec.encode(everyField());
    int decoded = 0;
    for (int n = 0; n < encoded.length; n++) {
      try {
        VersionEditCodec.decode(Arrays.copyOf(encoded, n), NAME, 0);
        decoded++; // a cut at a field boundary
      } catch (CorruptionException e) {
        assertThat(e.file()).isEqualTo(NAME);
      }
    }
    assertThat(decoded).isLessThanOrEqualTo(16); // one cut per field boundary
  }

  @Test
  void garbageFailsOnlyWithCorruption() {
    long seed = System.nanoTime();
    System.out.println("VersionEditCodecTest.garbageFailsOnlyWithCorruption seed=" + seed);
    Random rnd = new Random(seed);
    byte[] valid = VersionEditCodec.encode(everyField());
    for (int i = 0; i < 20_000; i++) {
      byte[] data;
      if (rnd.nextBoolean()) {
        data = new byte[rnd.nextInt(64)];
        rnd.nextBytes(data);
        if (data.length > 0) {
          data[0] = (byte) (1 + rnd.nextInt(9)); // mostly known tags, to reach the fields
        }
      } else {
        data = Arrays.copyOf(valid, 1 + rnd.nextInt(valid.length));
        for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
          data[rnd.nextInt(data.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      try {
        VersionEdit edit = VersionEditCodec.decode(data, NAME, 0);
        // Whatever decodes must encode again without trouble.
        VersionEditCodec.encode(edit);
      } catch (CorruptionException e) {
        assertThat(e.file()).isEqualTo(NAME);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " iteration " + i + " input "
            + Arrays.toString(data), e);
      }
    }
  }

  @Test
  void encodeRejectsNull() {
    assertThatThrownBy(() -> VersionEditCodec.encode(null))
        .isInstanceOf(NullPointerException.class);
  }
}
