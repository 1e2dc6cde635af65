package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Options;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DbStress} on the default engine with the leveled strategy, tuned so that flushes,
 * compactions, table cache evictions and MANIFEST rotations happen all the time.
 *
 * <p>{@code -Dstrata.stress.seconds=N} (default 30) runs longer; {@code -Dstrata.seed=S} replays
 * the random choices (thread interleavings differ from run to run).
 */
class StressIT {
  @TempDir Path dir;

  @Test
  void concurrentWritesReadsScansSnapshotsAndCompactionsAgreeWithTheExpectedState()
      throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int seconds = Integer.getInteger("strata.stress.seconds", 30);
    System.out.println("StressIT seed " + seed + " (replay with -Dstrata.seed=" + seed + "), "
        + seconds + " s");
    Options options = Options.builder()
        .writeBufferSizeBytes(64 << 10)
        .maxOpenFiles(64)
        .blockCacheSizeBytes(256 << 10)
        .maxManifestFileSizeBytes(64 << 10)
        .strategyOption("target_file_size_base", Integer.toString(64 << 10))
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .build();
    DbStress.Report report = DbStress.builder(dir, options)
        .writerThreads(4)
        .readerThreads(4)
        .keysPerWriter(1000, 50)
        .duration(Duration.ofSeconds(seconds))
        .seed(seed)
        .build()
        .run();
    System.out.println("StressIT: " + report);
    assertThat(report.puts() + report.deletes()).isPositive();
    assertThat(report.batches()).isPositive();
    assertThat(report.groupBatches()).isPositive();
    assertThat(report.forwardScans()).isPositive();
    assertThat(report.backwardScans()).isPositive();
    assertThat(report.snapshotRereads()).isPositive();
    assertThat(report.compactRanges()).isPositive();
    assertThat(report.keysChecked()).isPositive();
  }
}
