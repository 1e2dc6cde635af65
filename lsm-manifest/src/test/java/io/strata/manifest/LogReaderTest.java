package io.strata.manifest;

import static io.strata.manifest.LogFormat.BLOCK_SIZE;
import static io.strata.manifest.LogFormat.HEADER_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  private static final String NAME = "000007.log";

  /** A written log and the offset of each record's first fragment. */
  private record Written(MemFile file, List<byte[]> records, List<Long> offsets) {}

  private static Written write(List<byte[]> records) throws IOException {
    MemFile f = new MemFile();
    LogWriter w = new LogWriter(f.writer());
    List<Long> offsets = new ArrayList<>();
    for (byte[] r : records) {
      long pos = w.sizeBytes();
      long leftover = BLOCK_SIZE - pos % BLOCK_SIZE;
      offsets.add(leftover < HEADER_SIZE ? pos + leftover : pos);
      w.addRecord(r);
    }
    w.close();
    return new Written(f, records, offsets);
  }

  private static byte[] record(Random rnd, int len) {
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    return b;
  }

  private static List<byte[]> readAll(LogReader r) throws IOException {
    List<byte[]> out = new ArrayList<>();
    byte[] rec;
    while ((rec = r.readRecord()) != null) {
      out.add(rec);
    }
    return out;
  }

  private static void assertRoundTrip(List<byte[]> records) throws IOException {
    Written w = write(records);
    LogReader r = new LogReader(w.file().reader(), NAME, true);
    for (int i = 0; i < records.size(); i++) {
      byte[] got = r.readRecord();
      assertThat(got).as("record %s", i).isEqualTo(records.get(i));
      assertThat(r.lastRecordOffset()).as("offset of record %s", i).isEqualTo(w.offsets().get(i));
    }
    assertThat(r.readRecord()).isNull();
    assertThat(r.readRecord()).isNull();
    assertThat(r.tornTail()).isFalse();
    assertThat(r.tornTailOffset()).isEqualTo(-1);
  }

  @Test
  void emptyFileHasNoRecords() throws IOException {
    LogReader r = new LogReader(new MemFile().reader(), NAME, true);
    assertThat(r.readRecord()).isNull();
    assertThat(r.tornTail()).isFalse();
    assertThat(r.lastRecordOffset()).isEqualTo(-1);
  }

  @Test
  void roundTripsEmptyAndSmallRecords() throws IOException {
    assertRoundTrip(List.of(new byte[0]));
    assertRoundTrip(List.of(new byte[0], new byte[] {1}, "foo".getBytes(), new byte[0],
        new byte[100]));
  }

  @Test
  void roundTripsRecordsExactlyFillingBlocks() throws IOException {
    Random rnd = new Random(1);
    int full = BLOCK_SIZE - HEADER_SIZE;
    assertRoundTrip(List.of(record(rnd, full), record(rnd, full), record(rnd, 5)));
    // Two fragments that each fill a block exactly.
    assertRoundTrip(List.of(record(rnd, 2 * full), record(rnd, 1)));
  }

  @Test
  void roundTripsRecordsSpanningThreeOrMoreBlocks() throws IOException {
    Random rnd = new Random(2);
    assertRoundTrip(List.of(record(rnd, 10), record(rnd, 3 * BLOCK_SIZE + 17),
        record(rnd, 5 * BLOCK_SIZE), record(rnd, 3)));
  }

  @Test
  void roundTripsRecordsEndingJustBeforeABlockEnd() throws IOException {
    Random rnd = new Random(3);
    for (int gap = 0; gap <= HEADER_SIZE; gap++) {
      for (int nextLen : new int[] {0, 1, BLOCK_SIZE}) {
        assertRoundTrip(List.of(record(rnd, BLOCK_SIZE - HEADER_SIZE - gap),
            record(rnd, nextLen), record(rnd, 9)));
      }
    }
  }

  @Test
  void roundTripsManyRandomSizes() throws IOException {
    long seed = System.nanoTime();
    System.out.println("LogReaderTest.roundTripsManyRandomSizes seed=" + seed);
    Random rnd = new Random(seed);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      int kind = rnd.nextInt(10);
      int len = kind < 6 ? rnd.nextInt(200) : kind < 9 ? rnd.nextInt(BLOCK_SIZE)
          : rnd.nextInt(4 * BLOCK_SIZE);
      records.add(record(rnd, len));
    }
    assertRoundTrip(records);
  }

  @Test
  void roundTripsThroughLocalFiles(@TempDir Path dir) throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    Random rnd = new Random(4);
    List<byte[]> records = new ArrayList<>();
    Path path = dir.resolve(NAME);
    try (LogWriter w = new LogWriter(fs.newWritableFile(path))) {
      for (int i = 0; i < 50; i++) {
        records.add(record(rnd, rnd.nextInt(3 * BLOCK_SIZE)));
        w.addRecord(records.get(i));
      }
      w.sync();
    }
    try (ReadableFile in = fs.newReadableFile(path)) {
      List<byte[]> got = readAll(new LogReader(in, NAME, true));
      assertThat(got).hasSize(records.size());
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)).isEqualTo(records.get(i));
      }
    }
  }

  /** Truncates at every offset strictly inside the last record. */
  private static void assertTornAtEveryCut(Written w, int step) throws IOException {
    int n = w.records().size();
    int start = (int) (long) w.offsets().get(n - 1);
    int end = w.file().contents().length;
    List<Integer> cuts = new ArrayList<>();
    for (int cut = start; cut < end; cut += step) {
      cuts.add(cut);
    }
    cuts.add(end - 1);
    for (int cut : cuts) {
      LogReader r = new LogReader(w.file().reader(cut), NAME, true);
      List<byte[]> got = readAll(r);
      assertThat(got).as("cut %s", cut).hasSize(n - 1);
      for (int i = 0; i < n - 1; i++) {
        assertThat(got.get(i)).isEqualTo(w.records().get(i));
      }
      if (cut == start) {
        assertThat(r.tornTail()).as("cut at the record start is a clean end").isFalse();
      } else {
        assertThat(r.tornTail()).as("cut %s", cut).isTrue();
        assertThat(r.tornTailOffset()).as("cut %s", cut).isEqualTo(start);
      }
    }
  }

  @Test
  void truncationAnywhereInTheLastRecordIsATornTail() throws IOException {
    Random rnd = new Random(5);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(record(rnd, 1000));
    }
    records.add(record(rnd, 4000)); // starts in block 0, ends in block 1
    Written w = write(records);
    assertThat(w.offsets().get(30)).isLessThan(BLOCK_SIZE);
    assertTornAtEveryCut(w, 1);
  }

  @Test
  void truncationInsideAMultiBlockLastRecordIsATornTail() throws IOException {
    Random rnd = new Random(6);
    Written w = write(List.of(record(rnd, 100), record(rnd, 4 * BLOCK_SIZE + 11)));
    assertTornAtEveryCut(w, 97);
    // Cuts exactly at block boundaries and around each fragment header.
    for (int b = 1; b <= 4; b++) {
      for (int d = -1; d <= HEADER_SIZE + 1; d++) {
        int cut = b * BLOCK_SIZE + d;
        LogReader r = new LogReader(w.file().reader(cut), NAME, true);
        assertThat(readAll(r)).as("cut %s", cut).hasSize(1);
        assertThat(r.tornTail()).isTrue();
        assertThat(r.tornTailOffset()).isEqualTo(w.offsets().get(1));
      }
    }
  }

  @Test
  void bitFlipsInAMiddleRecordAreCorruptionAtItsOffset() throws IOException {
    Random rnd = new Random(7);
    Written w = write(List.of(record(rnd, 1000), record(rnd, 1000), record(rnd, 80000)));
    long middle = w.offsets().get(1);
    byte[] clean = w.file().contents();
    int[] positions = {0, 1, 2, 3, 4, 5, 6, HEADER_SIZE, HEADER_SIZE + 500, HEADER_SIZE + 999};
    for (int p : positions) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = clean.clone();
        damaged[(int) middle + p] ^= (byte) (1 << bit);
        LogReader r = new LogReader(MemFile.of(damaged).reader(), NAME, true);
        assertThat(r.readRecord()).isEqualTo(w.records().get(0));
        CorruptionException e = catchThrowableOfType(CorruptionException.class, r::readRecord);
        assertThat(e).as("byte %s bit %s", p, bit).isNotNull();
        assertThat(e.file()).isEqualTo(NAME);
        assertThat(e.offset()).as("byte %s bit %s", p, bit).isEqualTo(middle);
        assertThat(e).hasMessageStartingWith(NAME + " at offset " + middle + ": ");
        assertThatThrownBy(r::readRecord).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void payloadDamageGoesUnnoticedOnlyWithoutChecksums() throws IOException {
    Written w = write(List.of(new byte[10], new byte[10]));
    byte[] damaged = w.file().contents();
    damaged[HEADER_SIZE + 3] ^= 1;
    List<byte[]> got = readAll(new LogReader(MemFile.of(damaged).reader(), NAME, false));
    assertThat(got.get(0)[3]).isEqualTo((byte) 1);
    assertThatThrownBy(() -> readAll(new LogReader(MemFile.of(damaged).reader(), NAME, true)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("checksum mismatch");
  }

  /** A physical record with a correct checksum. */
  private static byte[] physical(int type, byte[] payload) {
    byte[] out = new byte[HEADER_SIZE + payload.length];
    int crc = Crc32c.value((byte) type, payload, 0, payload.length);
    Coding.putFixed32(out, 0, Crc32c.mask(crc));
    out[4] = (byte) payload.length;
    out[5] = (byte) (payload.length >>> 8);
    out[6] = (byte) type;
    System.arraycopy(payload, 0, out, HEADER_SIZE, payload.length);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static CorruptionException corruptionReading(byte[] log, boolean verify) {
    LogReader r = new LogReader(MemFile.of(log).reader(), NAME, verify);
    return catchThrowableOfType(CorruptionException.class, () -> readAll(r));
  }

  @Test
  void structuralDefectsAreCorruption() {
    byte[] a = physical(LogFormat.FULL_TYPE, new byte[] {1});
    byte[] first = physical(LogFormat.FIRST_TYPE, new byte[] {2});
    byte[] middle = physical(LogFormat.MIDDLE_TYPE, new byte[] {3});
    byte[] last = physical(LogFormat.LAST_TYPE, new byte[] {4});
    int at = a.length;

    CorruptionException e = corruptionReading(concat(a, middle, last), true);
    assertThat(e.offset()).isEqualTo(at);
    assertThat(e).hasMessageContaining("MIDDLE record without a FIRST");

    e = corruptionReading(concat(a, last), true);
    assertThat(e.offset()).isEqualTo(at);
    assertThat(e).hasMessageContaining("LAST record without a FIRST");

    e = corruptionReading(concat(a, first, first, last), true);
    assertThat(e.offset()).isEqualTo(at + first.length);
    assertThat(e).hasMessageContaining("FIRST record inside the fragmented record at offset " + at);

    e = corruptionReading(concat(a, first, a, last), true);
    assertThat(e.offset()).isEqualTo(at + first.length);
    assertThat(e).hasMessageContaining("FULL record inside");

    for (boolean verify : new boolean[] {true, false}) {
      e = corruptionReading(concat(a, physical(5, new byte[] {7}), a), verify);
      assertThat(e.offset()).isEqualTo(at);
      assertThat(e).hasMessageContaining("unknown record type 5");
    }
  }

  @Test
  void lengthPastTheBlockIsCorruptionButPastTheFileEndIsTorn() throws IOException {
    byte[] a = physical(LogFormat.FULL_TYPE, new byte[] {1});
    byte[] bad = physical(LogFormat.FULL_TYPE, new byte[100]);
    // Length 0xffff: runs past the end of block 0, which is followed by another block.
    byte[] log = new byte[2 * BLOCK_SIZE];
    System.arraycopy(a, 0, log, 0, a.length);
    System.arraycopy(bad, 0, log, a.length, bad.length);
    log[a.length + 4] = (byte) 0xff;
    log[a.length + 5] = (byte) 0xff;
    CorruptionException e = corruptionReading(log, true);
    assertThat(e.offset()).isEqualTo(a.length);
    assertThat(e).hasMessageContaining("runs past the end of its block");

    // The same length in a short last block still runs past its block: corruption.
    e = corruptionReading(Arrays.copyOf(log, 1000), true);
    assertThat(e.offset()).isEqualTo(a.length);

    // A length within the block but past the end of the file: torn tail.
    byte[] torn = concat(a, Arrays.copyOf(bad, 50));
    LogReader r = new LogReader(MemFile.of(torn).reader(), NAME, true);
    assertThat(readAll(r)).hasSize(1);
    assertThat(r.tornTail()).isTrue();
    assertThat(r.tornTailOffset()).isEqualTo(a.length);
  }

  @Test
  void partialHeaderAtTheEndIsATornTail() throws IOException {
    byte[] a = physical(LogFormat.FULL_TYPE, new byte[] {1});
    for (int n = 1; n < HEADER_SIZE; n++) {
      LogReader r = new LogReader(MemFile.of(concat(a, new byte[n])).reader(), NAME, true);
      assertThat(readAll(r)).hasSize(1);
      assertThat(r.tornTail()).isTrue();
      assertThat(r.tornTailOffset()).isEqualTo(a.length);
    }
  }

  @Test
  void zeroHeaderSkipsTheRestOfItsBlock() throws IOException {
    byte[] a = physical(LogFormat.FULL_TYPE, new byte[] {1});
    byte[] b = physical(LogFormat.FULL_TYPE, new byte[] {2});
    byte[] log = new byte[BLOCK_SIZE + b.length];
    System.arraycopy(a, 0, log, 0, a.length);
    // Zeros from a.length to the block end (a preallocated region), then b in block 1.
    System.arraycopy(b, 0, log, BLOCK_SIZE, b.length);
    LogReader r = new LogReader(MemFile.of(log).reader(), NAME, true);
    assertThat(readAll(r)).containsExactly(new byte[] {1}, new byte[] {2});
    assertThat(r.tornTail()).isFalse();
    assertThat(r.lastRecordOffset()).isEqualTo(BLOCK_SIZE);

    // Preallocated zeros at the end of the file: a clean end.
    r = new LogReader(MemFile.of(concat(a, new byte[5000])).reader(), NAME, true);
    assertThat(readAll(r)).hasSize(1);
    assertThat(r.tornTail()).isFalse();
  }

  @Test
  void zeroPaddingInsideAFragmentedRecord() throws IOException {
    byte[] first = physical(LogFormat.FIRST_TYPE, new byte[] {2});
    // FIRST then only zeros to the end of the file: the writer died, torn tail.
    LogReader r = new LogReader(MemFile.of(concat(first, new byte[2 * BLOCK_SIZE])).reader(),
        NAME, true);
    assertThat(readAll(r)).isEmpty();
    assertThat(r.tornTail()).isTrue();
    assertThat(r.tornTailOffset()).isZero();

    // FIRST, zeros, then a LAST in the next block: corruption at the padding.
    byte[] last = physical(LogFormat.LAST_TYPE, new byte[] {4});
    byte[] log = new byte[BLOCK_SIZE + last.length];
    System.arraycopy(first, 0, log, 0, first.length);
    System.arraycopy(last, 0, log, BLOCK_SIZE, last.length);
    CorruptionException e = corruptionReading(log, true);
    assertThat(e.offset()).isEqualTo(first.length);
    assertThat(e).hasMessageContaining("zero padding inside the fragmented record at offset 0");
  }

  @Test
  void firstWithoutLastAtTheEndIsATornTail() throws IOException {
    byte[] a = physical(LogFormat.FULL_TYPE, new byte[] {1});
    byte[] first = physical(LogFormat.FIRST_TYPE, new byte[] {2});
    byte[] middle = physical(LogFormat.MIDDLE_TYPE, new byte[] {3});
    LogReader r = new LogReader(MemFile.of(concat(a, first, middle)).reader(), NAME, true);
    assertThat(readAll(r)).containsExactly(new byte[] {1});
    assertThat(r.tornTail()).isTrue();
    assertThat(r.tornTailOffset()).isEqualTo(a.length);
  }

  @Test
  void damagedLengthRunningPastTheEndIsCorruptionWhenWholeRecordsFollow() throws IOException {
    Written w = write(List.of(new byte[100], new byte[50], new byte[20]));
    byte[] log = w.file().contents();
    log[5] ^= 0x10; // the first record's length grows by 4096: past the end of the file
    CorruptionException e = catchThrowableOfType(CorruptionException.class,
        () -> readAll(new LogReader(MemFile.of(log).reader(), NAME, true)));
    assertThat(e).isNotNull();
    assertThat(e.offset()).isEqualTo(0);
    assertThat(e.getMessage()).contains("a whole record starts inside it at offset 107");

    // A real torn write: the last record's payload cut short.
    byte[] torn = Arrays.copyOf(w.file().contents(), log.length - 5);
    LogReader r = new LogReader(MemFile.of(torn).reader(), NAME, true);
    assertThat(readAll(r)).hasSize(2);
    assertThat(r.tornTail()).isTrue();
    assertThat(r.tornTailOffset()).isEqualTo(w.offsets().get(2));
  }

  @Test
  void nonZeroByteInABlockTailIsCorruption() throws IOException {
    // The first record leaves 3 bytes of block 0 unused: a zero-filled tail.
    Written w = write(List.of(new byte[BLOCK_SIZE - HEADER_SIZE - 3], new byte[10]));
    assertRoundTrip(w.records());
    byte[] log = w.file().contents();
    log[BLOCK_SIZE - 2] = 1;
    CorruptionException e = catchThrowableOfType(CorruptionException.class,
        () -> readAll(new LogReader(MemFile.of(log).reader(), NAME, true)));
    assertThat(e).isNotNull();
    assertThat(e.offset()).isEqualTo(BLOCK_SIZE - 2);
    assertThat(e.getMessage()).contains("non-zero byte in the 3-byte tail of a block");
  }

  /**
   * A reader started at a record's offset reads from that record on; started inside a
   * fragmented record, it skips the rest of it (MIDDLE and LAST) and resumes at the next one.
   */
  @Test
  void startOffsetResumesAtTheNextWholeRecord() throws IOException {
    Random rnd = new Random(7);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(record(rnd, i % 10 == 5 ? 3 * BLOCK_SIZE : 1 + rnd.nextInt(3000)));
    }
    Written w = write(records);
    for (int i = 0; i < records.size(); i++) {
      LogReader r = new LogReader(w.file().reader(), NAME, true, w.offsets().get(i));
      assertThat(readAll(r)).as("from record %s", i)
          .containsExactlyElementsOf(records.subList(i, records.size()));
    }
    // The MIDDLE fragment of record 5, in its second block: resumes at record 6.
    long middle = (w.offsets().get(5) / BLOCK_SIZE + 1) * BLOCK_SIZE;
    LogReader r = new LogReader(w.file().reader(), NAME, true, middle);
    assertThat(readAll(r)).containsExactlyElementsOf(records.subList(6, records.size()));
    assertThat(r.tornTail()).isFalse();
  }
}
