package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.testing.FuzzDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link LogReader} with arbitrary bytes as a log file: it must return records or throw
 * {@link CorruptionException}, never another exception, and never allocate much more than the
 * file holds. Jazzer's seed corpus is in {@code LogReaderFuzzTestInputs/logFile}.
 */
class LogReaderFuzzTest {
  private static final String NAME = "000009.log";

  /** The target: reads every record, without and then with checksums. */
  static void readAll(byte[] data) throws IOException {
    FuzzDriver.AllocationMeter meter = new FuzzDriver.AllocationMeter(data.length, 4 << 20, 4);
    try {
      readAll(data, false, meter);
    } catch (CorruptionException e) {
      // Expected for damaged input; the checked pass below must agree that it is damaged.
    }
    readAll(data, true, meter);
  }

  private static void readAll(byte[] data, boolean verify, FuzzDriver.AllocationMeter meter)
      throws IOException {
    LogReader reader = new LogReader(MemFile.of(data).reader(), NAME, verify);
    long total = 0;
    byte[] record;
    while ((record = reader.readRecord()) != null) {
      total += record.length;
      meter.step("readRecord");
      if (reader.lastRecordOffset() < 0 || reader.lastRecordOffset() >= data.length) {
        throw new AssertionError("record offset " + reader.lastRecordOffset());
      }
    }
    if (total > data.length) {
      throw new AssertionError(total + " bytes of records from a " + data.length + "-byte log");
    }
    if (reader.tornTail() && (reader.tornTailOffset() < 0
        || reader.tornTailOffset() > data.length)) {
      throw new AssertionError("torn tail offset " + reader.tornTailOffset());
    }
  }

  @BeforeAll
  static void warmUp() throws IOException {
    FuzzDriver.warmUp(seeds(), LogReaderFuzzTest::readAll);
  }

  @FuzzTest(maxDuration = "5m")
  void logFile(byte[] data) throws IOException {
    try {
      readAll(data);
    } catch (CorruptionException expected) {
      // damaged input: the only failure allowed
    }
  }

  /** Valid logs: small records, fragmented records across blocks, an empty log. */
  static List<byte[]> seeds() throws IOException {
    Random rnd = new Random(20);
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(new byte[0]);
    for (int[] sizes : new int[][] {{0, 1, 12, 100}, {40_000}, {32_760, 5, 70_000, 3},
        {1000, 1000, 1000}}) {
      MemFile f = new MemFile();
      LogWriter w = new LogWriter(f.writer());
      for (int size : sizes) {
        byte[] r = new byte[size];
        for (int i = 0; i < size; i++) {
          r[i] = (byte) ('a' + rnd.nextInt(26));
        }
        w.addRecord(r);
      }
      w.close();
      seeds.add(f.contents());
    }
    return seeds;
  }

  /** Recomputes the checksum of every physical record whose header still parses. */
  static byte[] fixChecksums(byte[] log) {
    for (int block = 0; block < log.length; block += LogFormat.BLOCK_SIZE) {
      int end = Math.min(log.length, block + LogFormat.BLOCK_SIZE);
      int p = block;
      while (end - p >= LogFormat.HEADER_SIZE) {
        int length = (log[p + 4] & 0xff) | (log[p + 5] & 0xff) << 8;
        int type = log[p + 6] & 0xff;
        if (p + LogFormat.HEADER_SIZE + length > end || type == LogFormat.ZERO_TYPE) {
          break;
        }
        Coding.putFixed32(log, p, Crc32c.mask(Crc32c.value(log[p + 6], log,
            p + LogFormat.HEADER_SIZE, length)));
        p += LogFormat.HEADER_SIZE + length;
      }
    }
    return log;
  }

  @Test
  void randomAndMutatedLogs() throws IOException {
    long accepted = FuzzDriver.run("LogReader", seeds(), FuzzDriver.iterations(120_000),
        LogReaderFuzzTest::readAll, LogReaderFuzzTest::fixChecksums);
    assertThat(accepted).isGreaterThan(0);
  }
}
