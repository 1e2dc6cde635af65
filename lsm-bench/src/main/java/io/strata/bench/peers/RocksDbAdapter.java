package io.strata.bench.peers;

import io.strata.api.CompressionType;
import io.strata.examples.experiment.engine.EngineAdapter;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RocksDB through JNI ({@code org.rocksdb:rocksdbjni}) as a peer of {@code strata experiment},
 * named {@code rocksdb}. The settings map to RocksDB's options (include/rocksdb/options.h,
 * include/rocksdb/advanced_options.h, include/rocksdb/table.h):
 *
 * <table>
 *   <caption>Settings and RocksDB options</caption>
 *   <tr><th>setting</th><th>RocksDB</th></tr>
 *   <tr><td>write buffer</td><td>{@code write_buffer_size}, {@code max_write_buffer_number=2}
 *       (one memtable being filled, one being flushed, as Strata)</td></tr>
 *   <tr><td>block cache</td><td>an {@code LRUCache} of that capacity</td></tr>
 *   <tr><td>bloom bits per key</td><td>{@code BloomFilter(bits, false)}: full filters; none
 *       for 0</td></tr>
 *   <tr><td>block size</td><td>{@code block_size}</td></tr>
 *   <tr><td>compression</td><td>{@code compression}: none, snappy or zstd</td></tr>
 *   <tr><td>target file size</td><td>{@code target_file_size_base}</td></tr>
 *   <tr><td>level sizes</td><td>{@code max_bytes_for_level_base}, {@code
 *       max_bytes_for_level_multiplier}, {@code level_compaction_dynamic_level_bytes=false}
 *       (level sizes fixed from level 1 down, as LevelDB and Strata's {@code leveled})</td></tr>
 *   <tr><td>level-0 triggers</td><td>{@code level0_file_num_compaction_trigger}, {@code
 *       level0_slowdown_writes_trigger}, {@code level0_stop_writes_trigger}</td></tr>
 *   <tr><td>open files</td><td>{@code max_open_files}</td></tr>
 * </table>
 *
 * RocksDB's own defaults stand for the rest, among them {@code max_background_jobs=2} (one
 * flush and one compaction at a time) and a write-ahead log written without sync, as Strata's.
 * Stateless and thread-safe.
 */
public final class RocksDbAdapter implements EngineAdapter {
  /** The adapter's name in {@code --configs}. */
  public static final String NAME = "rocksdb";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String compactionStyle() {
    return "leveled";
  }

  /**
   * {@inheritDoc}
   *
   * @throws IOException when RocksDB cannot open the database, with RocksDB's status message
   */
  @Override
  public EngineStore open(Path dir, EngineSettings settings) throws IOException {
    Files.createDirectories(dir);
    return RocksDbStore.open(dir, settings);
  }

  /** RocksDB's compression type for Strata's. */
  static org.rocksdb.CompressionType compression(CompressionType c) {
    return switch (c) {
      case NONE -> org.rocksdb.CompressionType.NO_COMPRESSION;
      case SNAPPY -> org.rocksdb.CompressionType.SNAPPY_COMPRESSION;
      case ZSTD -> org.rocksdb.CompressionType.ZSTD_COMPRESSION;
    };
  }
}
