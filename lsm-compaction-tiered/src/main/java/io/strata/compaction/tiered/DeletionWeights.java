package io.strata.compaction.tiered;

import com.google.common.math.LongMath;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import java.util.List;

/**
 * The bytes of a sorted run as step "space amplification" weighs them, grown for the point
 * deletions its files hold: RocksDB's compensated file size (facebook/rocksdb db/version_set.cc
 * {@code ComputeCompensatedSizes}), which its universal compaction adds up per sorted run. A
 * tombstone is a few bytes but stands for the older value it deletes; weighed at that value, a
 * newer run of deletions makes the tree's space amplification reach its limit, and the merge of
 * every run that follows drops the tombstones with what they delete. Immutable; computed per
 * Version.
 *
 * <p>As RocksDB's: a file whose deletions are at least half its entries counts
 * {@code (2 * deletions - entries) * averageValueBytes * 2} bytes more, where
 * {@code averageValueBytes} is the runs' table bytes per non-deletion entry over the files with
 * known stats (Strata's properties record no raw value sizes); other files, and files whose
 * stats are unknown, count their size. Sums saturate at {@code Long.MAX_VALUE}.
 */
final class DeletionWeights {
  /** RocksDB's {@code kDeletionWeightOnCompaction}. */
  private static final int DELETION_WEIGHT = 2;

  private final TableStatsSource stats;
  private final long averageValueBytes;

  private DeletionWeights(TableStatsSource stats, long averageValueBytes) {
    this.stats = stats;
    this.averageValueBytes = averageValueBytes;
  }

  /** The weights of {@code runs}' files under {@code stats}. */
  static DeletionWeights of(List<SortedRun> runs, TableStatsSource stats) {
    long bytes = 0;
    long nonDeletions = 0;
    for (SortedRun run : runs) {
      for (FileMetaData f : run.files()) {
        TableStats s = stats.stats(f);
        if (s.known()) {
          bytes += f.fileSizeBytes();
          nonDeletions += s.numNonDeletions();
        }
      }
    }
    return new DeletionWeights(stats, nonDeletions == 0 ? 0 : bytes / nonDeletions);
  }

  /** {@return {@code run}'s compensated bytes: its size plus its files' deletion weights} */
  long runBytes(SortedRun run) {
    long sum = run.sizeBytes();
    if (averageValueBytes == 0) {
      return sum;
    }
    for (FileMetaData f : run.files()) {
      TableStats s = stats.stats(f);
      long excess = 2 * s.numDeletions() - s.numEntries();
      if (excess > 0) {
        sum = LongMath.saturatedAdd(sum, LongMath.saturatedMultiply(
            LongMath.saturatedMultiply(excess, averageValueBytes), DELETION_WEIGHT));
      }
    }
    return sum;
  }
}
