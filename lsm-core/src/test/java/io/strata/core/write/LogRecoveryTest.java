package io.strata.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.manifest.LogFormat;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The torn-tail verdict on logs whose last record spans blocks. */
class LogRecoveryTest {
  @TempDir Path dir;
  private final FileSystem fs = new LocalFileSystem();

  /** Writes a log of three small records and a last one of 40,000 bytes (two fragments). */
  private Path writeLog(boolean recordAfter) throws IOException {
    Path log = dir.resolve("000005.log");
    try (WritableFile file = fs.newWritableFile(log)) {
      LogWriter writer = new LogWriter(file);
      for (int i = 0; i < 3; i++) {
        writer.addRecord(batch(100, i));
      }
      writer.addRecord(batch(40_000, 7));
      if (recordAfter) {
        writer.addRecord(batch(100, 9));
      }
      file.sync();
    }
    return log;
  }

  /** A write batch header (sequence, count 0) followed by filler. */
  private static byte[] batch(int length, int fill) {
    byte[] b = new byte[length];
    Arrays.fill(b, 12, length, (byte) (fill + 1));
    return b;
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x10);
    }
  }

  private LogRecovery.Outcome read(Path log) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (ReadableFile file = fs.newReadableFile(log)) {
      return LogRecovery.read(file, log.getFileName().toString(), false,
          (record, offset) -> records.add(record));
    }
  }

  @Test
  void damageInTheFirstFragmentOfTheLastRecordIsATornTail() throws IOException {
    Path log = writeLog(false);
    long lastRecord = 3 * (LogFormat.HEADER_SIZE + 100);
    flip(log, lastRecord + LogFormat.HEADER_SIZE + 500);
    LogRecovery.Outcome o = read(log);
    assertThat(o.records()).isEqualTo(3);
    assertThat(o.damageOffset()).as(o.describe()).isEqualTo(-1);
    assertThat(o.tornTailOffset()).as(o.describe()).isEqualTo(lastRecord);
  }

  @Test
  void damageInARecordSpanningBlocksWithARecordAfterItIsDamage() throws IOException {
    Path log = writeLog(true);
    long lastRecord = 3 * (LogFormat.HEADER_SIZE + 100);
    flip(log, lastRecord + LogFormat.HEADER_SIZE + 500);
    LogRecovery.Outcome o = read(log);
    assertThat(o.records()).isEqualTo(3);
    assertThat(o.tornTailOffset()).as(o.describe()).isEqualTo(-1);
    assertThat(o.damageOffset()).as(o.describe()).isEqualTo(lastRecord);
    assertThat(o.intactRecordsDropped()).as(o.describe()).isEqualTo(1);
  }
}
