package io.strata.compaction.leveled;

import com.google.common.math.LongMath;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;

/**
 * Each file's size as compaction weighs it, grown for the point deletions it holds: RocksDB's
 * compensated file size (facebook/rocksdb db/version_set.cc
 * {@code VersionStorageInfo::ComputeCompensatedSizes}). A tombstone is a few bytes, but it stands
 * for the older value it deletes, which compaction frees once the two meet; counting it at that
 * value's size pushes deletion-heavy levels and files down sooner, so deleted data is reclaimed
 * rather than kept while the tree is "in shape" by raw bytes. Immutable; computed per Version.
 *
 * <p>The rule, as RocksDB's: a file whose deletions are at least half its entries gets
 * {@code (2 * deletions - entries) * averageValueBytes * 2} extra bytes (the weight 2 is
 * RocksDB's {@code kDeletionWeightOnCompaction}); other files keep their size, so that a steady
 * workload of as many deletes as puts does not reshape the tree. A file whose stats are unknown
 * counts no deletion: with no deletions anywhere every compensated size is the file size, and
 * leveled picks exactly as LevelDB does. The extra bytes saturate at {@code Long.MAX_VALUE}.
 *
 * <p>{@code averageValueBytes} is the tree's table bytes per non-deletion entry, over the files
 * with known stats (0 when there is none): Strata's table properties record no raw key and value
 * sizes, which RocksDB's {@code GetAverageValueSize} scales by the compression ratio, so the
 * on-disk bytes of an entry, key and per-entry overhead included, stand in for the value's.
 */
final class CompensatedSizes {
  /** RocksDB's {@code kDeletionWeightOnCompaction}. */
  static final int DELETION_WEIGHT = 2;

  private final TableStatsSource stats;
  private final long averageValueBytes;

  private CompensatedSizes(TableStatsSource stats, long averageValueBytes) {
    this.stats = stats;
    this.averageValueBytes = averageValueBytes;
  }

  /** The compensated sizes of {@code version}'s files under {@code stats}. */
  static CompensatedSizes of(Version version, TableStatsSource stats) {
    long bytes = 0;
    long nonDeletions = 0;
    for (int level = 0; level < version.numLevels(); level++) {
      for (FileMetaData f : version.files(level)) {
        TableStats s = stats.stats(f);
        if (s.known()) {
          bytes += f.fileSizeBytes();
          nonDeletions += s.numNonDeletions();
        }
      }
    }
    return new CompensatedSizes(stats, nonDeletions == 0 ? 0 : bytes / nonDeletions);
  }

  /** {@return the table bytes per non-deletion entry this Version's deletions are weighed at} */
  long averageValueBytes() {
    return averageValueBytes;
  }

  /** The extra bytes {@code f} is weighed at for its deletions; 0 for most files. */
  long deletionBytes(FileMetaData f) {
    TableStats s = stats.stats(f);
    long excess = 2 * s.numDeletions() - s.numEntries();
    if (excess <= 0 || averageValueBytes == 0) {
      return 0;
    }
    return LongMath.saturatedMultiply(LongMath.saturatedMultiply(excess, averageValueBytes),
        DELETION_WEIGHT);
  }

  /** {@return {@code f}'s compensated size in bytes: its size plus its deletion bytes} */
  long fileBytes(FileMetaData f) {
    return LongMath.saturatedAdd(f.fileSizeBytes(), deletionBytes(f));
  }

  /** {@return the sum of the compensated sizes of {@code level}'s files, in bytes} */
  long levelBytes(Version version, int level) {
    long sum = 0;
    for (FileMetaData f : version.files(level)) {
      sum = LongMath.saturatedAdd(sum, fileBytes(f));
    }
    return sum;
  }
}
