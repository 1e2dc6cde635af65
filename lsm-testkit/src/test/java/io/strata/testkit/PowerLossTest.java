package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.env.FileSystem;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated power losses at every durability point of a write scenario: each create, fsync,
 * directory fsync, rename and delete the database does (memtable flushes, compactions, MANIFEST
 * rotations with their CURRENT renames, log switches), in turn, crashing right before it, and for
 * fsyncs also right after it. Each time the database must reopen with every write acknowledged
 * with sync=true, unsynced writes lost only as a suffix, and batches whole or absent.
 *
 * <p>{@code -Dstrata.seed=N} replays a seed; {@code -Dstrata.powerloss.ops=N} runs a longer
 * scenario (default 50 writes).
 */
class PowerLossTest {
  static final FileSystem DISK = new NoFsyncFileSystem();
  static final List<Kind> POINTS =
      List.of(Kind.CREATE, Kind.SYNC, Kind.SYNC_DIRECTORY, Kind.RENAME, Kind.DELETE);

  @TempDir Path root;

  @Test
  void everyDurabilityPointOfFlushCompactionAndManifestRotationSurvivesAPowerLoss()
      throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int count = Integer.getInteger("strata.powerloss.ops", 50);
    System.out.println("PowerLossTest seed " + seed + " (-Dstrata.seed=" + seed + " replays), "
        + count + " writes");
    PowerLossScenario scenario = new PowerLossScenario(seed, count);
    Result result = crashAtEveryPoint(root, scenario, List.of(CrashMode.DROP_UNSYNCED), true);
    System.out.println("PowerLossTest: " + result);
    assertThat(result.covered.keySet()).contains("SYNC *.log", "SYNC *.ldb", "SYNC MANIFEST-*",
        "SYNC *.dbtmp", "RENAME *.dbtmp -> CURRENT", "SYNC_DIRECTORY", "CREATE *.ldb",
        "CREATE *.log", "CREATE MANIFEST-*", "DELETE *.log", "DELETE MANIFEST-*");
  }

  /**
   * Unsynced writes in a log that was switched away from must not be lost while a later write,
   * in the next log, was acknowledged with sync=true: that would leave a hole. The flush of the
   * old memtable is held back, so that the old log is the only copy of those writes.
   */
  @Test
  void syncWriteAfterALogSwitchMakesTheEarlierUnsyncedWritesDurable() throws Exception {
    Path dir = root.resolve("db");
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Predicate<FileOperation> tableCreate = FileOperation.of(Kind.CREATE, "*.ldb");
    fs.failWhen(op -> {
      if (tableCreate.test(op)) {
        // Holds the flush until the power is gone; then the create fails as the file system
        // is dead.
        com.google.common.util.concurrent.Uninterruptibles.awaitUninterruptibly(release);
      }
      return false;
    });
    io.strata.api.Db db = io.strata.core.Strata.open(dir, PowerLossScenario.options(fs));
    byte[] value = new byte[1000];
    int n = 0;
    long logs = fs.count(Kind.CREATE);
    while (fs.count(Kind.CREATE) == logs) { // until the memtable is switched to a new log
      db.put(PowerLossScenario.key(n++), value);
    }
    db.put(io.strata.api.WriteOptions.SYNC, PowerLossScenario.key(n), value);
    fs.crash();
    release.countDown();
    db.close();
    try (io.strata.api.Db reopened = io.strata.core.Strata.open(dir,
        PowerLossScenario.options(DISK))) {
      for (int i = 0; i <= n; i++) {
        assertThat(reopened.get(PowerLossScenario.key(i))).as("key %s of %s", i, n).isNotNull();
      }
    }
  }

  /** Power losses counted and the durability points they hit, by category. */
  static final class Result {
    int powerLosses;
    final Map<String, Integer> counts = new TreeMap<>();
    final Map<String, Integer> covered = new TreeMap<>();

    @Override
    public String toString() {
      return powerLosses + " simulated power losses; durability points of the scenario "
          + counts + "; hit " + covered;
    }
  }

  /**
   * Runs {@code scenario} once to count its durability points, then once per point and mode with
   * a power loss right before it (and, if {@code after}, once more right after it), checking each
   * reopened database.
   */
  static Result crashAtEveryPoint(Path root, PowerLossScenario scenario, List<CrashMode> modes,
      boolean after) throws IOException {
    Result result = new Result();
    FaultInjectionFileSystem counting = new FaultInjectionFileSystem(DISK);
    PowerLossScenario.Run full = scenario.run(counting, root.resolve("count"));
    assertThat(full.stoppedBy).as("scenario without faults").isNull();
    full.db.close();
    for (Kind k : POINTS) {
      result.counts.put(k.name(), (int) counting.count(k));
    }
    int next = 0;
    for (Kind kind : POINTS) {
      long n = counting.count(kind);
      for (long i = 1; i <= n; i++) {
        for (boolean crashAfter : after ? new boolean[] {false, true} : new boolean[] {false}) {
          CrashMode mode = modes.get(next % modes.size());
          Path dir = root.resolve("crash-" + next);
          FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK, scenario.seed() + next);
          next++;
          AtomicReference<FileOperation> hit = new AtomicReference<>();
          Predicate<FileOperation> at = FileOperation.nth(kind, i).and(op -> {
            hit.set(op);
            return true;
          });
          if (crashAfter) {
            fs.crashAfter(at, mode);
          } else {
            fs.crashBefore(at, mode);
          }
          PowerLossScenario.Run run = scenario.run(fs, dir);
          fs.crash(mode); // at the end, if the point was not reached this time
          if (run.db != null) {
            run.db.close();
          }
          result.powerLosses++;
          FileOperation op = hit.get();
          String what = "power loss (" + mode + ") " + (crashAfter ? "after " : "before ")
              + (op == null ? kind + "#" + i + " (not reached: at the end)" : op);
          scenario.verify(DISK, dir, run, what);
          if (op != null) {
            result.covered.merge(category(op), 1, Integer::sum);
          }
          deleteRecursively(dir);
        }
      }
    }
    return result;
  }

  /** "SYNC *.ldb", "RENAME *.dbtmp -> CURRENT", "DELETE MANIFEST-*", ... */
  static String category(FileOperation op) {
    if (op.kind() == Kind.SYNC_DIRECTORY) {
      return op.kind().name();
    }
    return op.kind() + " " + pattern(op.fileName())
        + op.targetName().map(t -> " -> " + pattern(t)).orElse("");
  }

  private static String pattern(String name) {
    if (name.startsWith("MANIFEST-")) {
      return "MANIFEST-*";
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : "*" + name.substring(dot);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
