package io.strata.kafka.streams;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;

/**
 * Measures the two layouts a window store could have on Strata, for the design notes (run by
 * hand, not a test): (a) time segments as databases of their own, dropped whole, as
 * {@link StrataWindowBytesStoreSupplier} does (with the {@code leveled} strategy; "a-tiered":
 * the {@code tiered} one); (b) one database, time-first keys, and expired
 * windows removed by a range deletion per segment interval, (b') the same with
 * {@code deleteFilesInRange} before it. Each writes the same windows (rising window starts over
 * a number of retention periods, 20,000 random keys, 100-byte values, a commit every 1,000
 * records and the store's checkpoint, a memtable flush, every 10,000) and reports the wall time, the bytes the
 * process wrote to storage ({@code /proc/self/io} write_bytes: tables from flushes and
 * compactions) and the bytes left on disk.
 *
 * <p>Usage: {@code WindowLayoutMeasurement <work dir> <records> [<retention periods, 10>
 * [<layouts, a,b,b'>]]}; the retention is one hour, the segment interval half of it.
 */
final class WindowLayoutMeasurement {
  private static final long RETENTION = 3_600_000;
  private static final long INTERVAL = RETENTION / 2;
  private static final int KEYS = 20_000;
  private static int spanRetentions;

  private WindowLayoutMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int records = Integer.parseInt(args[1]);
    spanRetentions = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String which = args.length > 3 ? args[3] : "a,b,b'";
    for (String layout : which.split(",")) {
      Path dir = Files.createDirectories(work.resolve(layout.replace("'", "2")));
      long written = writeBytes();
      long t0 = System.nanoTime();
      long tables;
      if (layout.startsWith("a")) {
        tables = segmented(dir, records, layout.equals("a") ? "leveled" : "tiered");
      } else {
        tables = oneDb(dir, records, layout.equals("b'"));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("layout %-2s records %d: %d ms, %.1f MB of tables written (flushes and"
          + " compactions), %.1f MB written to storage, %.1f MB left on disk%n", layout, records,
          ms, tables / 1e6, (writeBytes() - written) / 1e6, du(dir) / 1e6);
    }
  }

  private static long timeOf(int i, int records) {
    return (long) i * (spanRetentions * RETENTION) / records;
  }

  private static long segmented(Path dir, int records, String strategy) {
    StrataWindowStore store = (StrataWindowStore) new StrataWindowBytesStoreSupplier("w",
        RETENTION, INTERVAL, 60_000, false, false).get();
    store.init(new TestStoreContext(dir,
        Map.of(StrataStoreConfig.COMPACTION_STRATEGY, strategy)), store);
    Random rnd = new Random(1);
    byte[] value = new byte[100];
    for (int i = 0; i < records; i++) {
      rnd.nextBytes(value);
      store.put(Bytes.wrap(String.format("key-%08d", rnd.nextInt(KEYS)).getBytes()), value,
          timeOf(i, records));
      if (i % 1_000 == 0) {
        // Kafka Streams commits often; the store checkpoints every 10,000 records.
        store.commit(Map.of());
      }
    }
    store.flush();
    long tables = store.segmented().tableBytesWritten();
    store.close();
    return tables;
  }

  private static long oneDb(Path dir, int records, boolean deleteFiles) throws IOException {
    WriteOptions noWal = new WriteOptions(false, true);
    try (Db db = Strata.open(dir.resolve("db"), Options.builder().build())) {
      Random rnd = new Random(1);
      byte[] value = new byte[100];
      long lastDropped = 0;
      for (int i = 0; i < records; i++) {
        rnd.nextBytes(value);
        long t = timeOf(i, records);
        byte[] key = String.format("key-%08d", rnd.nextInt(KEYS)).getBytes();
        byte[] storeKey = new byte[8 + key.length + 4];
        SegmentKeys.putLong(storeKey, 0, t);
        System.arraycopy(key, 0, storeKey, 8, key.length);
        db.put(noWal, storeKey, value);
        if (i % SegmentedBytesStore.CHECKPOINT_RECORDS == 0) {
          // The checkpoint schedule of the segmented store: a memtable flush.
          db.flush();
        }
        long expiredBelow = Math.floorDiv(t - RETENTION, INTERVAL) * INTERVAL;
        if (expiredBelow > lastDropped) {
          byte[] begin = new byte[8];
          byte[] end = new byte[8];
          SegmentKeys.putLong(end, 0, expiredBelow);
          if (deleteFiles) {
            db.deleteFilesInRange(begin, end);
          }
          db.deleteRange(noWal, begin, end);
          lastDropped = expiredBelow;
        }
      }
      db.flush();
      db.waitForCompactions();
      return db.statistics().tableBytesWritten();
    }
  }

  private static long writeBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("write_bytes:")) {
        return Long.parseLong(line.substring("write_bytes:".length()).trim());
      }
    }
    return -1;
  }

  private static long du(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> files = s.filter(Files::isRegularFile).toList();
      long n = 0;
      for (Path f : files) {
        n += Files.size(f);
      }
      return n;
    }
  }

}
