package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.FileSystem;
import io.strata.core.Strata;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power loss with logged and unlogged ({@code WriteOptions.disableWal}) writes mixed, sync and
 * not, and explicit flushes: a crash right after each fsync of the scenario, in turn. After each
 * the database must reopen with every write acknowledged with {@code sync=true} and every write
 * acknowledged before the last completed {@code flush()}, nothing never written, and sequence
 * numbers still rising: a write after the reopen overwrites a recovered key for good, through a
 * full compaction.
 *
 * <p>{@code -Dstrata.seed=N} replays a seed.
 */
class UnloggedWritePowerLossTest {
  private static final FileSystem DISK = new NoFsyncFileSystem();
  private static final int OPS = 120;
  private static final String PADDING = "p".repeat(400);

  @TempDir Path root;

  private enum Mode { SYNC, LOGGED, UNLOGGED, FLUSH }

  private static byte[] key(int i) {
    return (String.format("k%05d", i) + PADDING).getBytes(UTF_8);
  }

  private static byte[] value(int i) {
    return ("v" + i).getBytes(UTF_8);
  }

  private static Options options(FileSystem fs) {
    return Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled").strategyOption("l0_compaction_trigger", "2").build();
  }

  private static List<Mode> scenario(long seed) {
    Random rnd = new Random(seed);
    List<Mode> modes = new ArrayList<>();
    for (int i = 0; i < OPS; i++) {
      modes.add(i % 15 == 14 ? Mode.FLUSH
          : new Mode[] {Mode.SYNC, Mode.LOGGED, Mode.UNLOGGED, Mode.UNLOGGED}[rnd.nextInt(4)]);
    }
    return modes;
  }

  /** What a run did: per op, whether it was acknowledged; the ops a completed flush covers. */
  private static final class Run {
    final boolean[] acked = new boolean[OPS];
    int attempted;
    /** Ops below this index were acknowledged before a flush that completed. */
    int flushedBelow;
  }

  private static Run run(FaultInjectionFileSystem fs, Path dir, List<Mode> modes)
      throws IOException {
    Run run = new Run();
    Strata.open(dir, options(DISK)).close(); // created without faults; the crash comes later
    Db db = null;
    try {
      db = Strata.open(dir, options(fs));
      for (int i = 0; i < OPS; i++) {
        run.attempted = i + 1;
        switch (modes.get(i)) {
          case SYNC -> db.put(WriteOptions.SYNC, key(i), value(i));
          case LOGGED -> db.put(WriteOptions.DEFAULT, key(i), value(i));
          case UNLOGGED -> db.put(WriteOptions.DEFAULT.withDisableWal(true), key(i), value(i));
          case FLUSH -> {
            db.flush();
            run.flushedBelow = i;
          }
        }
        run.acked[i] = true;
      }
    } catch (IOException | IllegalStateException e) {
      // The simulated power loss: the file system is dead from here on; what follows checks
      // what the disk kept.
    } finally {
      try {
        if (db != null) {
          db.close();
        }
      } catch (IOException e) {
        // Closing on a dead file system may fail; the disk is what the crash left.
      }
    }
    return run;
  }

  @Test
  void mixedLoggedAndUnloggedWritesRecoverAfterAPowerLossAtEverySync() throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("UnloggedWritePowerLossTest seed " + seed + " (-Dstrata.seed=" + seed
        + " replays)");
    List<Mode> modes = scenario(seed);
    FaultInjectionFileSystem counting = new FaultInjectionFileSystem(DISK);
    Run full = run(counting, root.resolve("count"), modes);
    assertThat(full.attempted).isEqualTo(OPS);
    long syncs = counting.count(Kind.SYNC);
    assertThat(syncs).isGreaterThan(10);
    System.out.println("UnloggedWritePowerLossTest: " + syncs
        + " power losses, one after each sync");
    for (long n = 1; n <= syncs; n++) {
      Path dir = root.resolve("crash-" + n);
      FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK, seed + n);
      fs.crashAfter(FileOperation.nth(Kind.SYNC, n), CrashMode.DROP_UNSYNCED);
      Run r = run(fs, dir, modes);
      String what = "seed " + seed + ", power loss after sync #" + n + " (op " + r.attempted
          + ")";
      try (Db db = Strata.open(dir, options(DISK))) {
        int present = -1;
        for (int i = 0; i < OPS; i++) {
          byte[] v = db.get(key(i));
          if (modes.get(i) == Mode.FLUSH) {
            continue;
          }
          if (r.acked[i] && (modes.get(i) == Mode.SYNC || i < r.flushedBelow)) {
            assertThat(v).as(what + ": op %s (%s) must survive", i, modes.get(i))
                .isEqualTo(value(i));
          }
          if (i >= r.attempted) {
            assertThat(v).as(what + ": op %s was never written", i).isNull();
          }
          if (v != null) {
            assertThat(v).isEqualTo(value(i));
            present = i;
          }
        }
        if (present >= 0) {
          long before = db.getLatestSequenceNumber();
          db.put(key(present), "new".getBytes(UTF_8));
          assertThat(db.getLatestSequenceNumber()).isEqualTo(before + 1);
          db.compactRange(null, null);
          assertThat(db.get(key(present))).as(what + ": the write after the reopen is newest")
              .isEqualTo("new".getBytes(UTF_8));
        }
      }
    }
  }
}
