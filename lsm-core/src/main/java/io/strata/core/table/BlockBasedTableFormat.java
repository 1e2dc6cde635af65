package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableReader;
import java.io.IOException;

/**
 * LevelDB 1.23's block-based table format ({@code .ldb} files; google/leveldb
 * {@code doc/table_format.md}): writes with {@link BlockBasedTableBuilder}, reads with
 * {@link BlockBasedTable} through a {@link BlockCache}.
 *
 * <p>Block size, restart interval, compression, bloom bits per key and paranoid checks come from
 * the {@link Options}; a compaction names its output's compression itself. Each opened table takes its own cache id, so the cache may be shared with
 * other formats and databases. Thread-safe and immutable; the constructor does no I/O.
 */
public final class BlockBasedTableFormat implements TableFormat {
  private final Options options;
  private final InternalKeyComparator comparator;
  private final BlockCache cache;

  /**
   * @param options the database's options
   * @param comparator the order of internal keys, over {@code options.comparator()}
   * @param cache the block cache for data blocks
   */
  public BlockBasedTableFormat(Options options, InternalKeyComparator comparator,
      BlockCache cache) {
    this.options = checkNotNull(options, "options");
    this.comparator = checkNotNull(comparator, "comparator");
    this.cache = checkNotNull(cache, "cache");
  }

  @Override
  public String fileExtension() {
    return "ldb";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Blocks are compressed with level 0's type, {@code options.compressionForLevel(0)}.
   */
  @Override
  public TableBuilder newBuilder(WritableFile file) {
    return new BlockBasedTableBuilder(options, options.compressionForLevel(0), comparator, file);
  }

  @Override
  public TableBuilder newBuilder(WritableFile file, CompressionType compression) {
    return new BlockBasedTableBuilder(options, compression, comparator, file);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code fileNumber} is not needed: each opened table takes a fresh id of the block cache,
   * so a reopened file never sees another table's blocks.
   */
  @Override
  public TableReader open(ReadableFile file, String fileName, long fileNumber,
      long fileSizeBytes) throws IOException {
    return BlockBasedTable.open(file, fileName, fileSizeBytes, comparator, cache,
        options.paranoidChecks());
  }

  /** The block cache this format reads through. */
  public BlockCache blockCache() {
    return cache;
  }
}
