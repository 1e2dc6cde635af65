package io.strata.examples.experiment.engine;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.compaction.leveled.LeveledCompactionOptions;

/**
 * The settings every engine of an experiment opens its database with, so that Strata and its
 * peers are compared on equal terms: the engine options of the configuration (memtable, cache,
 * filter, compression) and, for what a configuration does not set, Strata's defaults
 * ({@link Options#levelDbDefaults()}, {@link LeveledCompactionOptions#levelDbDefaults()}:
 * LevelDB's shape, as experiments run on by default). With {@code ownShape} (engine option
 * {@code shape=own}) a peer keeps its own shipped defaults for everything but the memory, filter
 * and compression options. Immutable.
 *
 * @param writeBufferSizeBytes memtable bytes before a flush
 * @param blockCacheSizeBytes block cache capacity, bytes
 * @param bloomBitsPerKey Bloom filter bits per key, 0 for none
 * @param compression block compression
 * @param blockSizeBytes uncompressed data block size, bytes
 * @param targetFileSizeBytes table file size compactions aim at, bytes
 * @param maxBytesForLevelBaseBytes level 1's target size, bytes
 * @param levelSizeMultiplier each level's target size over the one above
 * @param l0CompactionTriggerFiles level-0 files that start a compaction
 * @param l0SlowdownWritesTriggerFiles level-0 files that slow writes down
 * @param l0StopWritesTriggerFiles level-0 files that stop writes
 * @param maxOpenFiles table files kept open
 * @param ownShape whether a peer keeps its own defaults for the file and level sizes and the
 *     level-0 triggers, ignoring the fields above that give LevelDB's
 */
public record EngineSettings(long writeBufferSizeBytes, long blockCacheSizeBytes,
    int bloomBitsPerKey, CompressionType compression, int blockSizeBytes,
    long targetFileSizeBytes, long maxBytesForLevelBaseBytes, double levelSizeMultiplier,
    int l0CompactionTriggerFiles, int l0SlowdownWritesTriggerFiles, int l0StopWritesTriggerFiles,
    int maxOpenFiles, boolean ownShape) {

  /**
   * The settings of {@code options}'s memtable, cache, filter, compression, block size and open
   * files, with LevelDB's file size, level sizes and level-0 triggers (those of the leveled
   * strategy in an experiment's Strata configurations).
   *
   * @param options Strata's options, as the configuration gives them
   * @param ownShape whether each peer keeps its own shape (engine option {@code shape=own})
   * @return the settings
   */
  public static EngineSettings of(Options options, boolean ownShape) {
    LeveledCompactionOptions leveled = LeveledCompactionOptions.levelDbDefaults();
    return new EngineSettings(options.writeBufferSizeBytes(), options.blockCacheSizeBytes(),
        options.bloomBitsPerKey(), options.compression(), options.blockSizeBytes(),
        leveled.targetFileSizeBytes(), leveled.maxBytesForLevelBaseBytes(),
        leveled.maxBytesForLevelMultiplier(), leveled.l0CompactionTriggerFiles(),
        leveled.l0SlowdownWritesTriggerFiles(), leveled.l0StopWritesTriggerFiles(),
        options.maxOpenFiles(), ownShape);
  }
}
