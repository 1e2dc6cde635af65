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
    assertThat(decodeFails(new byte[] {5, 1, 3, 'a', 'b', 'c'}))
        .hasMessageContaining("compact pointer").hasMessageContaining("shorter than 8 bytes");
    // Internal key with type code 7.
    assertThat(decodeFails(new byte[] {5, 1, 8, 7, 0, 0, 0, 0, 0, 0, 0}))
        .hasMessageContaining("unknown value type 7")
        .hasRootCauseInstanceOf(IllegalArgumentException.class);
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
    assertThat(decoded).isLessThanOrEqualTo(12);
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
