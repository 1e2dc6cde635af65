package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.airlift.compress.snappy.SnappyDecompressor;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.Snapshot;
import io.strata.api.WalRecoveryMode;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.table.Block;
import io.strata.core.table.BlockHandle;
import io.strata.core.table.BlockIterator;
import io.strata.core.table.Footer;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages each kind of file of a real database directory, one bit flip or truncation at a time
 * on a fresh copy, and opens it through {@link Strata#open} to check the corruption policy of
 * the README:
 *
 * <ul>
 *   <li>newest log: a torn tail ends replay there, every write before it is applied and none
 *       after it (no holes); damage with intact records after it fails the open by default, and
 *       ends replay there with point-in-time recovery;
 *   <li>an older log's torn tail (a cut inside its last whole record, or damage in its last
 *       record): replay stops there, newer logs are not replayed; with paranoid checks, the open
 *       fails;
 *   <li>other damage in an older log, a table (data, index, filter block, footer), the MANIFEST
 *       or CURRENT: a
 *       {@link CorruptionException} naming the file and an offset inside it, at open or at the
 *       read that meets the damage, never wrong data (a MANIFEST whose last edit reads as a torn
 *       tail opens without that edit, which then must not lose a key);
 *   <li>a failed open changes no file: every file's CRC32 is compared before and after.
 * </ul>
 *
 * The directory: tables at levels 0 and below ({@code t} keys), an older log ({@code o} keys,
 * more than the 64 KiB write buffer used here, so recovery writes a table before it meets
 * damage late in that log) and a newest log ({@code n} keys, one record each). Trials per kind
 * of damage: {@code -Dstrata.corruption.trials=N} (default 6); seed printed,
 * {@code -Dstrata.seed=N} replays.
 */
class CorruptionPolicyTest {
  private static final int T_KEYS = 3000;
  private static final int O_KEYS = 200;
  private static final int N_KEYS = 100;
  private static final Options OPTIONS =
      Options.builder().writeBufferSizeBytes(64 << 10).build();

  @TempDir static Path pristine;
  @TempDir Path work;

  private static String olderLog;
  private static String newestLog;
  private static final List<Long> newestLogOffsets = new ArrayList<>();
  private static final List<Long> olderLogOffsets = new ArrayList<>();
  private static int trials;
  private static long seed;
  private static Random rnd;
  private static int tried;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String tKey(int i) {
    return String.format("t%05d", i);
  }

  private static byte[] tValue(int i) {
    return b(("t-value-" + i + "-").repeat(6));
  }

  private static byte[] oValue(int i) {
    return b(("o-value-" + i + "-").repeat(50));
  }

  @BeforeAll
  static void buildDatabase() throws IOException {
    trials = Integer.getInteger("strata.corruption.trials", 6);
    seed = Long.getLong("strata.seed", new Random().nextLong());
    System.out.println("CorruptionPolicyTest seed " + seed + " (-Dstrata.seed=" + seed
        + " replays), " + trials + " trials per kind (-Dstrata.corruption.trials=N)");
    rnd = new Random(seed);
    try (Db db = Strata.open(pristine, Options.defaults())) {
      for (int i = 0; i < 2000; i++) {
        db.put(b(tKey(i)), tValue(i));
      }
      DbTesting.flushMemTable(db);
      db.compactRange(null, null); // tables below level 0
      for (int i = 2000; i < T_KEYS; i++) {
        db.put(b(tKey(i)), tValue(i));
      }
      DbTesting.flushMemTable(db); // a table at level 0
    }
    long lastSequence;
    try (Db db = Strata.open(pristine, Options.defaults())) {
      for (int i = 0; i < O_KEYS; i++) {
        db.put(b(String.format("o%03d", i)), oValue(i));
      }
      try (Snapshot s = db.getSnapshot()) {
        lastSequence = s.sequenceNumber();
      }
    }
    List<String> logs = names(pristine, ".log");
    assertThat(logs).hasSize(1);
    olderLog = logs.get(0);
    olderLogOffsets.addAll(recordOffsets(pristine.resolve(olderLog)));
    assertThat(olderLogOffsets).hasSize(O_KEYS + 1);
    // A newest log as a crash would leave it: written, never replayed yet.
    long number = 0;
    for (String name : Files.list(pristine).map(p -> p.getFileName().toString()).toList()) {
      number = Math.max(number, FileNames.parse(name).map(FileNames.ParsedFileName::number)
          .orElse(0L));
    }
    newestLog = FileNames.logFileName(number + 1);
    try (LogWriter w = new LogWriter(new LocalFileSystem().newWritableFile(
        pristine.resolve(newestLog)))) {
      for (int i = 0; i < N_KEYS; i++) {
        ByteBuffer enc = new WriteBatch().put(b(String.format("n%03d", i)), b("n-" + i))
            .encoded();
        byte[] rep = new byte[enc.remaining()];
        enc.get(rep);
        WriteBatchCodec.setSequence(rep, lastSequence + 1 + i);
        w.addRecord(rep);
      }
      w.sync();
    }
    newestLogOffsets.addAll(recordOffsets(pristine.resolve(newestLog)));
    assertThat(newestLogOffsets).hasSize(N_KEYS + 1);
  }

  @AfterAll
  static void printCount() {
    System.out.println("CorruptionPolicyTest: " + tried + " corruptions tried");
  }

  /**
   * The file offset of each logical record of a log (its FULL or FIRST fragment), then the
   * file's length: record i spans [offsets[i], offsets[i+1]).
   */
  private static List<Long> recordOffsets(Path log) throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    List<Long> out = new ArrayList<>();
    for (int block = 0; block < bytes.length; block += 32768) {
      int end = Math.min(bytes.length, block + 32768);
      int p = block;
      while (end - p >= 7) {
        int type = bytes[p + 6];
        if (type == 1 || type == 2) {
          out.add((long) p);
        }
        p += 7 + ((bytes[p + 4] & 0xff) | (bytes[p + 5] & 0xff) << 8);
      }
    }
    out.add((long) bytes.length);
    return out;
  }

  private static List<String> names(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .toList();
    }
  }

  private static Map<String, Long> checksums(Path dir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          CRC32 crc = new CRC32();
          crc.update(Files.readAllBytes(p));
          out.put(p.getFileName().toString(), crc.getValue());
        }
      }
    }
    return out;
  }

  /** A fresh copy of the pristine directory. */
  private Path copy() throws IOException {
    Path dir = Files.createTempDirectory(work, "db");
    try (Stream<Path> s = Files.list(pristine)) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    tried++;
    return dir;
  }

  private static void flipBit(Path file, long offset, int bit) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int v = f.read();
      f.seek(offset);
      f.write(v ^ (1 << bit));
    }
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  /** Opens {@code dir}, expecting a CorruptionException naming {@code file}; no file changes. */
  private static void assertOpenFails(Path dir, String file, String what) throws IOException {
    assertOpenFails(dir, file, what, OPTIONS);
  }

  private static void assertOpenFails(Path dir, String file, String what, Options options)
      throws IOException {
    Map<String, Long> before = checksums(dir);
    long size = Files.size(dir.resolve(file));
    try (Db db = Strata.open(dir, options)) {
      fail(what + ": the open succeeded");
    } catch (CorruptionException e) {
      assertThat(e.file()).as("%s: %s", what, e).endsWith(file);
      assertThat(e.offset()).as("%s: %s", what, e).isBetween(-1L, size);
    }
    assertThat(checksums(dir)).as("%s: files after the failed open", what).isEqualTo(before);
  }

  /** Asserts that every t and o key holds its value and exactly n000..n(k-1) are present. */
  private static void assertContents(Db db, int newestKept, String what) throws IOException {
    for (int i = 0; i < T_KEYS; i += 7) {
      assertThat(db.get(b(tKey(i)))).as("%s: t%s", what, i).isEqualTo(tValue(i));
    }
    for (int i = 0; i < O_KEYS; i++) {
      assertThat(db.get(b(String.format("o%03d", i)))).as("%s: o%s", what, i)
          .isEqualTo(oValue(i));
    }
    for (int i = 0; i < N_KEYS; i++) {
      byte[] v = db.get(b(String.format("n%03d", i)));
      if (i < newestKept) {
        assertThat(v).as("%s: n%s, before the damage", what, i).isEqualTo(b("n-" + i));
      } else {
        assertThat(v).as("%s: n%s, at or after the damage", what, i).isNull();
      }
    }
  }

  /** The index of the record of the newest log holding byte {@code offset}. */
  private static int recordAt(List<Long> offsets, long offset) {
    int i = 0;
    while (offsets.get(i + 1) <= offset) {
      i++;
    }
    return i;
  }

  @Test
  void newestLogBitFlipFailsTheOpenUnlessPointInTime() throws IOException {
    Options pointInTime = OPTIONS.toBuilder()
        .walRecoveryMode(WalRecoveryMode.POINT_IN_TIME_RECOVERY).build();
    long lastRecord = newestLogOffsets.get(N_KEYS - 1);
    for (int t = 0; t < trials * 2; t++) {
      Path dir = copy();
      // Before the last record: intact records follow the damage, so it is no torn tail.
      long offset = rnd.nextInt((int) lastRecord);
      flipBit(dir.resolve(newestLog), offset, rnd.nextInt(8));
      assertOpenFails(dir, newestLog, "newest log, bit flip at " + offset);
      try (Db db = Strata.open(dir, pointInTime)) {
        assertContents(db, recordAt(newestLogOffsets, offset), "bit flip at " + offset);
        assertThat(db.getProperty("strata.recovery").orElseThrow())
            .as("bit flip at %s", offset).startsWith(newestLog + ": ");
      }
      assertThat(dir.resolve("lost").resolve(newestLog)).exists();
    }
  }

  @Test
  void newestLogBitFlipInTheLastRecordIsATornTail() throws IOException {
    long lastRecord = newestLogOffsets.get(N_KEYS - 1);
    for (int t = 0; t < trials; t++) {
      Path dir = copy();
      long offset = lastRecord + 7 + rnd.nextInt((int) (newestLogOffsets.get(N_KEYS)
          - lastRecord - 7)); // in the payload: nothing follows it
      flipBit(dir.resolve(newestLog), offset, rnd.nextInt(8));
      try (Db db = Strata.open(dir, OPTIONS)) {
        assertContents(db, N_KEYS - 1, "last record flip at " + offset);
      }
    }
  }

  @Test
  void newestLogTruncationKeepsTheWholeRecordsBeforeTheCut() throws IOException {
    for (int t = 0; t < trials * 2; t++) {
      Path dir = copy();
      long length = rnd.nextInt(newestLogOffsets.get(N_KEYS).intValue());
      truncate(dir.resolve(newestLog), length);
      int kept = (int) newestLogOffsets.stream().filter(o -> o > 0 && o <= length).count();
      try (Db db = Strata.open(dir, OPTIONS)) {
        assertContents(db, kept, "cut to " + length);
      }
    }
  }

  @Test
  void olderLogDamageWithRecordsAfterItFailsTheOpenAndChangesNoFile() throws IOException {
    long lastRecord = olderLogOffsets.get(O_KEYS - 1);
    for (int t = 0; t < trials * 2; t++) {
      Path dir = copy();
      // Half the flips land late in the log: after recovery has written a table.
      long offset = t % 2 == 0 ? rnd.nextInt((int) lastRecord)
          : lastRecord - 1 - rnd.nextInt((int) lastRecord / 10);
      flipBit(dir.resolve(olderLog), offset, rnd.nextInt(8));
      assertOpenFails(dir, olderLog, "older log, bit flip at " + offset, OPTIONS);
    }
  }

  @Test
  void aLengthRunningPastItsBlockInAnOlderLogIsDamageNotATornTail() throws IOException {
    for (int record : new int[] {0, O_KEYS / 2, O_KEYS - 2, O_KEYS - 1}) {
      Path dir = copy();
      // The high byte of the record's 2-byte length (header: checksum 4, length 2, type 1).
      long offset = olderLogOffsets.get(record) + 5;
      flipBit(dir.resolve(olderLog), offset, 6);
      assertOpenFails(dir, olderLog, "older log, record " + record + " length past its block",
          OPTIONS);
    }
  }

  @Test
  void tornTailOfAnOlderLogEndsReplayThereUnlessParanoid() throws IOException {
    Options paranoid = OPTIONS.toBuilder().paranoidChecks(true).build();
    for (int t = 0; t < trials; t++) {
      int record = rnd.nextInt(O_KEYS);
      long start = olderLogOffsets.get(record);
      long end = olderLogOffsets.get(record + 1);
      // Inside a record: a cut at a record boundary reads as a shorter log.
      long length = start + 1 + rnd.nextInt((int) (end - start - 1));
      Path dir = copy();
      truncate(dir.resolve(olderLog), length);
      assertOpenFails(dir, olderLog, "older log cut to " + length + ", paranoid", paranoid);
      try (Db db = Strata.open(dir, OPTIONS)) {
        assertOlderLogKept(db, record, "older log cut to " + length);
      }
    }
    for (int t = 0; t < trials; t++) {
      // A flip in the last record, which nothing follows: what a torn page looks like too.
      long start = olderLogOffsets.get(O_KEYS - 1);
      long offset = start + rnd.nextInt((int) (olderLogOffsets.get(O_KEYS) - start));
      Path dir = copy();
      flipBit(dir.resolve(olderLog), offset, rnd.nextInt(8));
      assertOpenFails(dir, olderLog, "older log, last record flip at " + offset + ", paranoid",
          paranoid);
      try (Db db = Strata.open(dir, OPTIONS)) {
        assertOlderLogKept(db, O_KEYS - 1, "older log, last record flip at " + offset);
      }
    }
  }

  /**
   * Asserts that every t key holds its value, exactly o000..o(k-1) are present, and no n key
   * is: replay stopped in the older log and did not go on to the newest.
   */
  private static void assertOlderLogKept(Db db, int olderKept, String what) throws IOException {
    for (int i = 0; i < T_KEYS; i += 7) {
      assertThat(db.get(b(tKey(i)))).as("%s: t%s", what, i).isEqualTo(tValue(i));
    }
    for (int i = 0; i < O_KEYS; i++) {
      byte[] v = db.get(b(String.format("o%03d", i)));
      if (i < olderKept) {
        assertThat(v).as("%s: o%s, before the tear", what, i).isEqualTo(oValue(i));
      } else {
        assertThat(v).as("%s: o%s, at or after the tear", what, i).isNull();
      }
    }
    for (int i = 0; i < N_KEYS; i++) {
      assertThat(db.get(b(String.format("n%03d", i)))).as("%s: n%s", what, i).isNull();
    }
  }

  /** The contents of a block, decompressed. */
  private static byte[] contents(byte[] table, BlockHandle h) {
    byte[] raw = Arrays.copyOfRange(table, (int) h.offset(), (int) (h.offset() + h.size()));
    if (table[(int) (h.offset() + h.size())] == 0) {
      return raw;
    }
    byte[] out = new byte[SnappyDecompressor.getUncompressedLength(raw, 0)];
    new SnappyDecompressor().decompress(raw, 0, raw.length, out, 0, out.length);
    return out;
  }

  /** Block regions of a table: data block 0, index, filter, footer, as [offset, end). */
  private static Map<String, long[]> regions(Path table) throws IOException {
    byte[] t = Files.readAllBytes(table);
    String name = table.getFileName().toString();
    int footerOffset = t.length - Footer.ENCODED_LENGTH;
    Footer footer = Footer.decode(t, footerOffset, name, footerOffset);
    Map<String, long[]> out = new TreeMap<>();
    out.put("footer", new long[] {footerOffset, t.length});
    BlockHandle index = footer.indexHandle();
    out.put("index block", new long[] {index.offset(), index.offset() + index.size() + 5});
    Block indexBlock = Block.of(contents(t, index));
    BlockIterator it = new BlockIterator(indexBlock,
        new InternalKeyComparator(BytewiseComparator.INSTANCE));
    it.seekToFirst();
    byte[] v = it.value();
    BlockHandle data = BlockHandle.decode(v, 0, v.length, name, 0);
    out.put("data block", new long[] {data.offset(), data.offset() + data.size() + 5});
    BlockHandle meta = footer.metaindexHandle();
    Block metaBlock = Block.of(contents(t, meta));
    BlockIterator mit = new BlockIterator(metaBlock, BytewiseComparator.INSTANCE::compare, 0);
    mit.seek(b("filter.leveldb.BuiltinBloomFilter2"));
    assertThat(new String(mit.key(), UTF_8)).isEqualTo("filter.leveldb.BuiltinBloomFilter2");
    v = mit.value();
    BlockHandle filter = BlockHandle.decode(v, 0, v.length, name, 0);
    out.put("filter block", new long[] {filter.offset(), filter.offset() + filter.size() + 5});
    return out;
  }

  /**
   * Reads every key through an iterator and a get; the damage must surface as a
   * CorruptionException naming the table, and no read may return a wrong value.
   */
  private static void assertTableDamageReported(Path dir, String table, String what)
      throws IOException {
    Db db;
    try {
      db = Strata.open(dir, OPTIONS);
    } catch (CorruptionException e) {
      assertThat(e.file()).as("%s: %s", what, e).endsWith(table);
      return;
    }
    List<CorruptionException> reported = new ArrayList<>();
    try (db) {
      try (DbIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          String key = new String(it.key(), UTF_8);
          if (key.startsWith("t")) {
            assertThat(it.value()).as("%s: %s", what, key)
                .isEqualTo(tValue(Integer.parseInt(key.substring(1))));
          }
        }
      } catch (CorruptionException e) {
        reported.add(e);
      }
      for (int i = 0; i < T_KEYS; i++) {
        try {
          assertThat(db.get(b(tKey(i)))).as("%s: t%s", what, i).isEqualTo(tValue(i));
        } catch (CorruptionException e) {
          reported.add(e);
        }
      }
    }
    assertThat(reported).as("%s: the damage must be reported", what).isNotEmpty();
    for (CorruptionException e : reported) {
      assertThat(e.file()).as("%s: %s", what, e).endsWith(table);
      assertThat(e.offset()).as("%s: %s", what, e).isBetween(0L, Files.size(dir.resolve(table)));
    }
  }

  @Test
  void tableDamageIsReportedWithFileAndOffsetNeverReturned() throws IOException {
    List<String> tables = names(pristine, ".ldb");
    assertThat(tables).hasSizeGreaterThanOrEqualTo(2);
    for (String table : tables) {
      for (Map.Entry<String, long[]> region : regions(pristine.resolve(table)).entrySet()) {
        for (int t = 0; t < Math.max(1, trials / 2); t++) {
          Path dir = copy();
          long[] r = region.getValue();
          long offset = r[0] + rnd.nextInt((int) (r[1] - r[0]));
          flipBit(dir.resolve(table), offset, rnd.nextInt(8));
          assertTableDamageReported(dir, table, table + " " + region.getKey()
              + ", bit flip at " + offset);
        }
      }
      for (int t = 0; t < Math.max(1, trials / 2); t++) {
        Path dir = copy();
        long length = rnd.nextInt((int) Files.size(pristine.resolve(table)));
        truncate(dir.resolve(table), length);
        assertTableDamageReported(dir, table, table + " cut to " + length);
      }
    }
  }

  /** Either a CorruptionException naming the MANIFEST, or an open with nothing lost. */
  private static void assertManifestDamage(Path dir, String manifest, String what)
      throws IOException {
    Map<String, Long> before = checksums(dir);
    try (Db db = Strata.open(dir, OPTIONS)) {
      assertContents(db, N_KEYS, what + " (read as a torn last edit)");
      return;
    } catch (CorruptionException e) {
      assertThat(e.file()).as("%s: %s", what, e).endsWith(manifest);
      assertThat(e.offset()).as("%s: %s", what, e)
          .isBetween(-1L, Files.size(dir.resolve(manifest)));
    }
    assertThat(checksums(dir)).as("%s: files after the failed open", what).isEqualTo(before);
  }

  @Test
  void manifestDamageIsCorruptionOrATornLastEdit() throws IOException {
    String manifest = names(pristine, "").stream().filter(n -> n.startsWith("MANIFEST-"))
        .findFirst().orElseThrow();
    long size = Files.size(pristine.resolve(manifest));
    for (int t = 0; t < trials * 2; t++) {
      Path dir = copy();
      long offset = rnd.nextInt((int) size);
      flipBit(dir.resolve(manifest), offset, rnd.nextInt(8));
      assertManifestDamage(dir, manifest, "MANIFEST bit flip at " + offset);
    }
    for (int t = 0; t < trials; t++) {
      Path dir = copy();
      long length = rnd.nextInt((int) size);
      truncate(dir.resolve(manifest), length);
      assertManifestDamage(dir, manifest, "MANIFEST cut to " + length);
    }
  }

  @Test
  void currentDamageIsCorruption() throws IOException {
    long size = Files.size(pristine.resolve(FileNames.CURRENT));
    for (int t = 0; t < trials; t++) {
      Path dir = copy();
      long offset = rnd.nextInt((int) size);
      flipBit(dir.resolve(FileNames.CURRENT), offset, rnd.nextInt(8));
      assertOpenFails(dir, FileNames.CURRENT, "CURRENT bit flip at " + offset);
    }
    for (int t = 0; t < trials; t++) {
      Path dir = copy();
      long length = rnd.nextInt((int) size);
      truncate(dir.resolve(FileNames.CURRENT), length);
      assertOpenFails(dir, FileNames.CURRENT, "CURRENT cut to " + length);
    }
  }
}
