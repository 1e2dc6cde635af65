package io.strata.compaction.leveled;

import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.version.FileMetaData;
import java.util.List;

/**
 * Key ranges and sizes of file sets, and LevelDB's boundary-input rule (google/leveldb
 * db/version_set.cc {@code GetRange}, {@code GetRange2}, {@code TotalFileSize},
 * {@code AddBoundaryInputs}). Stateless.
 */
final class FileRanges {
  private FileRanges() {}

  /** The closed internal-key range {@code [smallest, largest]} covered by some files. */
  record KeyRange(InternalKey smallest, InternalKey largest) {
    /** The smallest user key, a fresh array. */
    byte[] smallestUserKey() {
      return smallest.userKey().toByteArray();
    }

    /** The largest user key, a fresh array. */
    byte[] largestUserKey() {
      return largest.userKey().toByteArray();
    }
  }

  /** Sum of the file sizes, in bytes. */
  static long totalBytes(List<FileMetaData> files) {
    long sum = 0;
    for (FileMetaData f : files) {
      sum += f.fileSizeBytes();
    }
    return sum;
  }

  /**
   * The smallest and largest internal key over {@code first} and {@code second} together.
   * REQUIRES at least one file among them.
   */
  static KeyRange range(InternalKeyComparator icmp, List<FileMetaData> first,
      List<FileMetaData> second) {
    InternalKey smallest = null;
    InternalKey largest = null;
    for (List<FileMetaData> files : List.of(first, second)) {
      for (FileMetaData f : files) {
        if (smallest == null || icmp.compare(f.smallest(), smallest) < 0) {
          smallest = f.smallest();
        }
        if (largest == null || icmp.compare(f.largest(), largest) > 0) {
          largest = f.largest();
        }
      }
    }
    if (smallest == null) {
      throw new IllegalStateException("the range of no files");
    }
    return new KeyRange(smallest, largest);
  }

  /** The range of {@code files}. REQUIRES {@code files} not empty. */
  static KeyRange range(InternalKeyComparator icmp, List<FileMetaData> files) {
    return range(icmp, files, List.of());
  }

  /**
   * Appends to {@code inputs} every file of {@code levelFiles} that must join them so that no
   * user key is split between the compaction and the files left behind (LevelDB's
   * {@code AddBoundaryInputs}).
   *
   * <p>Why: a level from 1 may hold the same user key in two adjacent files, an older entry
   * ({@code k@5}) at the start of the next file after a newer one ({@code k@7}) ending the
   * previous file. Compacting only the first would move {@code k@7} down a level while
   * {@code k@5} stays above it, and a read would then find the stale entry first. So while some
   * file outside the inputs starts with the user key of the inputs' largest key, at an internal
   * key past it, the one with the smallest such start joins and the search goes on from its
   * largest key. Files are appended in key order, so a sorted list stays sorted. A no-op on empty
   * {@code inputs}.
   */
  static void addBoundaryInputs(InternalKeyComparator icmp, List<FileMetaData> levelFiles,
      List<FileMetaData> inputs) {
    if (inputs.isEmpty()) {
      return;
    }
    InternalKey largest = range(icmp, inputs).largest();
    while (true) {
      FileMetaData boundary = smallestBoundaryFile(icmp, levelFiles, largest);
      if (boundary == null) {
        return;
      }
      inputs.add(boundary);
      largest = boundary.largest();
    }
  }

  /**
   * The file of {@code levelFiles} with the smallest smallest key among those whose smallest key
   * is past {@code largest} but has the same user key; null if none.
   */
  private static FileMetaData smallestBoundaryFile(InternalKeyComparator icmp,
      List<FileMetaData> levelFiles, InternalKey largest) {
    FileMetaData best = null;
    for (FileMetaData f : levelFiles) {
      if (icmp.compare(f.smallest(), largest) > 0
          && icmp.compareUserKeys(f.smallest(), largest) == 0
          && (best == null || icmp.compare(f.smallest(), best.smallest()) < 0)) {
        best = f;
      }
    }
    return best;
  }
}
