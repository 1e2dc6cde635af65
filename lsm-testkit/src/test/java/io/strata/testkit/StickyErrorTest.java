package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.FileSystem;
import io.strata.core.Strata;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed write-ahead-log append or fsync, a failed MANIFEST append or fsync (in a flush or a
 * compaction), a full disk, and an Error thrown by the log leave the database read-only: later writes fail with an
 * IOException whose causes hold the original failure, the failed fsync is not tried again, reads
 * go on, and a new instance without the fault recovers every acknowledged write.
 */
class StickyErrorTest {
  private static final FileSystem DISK = new NoFsyncFileSystem();
  private static final byte[] VALUE = new byte[1000];
  private static final int WRITER_THREADS = 4;

  @TempDir Path dir;
  private final List<Integer> acked = new ArrayList<>();

  @Test
  void failedLogSyncIsSticky() throws IOException {
    check(FileOperation.of(Kind.SYNC, "*.log"), true, "injected fault: SYNC#");
  }

  @Test
  void failedLogAppendIsSticky() throws IOException {
    check(FileOperation.of(Kind.APPEND, "*.log"), false, "injected fault: APPEND#");
  }

  @Test
  void failedManifestSyncInAFlushIsSticky() throws IOException {
    check(FileOperation.of(Kind.SYNC, "MANIFEST-*"), false, "injected fault: SYNC#");
  }

  @Test
  void failedManifestAppendInAFlushIsSticky() throws IOException {
    check(FileOperation.of(Kind.APPEND, "MANIFEST-*"), false, "injected fault: APPEND#");
  }

  @Test
  void failedTableSyncIsSticky() throws IOException {
    check(FileOperation.of(Kind.SYNC, "*.ldb"), false, "injected fault: SYNC#");
  }

  @Test
  void failedDirectorySyncIsSticky() throws IOException {
    check(FileOperation.of(Kind.SYNC_DIRECTORY, "*"), false, "injected fault: SYNC_DIRECTORY#");
  }

  @Test
  void failedLogCreateAtAMemtableSwitchIsSticky() throws IOException {
    check(FileOperation.of(Kind.CREATE, "*.log"), false, "injected fault: CREATE#");
  }

  @Test
  void failedManifestSyncInACompactionIsSticky() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    Db db = Strata.open(dir, PowerLossScenario.options(fs));
    writeUntilFailure(db, 40); // a few flushes, no failure yet
    assertThat(acked).hasSize(40);
    fs.failWhen(FileOperation.of(Kind.SYNC, "MANIFEST-*"));
    assertThatThrownBy(() -> db.compactRange(null, null)).isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.startsWith("injected fault: SYNC#")));
    assertReadOnlyWithCause(db, "injected fault: SYNC#");
    db.close();
    assertRecovered(DISK);
  }

  @Test
  void fullDiskIsStickyAndTheDatabaseReopensOnceSpaceIsFreed() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    Db db = Strata.open(dir, PowerLossScenario.options(fs));
    writeUntilFailure(db, 30);
    fs.setFreeSpaceBytes(100_000);
    writeUntilFailure(db, 1000);
    assertThat(acked).hasSizeBetween(31, 200);
    assertReadOnlyWithCause(db, FaultInjectionFileSystem.NO_SPACE_MESSAGE);
    db.close();
    fs.freeSpace();
    assertRecovered(fs);
    try (Db reopened = Strata.open(dir, PowerLossScenario.options(fs))) {
      reopened.put(WriteOptions.SYNC, PowerLossScenario.key(5000), VALUE);
      assertThat(reopened.get(PowerLossScenario.key(5000))).isEqualTo(VALUE);
    }
  }

  // A hang (a writer or close waiting for good) fails the test rather than the build.
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void errorFromALogAppendIsStickyAndEmptiesTheWriterQueue() throws Exception {
    checkError(FileOperation.of(Kind.APPEND, "*.log"));
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void errorCreatingALogAtAMemtableSwitchIsStickyAndEmptiesTheWriterQueue() throws Exception {
    checkError(FileOperation.of(Kind.CREATE, "*.log"));
  }

  /**
   * Like {@link #check}, with an {@link InternalError} (what the JVM raises for a fault in a
   * memory mapping) instead of an IOException, and writer threads queued behind the leader that
   * meets it: every writer returns, each failed write is an IOException with the error as a
   * cause, the database is read-only with that cause, and close returns.
   */
  private void checkError(Predicate<FileOperation> fault) throws Exception {
    String message = "a fault occurred in a recent unsafe memory access operation";
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    Db db = Strata.open(dir, PowerLossScenario.options(fs));
    writeUntilFailure(db, 5);
    fs.failWhen(fault, op -> new InternalError(message));
    AtomicInteger next = new AtomicInteger(acked.size());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(WRITER_THREADS);
    try {
      for (int t = 0; t < WRITER_THREADS; t++) {
        threads.execute(() -> {
          for (int i = 0; i < 1000; i++) {
            int k = next.getAndIncrement();
            try {
              writeOne(db, WriteOptions.DEFAULT, k);
            } catch (Throwable e) {
              failures.add(e);
              return;
            }
            synchronized (acked) {
              acked.add(k);
            }
          }
        });
      }
    } finally {
      threads.shutdown();
    }
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS))
        .as("every writer returned").isTrue();
    assertThat(failures).hasSize(WRITER_THREADS).allSatisfy(e -> assertThat(e)
        .isInstanceOf(IOException.class)
        .satisfies(x -> assertThat(causes(x)).anyMatch(m -> m.contains(message))));
    assertReadOnlyWithCause(db, message);
    db.close();
    assertRecovered(DISK);
  }

  /**
   * Opens a database, injects {@code fault} for good, writes until a write fails, and checks the
   * read-only state, that the failed fsync is not retried, and the recovery.
   */
  private void check(Predicate<FileOperation> fault, boolean syncWrites, String cause)
      throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    Db db = Strata.open(dir, PowerLossScenario.options(fs));
    writeUntilFailure(db, 5);
    List<FileOperation> failed = new ArrayList<>();
    fs.failWhen(op -> {
      if (fault.test(op)) {
        failed.add(op);
        return true;
      }
      return false;
    });
    int before = acked.size();
    writeUntilFailure(db, 1000, syncWrites);
    assertThat(acked.size()).as("writes acknowledged before the fault hit")
        .isLessThan(before + 1000);
    assertReadOnlyWithCause(db, cause);
    // Neither the failed operation nor any other on the same file is tried again.
    assertThat(failed).hasSize(1);
    db.close();
    List<FileOperation> later = fs.history().stream()
        .filter(op -> op.kind() == failed.get(0).kind() && op.ordinal() > failed.get(0).ordinal()
            && op.fileName().equals(failed.get(0).fileName()))
        .toList();
    assertThat(later).as("retries of %s", failed.get(0)).isEmpty();
    assertRecovered(DISK);
  }

  private void writeUntilFailure(Db db, int count) {
    writeUntilFailure(db, count, false);
  }

  private void writeUntilFailure(Db db, int count, boolean sync) {
    WriteOptions wo = sync ? WriteOptions.SYNC : WriteOptions.DEFAULT;
    for (int i = 0; i < count; i++) {
      int k = acked.size();
      try {
        writeOne(db, wo, k);
      } catch (IOException e) {
        return;
      }
      acked.add(k);
    }
  }

  /** Writes key {@code k}; every third one in a batch with a second key. */
  private static void writeOne(Db db, WriteOptions wo, int k) throws IOException {
    if (k % 3 == 0) {
      db.write(wo, new WriteBatch().put(PowerLossScenario.key(k), VALUE)
          .put(("batch" + k).getBytes(UTF_8), VALUE));
    } else {
      db.put(wo, PowerLossScenario.key(k), VALUE);
    }
  }

  /** Writes fail with the cause; reads of acknowledged writes go on. */
  private void assertReadOnlyWithCause(Db db, String cause) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> db.put(PowerLossScenario.key(9999), VALUE))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("read-only")
          .satisfies(e -> assertThat(causes(e)).anyMatch(m -> m.contains(cause)));
    }
    assertThatThrownBy(() -> db.delete(WriteOptions.SYNC, PowerLossScenario.key(0)))
        .isInstanceOf(IOException.class);
    for (int k : acked) {
      assertThat(db.get(PowerLossScenario.key(k))).as("key %s", k).isEqualTo(VALUE);
    }
    try (var it = db.newIterator()) {
      it.seekToFirst();
      assertThat(it.isValid()).isTrue();
    }
  }

  private void assertRecovered(FileSystem fs) throws IOException {
    try (Db db = Strata.open(dir, PowerLossScenario.options(fs))) {
      for (int k : acked) {
        assertThat(db.get(PowerLossScenario.key(k))).as("key %s", k).isEqualTo(VALUE);
        if (k % 3 == 0) {
          assertThat(db.get(("batch" + k).getBytes(UTF_8))).as("batch %s", k).isEqualTo(VALUE);
        }
      }
    }
  }

  private static List<String> causes(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(String.valueOf(c.getMessage()));
    }
    return out;
  }
}
