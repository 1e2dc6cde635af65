package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PowerLossTest} at a larger scale: a longer scenario (with compactions deleting their
 * inputs), a power loss right before and right after every durability point, and every
 * {@link CrashMode} but garbage tears in turn (unsynced bytes dropped, a random prefix kept, the
 * last block torn to zeros; unsynced directory entries undone, or a random prefix of them kept).
 *
 * <p>{@code -Dstrata.seed=N} replays a seed; {@code -Dstrata.powerloss.it.ops=N} (default 90)
 * runs longer.
 */
class PowerLossIT {
  @TempDir Path root;

  @Test
  void everyDurabilityPointInEveryCrashModeSurvivesAPowerLoss() throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int count = Integer.getInteger("strata.powerloss.it.ops", 90);
    System.out.println("PowerLossIT seed " + seed + " (-Dstrata.seed=" + seed + " replays), "
        + count + " writes");
    List<CrashMode> modes = List.of(
        CrashMode.DROP_UNSYNCED,
        new CrashMode(CrashMode.UnsyncedData.KEEP_RANDOM_PREFIX, CrashMode.UnsyncedEntries.UNDO),
        new CrashMode(CrashMode.UnsyncedData.TEAR_LAST_BLOCK_ZEROS,
            CrashMode.UnsyncedEntries.KEEP_RANDOM_PREFIX),
        new CrashMode(CrashMode.UnsyncedData.KEEP_RANDOM_PREFIX,
            CrashMode.UnsyncedEntries.KEEP_RANDOM_PREFIX));
    // Not TEAR_LAST_BLOCK_GARBAGE: the engine accepts a torn log tail only when zeros follow
    // the damaged record, and fails the open with a CorruptionException on a garbage tail.
    PowerLossTest.Result result = PowerLossTest.crashAtEveryPoint(root,
        new PowerLossScenario(seed, count), modes, true);
    System.out.println("PowerLossIT: " + result);
    assertThat(result.covered.keySet()).contains("SYNC *.log", "SYNC *.ldb", "SYNC MANIFEST-*",
        "SYNC *.dbtmp", "RENAME *.dbtmp -> CURRENT", "SYNC_DIRECTORY", "CREATE *.ldb",
        "CREATE *.log", "CREATE MANIFEST-*", "DELETE *.ldb", "DELETE *.log", "DELETE MANIFEST-*");
  }
}
