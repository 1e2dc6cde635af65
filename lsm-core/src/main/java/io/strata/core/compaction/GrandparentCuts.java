package io.strata.core.compaction;

import com.google.common.math.LongMath;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import java.util.List;

/**
 * Where a compaction's outputs end because of the grandparent level, the level below the output
 * level. Fed every key of one run in order ({@link #shouldStopBefore}), it answers whether the
 * output being written should end before that key. Confined to the run's thread.
 *
 * <p>Always: LevelDB's {@code ShouldStopBefore} (google/leveldb db/version_set.cc), an output
 * ends before a key at which it would overlap more than {@link
 * Compaction#maxGrandparentOverlapBytes()} of grandparent files, so that no later compaction of
 * it rewrites too much of the level below. As in LevelDB, that count restarts only when this
 * rule ends an output.
 *
 * <p>With {@link Compaction#alignOutputsToGrandparents()}, also RocksDB's {@code
 * level_compaction_dynamic_file_size} rules (facebook/rocksdb db/compaction/compaction_outputs.cc
 * {@code UpdateGrandparentBoundaryInfo}, {@code ShouldStopBefore}). A key crosses a boundary when
 * it enters a grandparent file or leaves one; at a key that crosses at least one, the output ends
 * if it holds {@code target / 100 * (50 + 5 * boundaries crossed since it began)} bytes or more
 * (at most 90% of the target), or if the key skips ahead over a whole grandparent file of more
 * than an eighth of the target that the output would otherwise overlap; outputs may grow to
 * twice the target ({@link #maxOutputBytes}). Every count restarts whenever an output ends, for
 * any reason ({@link #outputFinished}).
 */
final class GrandparentCuts {
  private final KeyComparator ucmp;
  private final InternalKeyComparator icmp;
  private final long[] sizes;
  private final byte[][] smallestUser;
  private final byte[][] largestUser;
  private final byte[][] largestInternal;
  private final long maxOverlapBytes;
  private final boolean align;
  private final long targetBytes;
  private final long maxOutputBytes;

  // LevelDB's rule: the first grandparent whose largest key is at or past the last key seen.
  private int levelDbIndex;
  private boolean levelDbSeenKey;
  private long levelDbOverlappedBytes;

  // RocksDB's rules: the grandparent the last key is in, or the one after the gap it is in.
  private int index;
  private boolean inGap = true;
  private boolean seenKey;
  private int boundariesSinceCut;
  private long overlappedBytes;

  GrandparentCuts(Compaction c, InternalKeyComparator icmp) {
    this.icmp = icmp;
    this.ucmp = icmp.userComparator();
    List<FileMetaData> grandparents = c.grandparents();
    int n = grandparents.size();
    this.sizes = new long[n];
    this.smallestUser = new byte[n][];
    this.largestUser = new byte[n][];
    this.largestInternal = new byte[n][];
    for (int i = 0; i < n; i++) {
      FileMetaData f = grandparents.get(i);
      sizes[i] = f.fileSizeBytes();
      smallestUser[i] = f.smallest().userKey().toByteArray();
      largestUser[i] = f.largest().userKey().toByteArray();
      largestInternal[i] = f.largest().encode();
    }
    this.maxOverlapBytes = c.maxGrandparentOverlapBytes();
    this.align = c.alignOutputsToGrandparents() && n > 0;
    this.targetBytes = c.maxOutputFileSizeBytes();
    this.maxOutputBytes = align ? LongMath.saturatedMultiply(targetBytes, 2) : targetBytes;
  }

  /**
   * The size at which an output is ended after the key that reaches it, in bytes: the
   * compaction's {@code maxOutputFileSizeBytes}, twice that when aligning to grandparents.
   */
  long maxOutputBytes() {
    return maxOutputBytes;
  }

  /**
   * Takes the next key of the run, before it is written, and says whether the output being
   * written should end before it.
   *
   * @param internalKey the key, in the run's order
   * @param outputBytes the size of the output being written, in bytes; negative when none is
   *     open (the key is only tracked)
   */
  boolean shouldStopBefore(byte[] internalKey, long outputBytes) {
    boolean stop = levelDbRule(internalKey) && outputBytes >= 0;
    if (!align) {
      return stop;
    }
    int userLength = internalKey.length - 8;
    long overlapBefore = overlappedBytes;
    int crossed = crossBoundaries(internalKey, userLength);
    if (outputBytes < 0 || crossed == 0) {
      return stop;
    }
    // A key that jumps over a whole grandparent file: into the next file from a gap (2
    // boundaries), or from inside one file into another (3).
    int skippable = inGap ? 2 : 3;
    if (crossed >= skippable && overlappedBytes - overlapBefore > targetBytes / 8) {
      return true;
    }
    long threshold = LongMath.saturatedMultiply((targetBytes + 99) / 100,
        50 + Math.min(boundariesSinceCut * 5L, 40));
    return stop || outputBytes >= threshold;
  }

  /**
   * Records that an output ended before {@code internalKey}, the next key, which was already
   * passed to {@link #shouldStopBefore}; the next output starts from it.
   */
  void outputFinished(byte[] internalKey) {
    if (!align) {
      return;
    }
    levelDbOverlappedBytes = 0;
    boundariesSinceCut = 0;
    overlappedBytes = inGap ? 0 : bytesContaining(internalKey, internalKey.length - 8);
  }

  /** LevelDB's rule; restarts its count when it fires. */
  private boolean levelDbRule(byte[] internalKey) {
    while (levelDbIndex < largestInternal.length
        && icmp.compare(internalKey, largestInternal[levelDbIndex]) > 0) {
      if (levelDbSeenKey) {
        levelDbOverlappedBytes += sizes[levelDbIndex];
      }
      levelDbIndex++;
    }
    levelDbSeenKey = true;
    if (maxOverlapBytes > 0 && levelDbOverlappedBytes > maxOverlapBytes) {
      levelDbOverlappedBytes = 0;
      return true;
    }
    return false;
  }

  /**
   * Moves to the grandparent containing the key (the last one, if several end at its user key)
   * or the gap before the next one, counting the boundaries crossed since the previous key and
   * adding the bytes of each file entered.
   *
   * @return the boundaries the key crossed; 0 for the run's first key
   */
  private int crossBoundaries(byte[] key, int userLength) {
    int crossed = 0;
    while (index < sizes.length) {
      if (inGap) {
        if (compareUser(key, userLength, smallestUser[index]) < 0) {
          break;
        }
        if (seenKey) {
          crossed++;
          overlappedBytes += sizes[index];
        }
        inGap = false;
      } else {
        int cmp = compareUser(key, userLength, largestUser[index]);
        if (cmp < 0 || (cmp == 0 && (index == sizes.length - 1
            || compareUser(key, userLength, smallestUser[index + 1]) < 0))) {
          break;
        }
        if (seenKey) {
          crossed++;
        }
        inGap = true;
        index++;
      }
    }
    if (!seenKey && !inGap) {
      overlappedBytes = bytesContaining(key, userLength);
    }
    seenKey = true;
    boundariesSinceCut += crossed;
    return crossed;
  }

  /**
   * The bytes of the grandparents containing the key: the current one and those before it that
   * end at its user key. REQUIRES not in a gap.
   */
  private long bytesContaining(byte[] key, int userLength) {
    long bytes = sizes[index];
    for (int i = index - 1; i >= 0 && compareUser(key, userLength, largestUser[i]) == 0; i--) {
      bytes += sizes[i];
    }
    return bytes;
  }

  private int compareUser(byte[] key, int userLength, byte[] userKey) {
    return ucmp.compare(key, 0, userLength, userKey, 0, userKey.length);
  }
}
