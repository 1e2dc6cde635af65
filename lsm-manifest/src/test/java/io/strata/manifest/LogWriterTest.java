package io.strata.manifest;

import static io.strata.manifest.LogFormat.BLOCK_SIZE;
import static io.strata.manifest.LogFormat.HEADER_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class LogWriterTest {
  @Test
  void headerLayoutOfOneRecord() throws IOException {
    MemFile f = new MemFile();
    LogWriter w = new LogWriter(f.writer());
    byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
    w.addRecord(payload);
    byte[] b = f.contents();

    assertThat(b).hasSize(HEADER_SIZE + 5);
    CRC32C crc = new CRC32C();
    crc.update(new byte[] {1, 'h', 'e', 'l', 'l', 'o'});
    int masked = Crc32c.mask((int) crc.getValue());
    assertThat(Coding.getFixed32(b, 0)).isEqualTo(masked);
    // The mask as documented: rotate right by 15, add 0xa282ead8.
    int raw = (int) crc.getValue();
    assertThat(masked).isEqualTo(Integer.rotateRight(raw, 15) + 0xa282ead8);
    assertThat(b[4]).isEqualTo((byte) 5); // length, little-endian
    assertThat(b[5]).isEqualTo((byte) 0);
    assertThat(b[6]).isEqualTo((byte) LogFormat.FULL_TYPE);
    assertThat(Arrays.copyOfRange(b, HEADER_SIZE, b.length)).isEqualTo(payload);
    assertThat(w.sizeBytes()).isEqualTo(b.length);
  }

  @Test
  void emptyRecordIsAHeaderOnly() throws IOException {
    MemFile f = new MemFile();
    new LogWriter(f.writer()).addRecord(new byte[0]);
    byte[] b = f.contents();
    assertThat(b).hasSize(HEADER_SIZE);
    assertThat(b[4]).isZero();
    assertThat(b[5]).isZero();
    assertThat(b[6]).isEqualTo((byte) LogFormat.FULL_TYPE);
  }

  @Test
  void recordExactlyFillingABlockIsOneFullFragment() throws IOException {
    MemFile f = new MemFile();
    LogWriter w = new LogWriter(f.writer());
    w.addRecord(new byte[BLOCK_SIZE - HEADER_SIZE]);
    assertThat(w.sizeBytes()).isEqualTo(BLOCK_SIZE);
    byte[] b = f.contents();
    assertThat(b[6]).isEqualTo((byte) LogFormat.FULL_TYPE);
    w.addRecord(new byte[1]);
    // The next record starts the next block, no padding.
    assertThat(w.sizeBytes()).isEqualTo(BLOCK_SIZE + HEADER_SIZE + 1);
  }

  @Test
  void blockTailsShorterThanAHeaderAreZeroFilled() throws IOException {
    for (int gap = 0; gap <= HEADER_SIZE; gap++) {
      MemFile f = new MemFile();
      LogWriter w = new LogWriter(f.writer());
      byte[] first = new byte[BLOCK_SIZE - HEADER_SIZE - gap];
      Arrays.fill(first, (byte) 0x5a);
      w.addRecord(first);
      w.addRecord(new byte[] {1, 2, 3});
      byte[] b = f.contents();
      if (gap < HEADER_SIZE) {
        for (int i = BLOCK_SIZE - gap; i < BLOCK_SIZE; i++) {
          assertThat(b[i]).as("gap %s byte %s", gap, i).isZero();
        }
        assertThat(b[BLOCK_SIZE + 6]).as("gap %s", gap).isEqualTo((byte) LogFormat.FULL_TYPE);
        assertThat(b).hasSize(BLOCK_SIZE + HEADER_SIZE + 3);
      } else {
        // Exactly a header's room: a zero-length FIRST, then the payload in a LAST.
        int h = BLOCK_SIZE - HEADER_SIZE;
        assertThat(b[h + 4]).isZero();
        assertThat(b[h + 6]).isEqualTo((byte) LogFormat.FIRST_TYPE);
        assertThat(b[BLOCK_SIZE + 6]).isEqualTo((byte) LogFormat.LAST_TYPE);
        assertThat(b).hasSize(BLOCK_SIZE + HEADER_SIZE + 3);
      }
    }
  }

  @Test
  void largeRecordIsCutIntoFirstMiddleLast() throws IOException {
    MemFile f = new MemFile();
    LogWriter w = new LogWriter(f.writer());
    int len = 3 * BLOCK_SIZE + 100;
    w.addRecord(new byte[len]);
    byte[] b = f.contents();
    int perBlock = BLOCK_SIZE - HEADER_SIZE;
    assertThat(b[6]).isEqualTo((byte) LogFormat.FIRST_TYPE);
    assertThat(b[BLOCK_SIZE + 6]).isEqualTo((byte) LogFormat.MIDDLE_TYPE);
    assertThat(b[2 * BLOCK_SIZE + 6]).isEqualTo((byte) LogFormat.MIDDLE_TYPE);
    assertThat(b[3 * BLOCK_SIZE + 6]).isEqualTo((byte) LogFormat.LAST_TYPE);
    int lastLen = len - 3 * perBlock;
    assertThat((b[3 * BLOCK_SIZE + 4] & 0xff) | (b[3 * BLOCK_SIZE + 5] & 0xff) << 8)
        .isEqualTo(lastLen);
    assertThat(b).hasSize(3 * BLOCK_SIZE + HEADER_SIZE + lastLen);
  }

  @Test
  void initialOffsetKeepsBlocksAlignedToTheFile() throws IOException {
    MemFile f = new MemFile();
    WritableFile out = f.writer();
    LogWriter first = new LogWriter(out);
    first.addRecord(new byte[BLOCK_SIZE - HEADER_SIZE - 3]); // leaves 3 bytes in block 0
    LogWriter second = new LogWriter(out, first.sizeBytes());
    second.addRecord(new byte[] {9});
    assertThat(second.sizeBytes()).isEqualTo(BLOCK_SIZE + HEADER_SIZE + 1);
    byte[] b = f.contents();
    assertThat(b[BLOCK_SIZE + 6]).isEqualTo((byte) LogFormat.FULL_TYPE);
    assertThat(b[BLOCK_SIZE + HEADER_SIZE]).isEqualTo((byte) 9);
  }

  @Test
  void rangeArgumentsAreChecked() {
    LogWriter w = new LogWriter(new MemFile().writer());
    assertThatThrownBy(() -> w.addRecord(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new LogWriter(new MemFile().writer(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void failedAppendMakesTheWriterRefuseFurtherRecords() {
    WritableFile failing = new WritableFile() {
      @Override
      public void append(byte[] data, int offset, int length) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void sync() {}

      @Override
      public long size() {
        return 0;
      }

      @Override
      public void close() {}
    };
    LogWriter w = new LogWriter(failing);
    assertThatThrownBy(() -> w.addRecord(new byte[3])).isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThatThrownBy(() -> w.addRecord(new byte[3])).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("earlier append");
  }
}
