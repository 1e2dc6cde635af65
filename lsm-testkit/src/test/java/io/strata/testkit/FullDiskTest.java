package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fills a real file system: each test mounts an 8 MiB tmpfs, writes until the disk is full, and
 * checks that the write that met the full disk failed with an IOException saying so, that the
 * database is read-only, that close returns, and that every acknowledged key is there after a
 * reopen (from a copy on the normal disk, since recovery needs space of its own).
 *
 * <p>Mounting needs root on Linux, as CI runs; elsewhere each test says so and is skipped. A
 * hang (close waiting for a stuck writer queue) fails the test at the class timeout.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FullDiskTest {
  private static final String TMPFS_SIZE = "8m";
  private static final String NO_SPACE = "No space left on device";
  private static final int BATCH_KEYS = 100;
  private static final int VALUE_BYTES = 100;

  @TempDir Path copies;
  private Path mountPoint;

  @BeforeEach
  void mountTmpfs() throws IOException, InterruptedException {
    assumeTrue(System.getProperty("os.name", "").toLowerCase().contains("linux"),
        "needs Linux to mount a tmpfs; skipped");
    mountPoint = Files.createTempDirectory("strata-full-disk");
    String result = run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs",
        mountPoint.toString());
    if (result != null) {
      Files.delete(mountPoint);
      mountPoint = null;
    }
    assumeTrue(result == null, () -> "mounting a " + TMPFS_SIZE + " tmpfs needs root; skipped: "
        + result);
  }

  @AfterEach
  void unmountTmpfs() throws IOException, InterruptedException {
    if (mountPoint == null) {
      return;
    }
    // Lazily if a test left a file open: the mount goes once it is closed.
    if (run("umount", mountPoint.toString()) != null) {
      String lazy = run("umount", "-l", mountPoint.toString());
      assertThat(lazy).as("umount -l %s", mountPoint).isNull();
    }
    Files.delete(mountPoint);
  }

  /** Runs a command; null if it succeeded, else what it printed and its exit status. */
  private static String run(String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + ": timed out";
      }
      return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
    } catch (IOException e) {
      return String.join(" ", command) + ": " + e.getMessage();
    }
  }

  @Test
  void logThatFillsTheDiskKeepsEveryAcknowledgedKey() throws Exception {
    // A memtable larger than the disk: nothing is flushed, the log alone fills the disk.
    writeUntilTheDiskIsFull(64 << 20);
  }

  @Test
  void logFlushesAndCompactionsThatFillTheDiskKeepEveryAcknowledgedKey() throws Exception {
    // Whichever meets the full disk first: a log append, a flush or a compaction.
    writeUntilTheDiskIsFull(1 << 20);
  }

  private void writeUntilTheDiskIsFull(long writeBufferSizeBytes) throws Exception {
    Path db = mountPoint.resolve("db");
    Options options = Options.builder().writeBufferSizeBytes(writeBufferSizeBytes)
        .compactionStrategy("leveled").build();
    Db store = Strata.open(db, options);
    int acked = 0;
    Throwable failure = null;
    // 8 MiB cannot hold 100,000 batches of 100 keys: the loop ends with a failure.
    for (int batch = 0; batch < 100_000 && failure == null; batch++) {
      try {
        store.write(WriteOptions.DEFAULT, batch(acked));
        acked += BATCH_KEYS;
      } catch (Throwable t) {
        failure = t;
      }
    }
    assertThat(failure).as("the write that met the full disk").isInstanceOf(IOException.class);
    assertThat(causes(failure)).as("messages of %s and its causes", failure)
        .anyMatch(m -> m.contains(NO_SPACE));
    assertThat(acked).as("keys acknowledged before the disk was full").isGreaterThan(1000);
    assertReadOnly(store);
    assertPresent(store, acked);
    store.close(); // returns: a close waiting for a stuck writer queue hits the timeout
    assertReopenedCopyHolds(db, options, acked);
  }

  @Test
  void flushOnAFullDiskFailsCleanly() throws Exception {
    Path db = mountPoint.resolve("db");
    // No flush while the keys are written: the memtable holds them all.
    Options options = Options.builder().writeBufferSizeBytes(4 << 20)
        .compactionStrategy("leveled").build();
    Db store = Strata.open(db, options);
    int keys = writeBatches(store, 12_000); // about 1.5 MiB
    // compactRange flushes the memtable first: its table does not fit.
    compactOnAFullDisk(store, db, options, keys);
  }

  @Test
  void compactionOnAFullDiskFailsCleanly() throws Exception {
    Path db = mountPoint.resolve("db");
    // Level 0 is compacted only when asked: the tables wait for compactRange. LevelDB's level
    // sizes, so that compactRange's first compaction is the large one that meets the full disk
    // (with a 64 MiB level 1, a small first step fits in the space left and succeeds).
    Options options = Options.builder().levelDbDefaults().writeBufferSizeBytes(512 << 10)
        .compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "50")
        .strategyOption("l0_slowdown_writes_trigger", "60")
        .strategyOption("l0_stop_writes_trigger", "70")
        .build();
    Db store = Strata.open(db, options);
    int keys = writeBatches(store, 12_000);
    store.close();
    // The reopen replays the log into level-0 tables and leaves the memtable empty, so that
    // compactRange writes nothing but the compaction's outputs.
    Db reopened = Strata.open(db, options);
    assertThat(tables(db)).isNotEmpty();
    compactOnAFullDisk(reopened, db, options, keys);
  }

  /**
   * Leaves 128 KiB free, runs compactRange, and checks that it fails for the full disk, that the
   * tables it was writing are deleted, that the database is read-only and closes, and that a
   * copy reopens with keys {@code [0, keys)}.
   */
  private void compactOnAFullDisk(Db store, Path db, Options options, int keys) throws Exception {
    Set<String> before = tables(db);
    fillDiskLeaving(db, 128 << 10);
    assertThatThrownBy(() -> store.compactRange(null, null)).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains(NO_SPACE)));
    assertThat(tables(db)).as("tables after the failure").isEqualTo(before);
    assertReadOnly(store);
    assertPresent(store, keys);
    store.close(); // returns: a close waiting for a stuck writer queue hits the timeout
    assertReopenedCopyHolds(db, options, keys);
  }

  /** Writes about {@code keys} keys in batches; returns how many. */
  private static int writeBatches(Db store, int keys) throws IOException {
    int written = 0;
    while (written < keys) {
      store.write(WriteOptions.DEFAULT, batch(written));
      written += BATCH_KEYS;
    }
    return written;
  }

  /** Keys {@code [first, first + BATCH_KEYS)}. */
  private static WriteBatch batch(int first) {
    WriteBatch b = new WriteBatch();
    for (int i = first; i < first + BATCH_KEYS; i++) {
      b.put(key(i), value(i));
    }
    return b;
  }

  /** Takes the space of {@code dir}'s file system with a file until {@code leftBytes} are left. */
  private static void fillDiskLeaving(Path dir, long leftBytes) throws IOException {
    long fill = Files.getFileStore(dir).getUsableSpace() - leftBytes;
    assertThat(fill).as("free space to fill").isPositive();
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(dir.getParent().resolve("ballast"))) {
      for (long n = 0; n < fill; n += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, fill - n));
      }
    }
  }

  private static void assertReadOnly(Db store) {
    assertThatThrownBy(() -> store.put(key(0), value(1)))
        .isInstanceOf(IOException.class).hasMessageContaining("read-only")
        .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains(NO_SPACE)));
  }

  /** Copies {@code db} to the normal disk, opens the copy, and checks keys {@code [0, count)}. */
  private void assertReopenedCopyHolds(Path db, Options options, int count) throws IOException {
    Path copy = copies.resolve("db");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(db)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    try (Db reopened = Strata.open(copy, options)) {
      assertPresent(reopened, count);
    }
  }

  private static void assertPresent(Db store, int count) throws IOException {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] v = store.get(key(i));
      if (v == null || !java.util.Arrays.equals(v, value(i))) {
        missing.add(i);
      }
    }
    assertThat(missing).as("acknowledged keys missing or wrong, of %s", count).isEmpty();
  }

  private static Set<String> tables(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(UTF_8);
  }

  /** Incompressible, and different for each key. */
  private static byte[] value(int i) {
    byte[] v = new byte[VALUE_BYTES];
    new SplittableRandom(i).nextBytes(v);
    return v;
  }

  private static List<String> causes(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(c.getClass().getName() + ": " + c.getMessage());
    }
    return out;
  }
}
