package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CompressionType;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    if (bottommost.isPresent() && isBottommost(c, version)) {
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

  /**
   * Whether no file older than {@code c}'s output may hold a key of its inputs' user-key range
   * (see the class comment).
   *
   * @param c the compaction, picked from {@code version}
   * @param version the Version {@code c} was picked from
   * @return true if {@code c} is bottommost
   */
  public static boolean isBottommost(Compaction c, Version version) {
    KeyComparator ucmp = version.comparator().userComparator();
    byte[] smallest = null;
    byte[] largest = null;
    Set<Long> inputs = new HashSet<>();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        inputs.add(f.fileNumber());
        byte[] lo = f.smallest().userKey().toByteArray();
        byte[] hi = f.largest().userKey().toByteArray();
        if (smallest == null || ucmp.compare(lo, smallest) < 0) {
          smallest = lo;
        }
        if (largest == null || ucmp.compare(hi, largest) > 0) {
          largest = hi;
        }
      }
    }
    if (smallest == null) {
      return true; // no input file: nothing to write
    }
    int outputLevel = c.outputLevel();
    if (outputLevel == 0) {
      // Level 0 is newest first: the files after the oldest input are older than the output.
      List<FileMetaData> level0 = version.files(0);
      int oldestInput = -1;
      for (int i = 0; i < level0.size(); i++) {
        if (inputs.contains(level0.get(i).fileNumber())) {
          oldestInput = i;
        }
      }
      for (int i = oldestInput + 1; i < level0.size(); i++) {
        FileMetaData f = level0.get(i);
        if (ucmp.compare(f.largest().userKey().toByteArray(), smallest) >= 0
            && ucmp.compare(f.smallest().userKey().toByteArray(), largest) <= 0) {
          return false;
        }
      }
    }
    for (int level = outputLevel + 1; level < Version.NUM_LEVELS; level++) {
      if (version.overlapInLevel(level, smallest, largest)) {
        return false;
      }
    }
    return true;
  }
}
