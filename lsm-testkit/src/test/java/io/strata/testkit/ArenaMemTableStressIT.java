package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Options;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DbStress} as {@link StressIT} runs it, with the arena memtables: writers filling the
 * slabs while readers get and scan the memtables, and flushes retiring them all the time.
 *
 * <p>{@code -Dstrata.stress.seconds=N} (default 10 per memtable; {@code StressIT} covers the
 * default memtable longer) runs longer; {@code -Dstrata.seed=S} replays
 * the random choices (thread interleavings differ from run to run).
 */
class ArenaMemTableStressIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"arena", "arena-offheap"})
  void concurrentWritesAndReadsAgreeWithTheExpectedState(String memTable) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int seconds = Integer.getInteger("strata.stress.seconds", 10);
    System.out.println("ArenaMemTableStressIT " + memTable + " seed " + seed + ", " + seconds
        + " s");
    Options options = Options.builder()
        .writeBufferSizeBytes(64 << 10)
        .memTable(memTable)
        .maxOpenFiles(64)
        .blockCacheSizeBytes(256 << 10)
        .strategyOption("target_file_size_base", Integer.toString(64 << 10))
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .build();
    DbStress.Report report = DbStress.builder(dir.resolve(memTable), options)
        .writerThreads(4)
        .readerThreads(4)
        .keysPerWriter(1000, 50)
        .duration(Duration.ofSeconds(seconds))
        .seed(seed)
        .build()
        .run();
    System.out.println("ArenaMemTableStressIT " + memTable + ": " + report);
    assertThat(report.puts() + report.deletes()).isPositive();
    assertThat(report.forwardScans()).isPositive();
    assertThat(report.backwardScans()).isPositive();
    assertThat(report.keysChecked()).isPositive();
  }
}
