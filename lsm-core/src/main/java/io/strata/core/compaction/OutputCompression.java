package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.Version;
import java.util.Optional;

/**
 * Chooses the block compression of a compaction's output tables: the output level's type
 * ({@link Options#compressionForLevel}), or {@link Options#bottommostCompression()} when the
 * compaction is bottommost, as RocksDB's {@code GetCompressionType} in
 * {@code db/compaction/compaction_picker.cc}.
 *
 * <p>A compaction is bottommost when no file older than its output may hold a key of its range
 * (RocksDB's {@code Compaction::IsBottommostLevel}): no file of a level below the output level
 * overlaps the user-key range of its inputs and, for a level-0 output, no level-0 file that is
 * not an input and is older than the oldest input does. Immutable and thread-safe.
 */
public final class OutputCompression {
  private final Options options;

  /**
   * @param options the database's options, for the per-level and bottommost types
   * @throws NullPointerException if {@code options} is null
   */
  public OutputCompression(Options options) {
    this.options = checkNotNull(options, "options");
  }

  /**
   * The compression of {@code c}'s output tables.
   *
   * @param c the compaction, picked from {@code version}
   * @param version the Version {@code c} was picked from
   * @return the type to write the outputs with
   */
  public CompressionType choose(Compaction c, Version version) {
    Optional<CompressionType> bottommost = options.bottommostCompression();
    if (bottommost.isPresent() && Bottommost.of(c, version)) {
      return bottommost.get();
    }
    return options.compressionForLevel(c.outputLevel());
  }

  /**
   * Whether {@code c}'s input may be moved to the output level as it is rather than rewritten:
   * only when the output would be written with the type its start level's tables are (RocksDB's
   * {@code Compaction::InputCompressionMatchesOutput}). Otherwise a trivial move would leave, say,
   * level 1's uncompressed tables uncompressed at a level meant to hold Zstandard ones. Always
   * true when neither {@link Options#compressionPerLevel()} nor
   * {@link Options#bottommostCompression()} is set.
   *
   * @param c the compaction, picked from {@code version}
   * @param version the Version {@code c} was picked from
   * @return true if the start level's type is the output's
   */
  public boolean allowsTrivialMove(Compaction c, Version version) {
    return options.compressionForLevel(c.startLevel()) == choose(c, version);
  }


}
