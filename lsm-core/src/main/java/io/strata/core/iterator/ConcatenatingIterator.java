package io.strata.core.iterator;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.version.FileMetaData;
import java.io.IOException;
import java.util.List;

/**
 * Iterates the files of one level whose key ranges are sorted and disjoint (levels {@code >= 1}
 * under leveled compaction, or any sorted run), as one stream: LevelDB's two-level iterator over
 * a {@code LevelFileNumIterator} and table iterators (db/version_set.cc, table/two_level_iterator.cc).
 *
 * <p>Only the file it is positioned in is open: a seek binary-searches the files by largest key
 * and opens the one that may hold the target; moving past either end of a file closes it and
 * opens the neighbour, skipping files that turn out empty. The first open happens at the first
 * positioning call, never in the constructor.
 *
 * <p>REQUIRES {@code files} sorted by key range with no two ranges overlapping. Not thread-safe.
 * After an exception the iterator is not valid until the next seek.
 */
public final class ConcatenatingIterator implements InternalIterator {
  /** Opens an iterator over one file's entries. */
  public interface FileOpener {
    /**
     * @throws IOException if the file cannot be read; {@code CorruptionException} if damaged
     */
    InternalIterator open(FileMetaData file) throws IOException;
  }

  private final InternalKeyComparator comparator;
  private final ImmutableList<FileMetaData> files;
  /**
   * Encoded largest internal key of each file, for the seek's binary search; filled in lazily,
   * since a seek probes only log2(files) of them and iterators are created per read.
   */
  private final byte[][] largestKeys;
  private final FileOpener opener;

  /** Iterator over {@code files.get(fileIndex)}; null when no file is open. */
  private InternalIterator current;
  private int fileIndex = -1;

  /**
   * @param comparator the order of the internal keys
   * @param files the level's files in key order, disjoint
   * @param opener opens a file's iterator when the iterator enters it
   * @throws NullPointerException if an argument or a file is null
   */
  public ConcatenatingIterator(InternalKeyComparator comparator, List<FileMetaData> files,
      FileOpener opener) {
    this.comparator = checkNotNull(comparator, "comparator");
    this.files = ImmutableList.copyOf(checkNotNull(files, "files"));
    this.opener = checkNotNull(opener, "opener");
    this.largestKeys = new byte[this.files.size()][];
  }

  private byte[] largestKey(int i) {
    byte[] k = largestKeys[i];
    if (k == null) {
      k = files.get(i).largest().encode();
      largestKeys[i] = k;
    }
    return k;
  }

  @Override
  public boolean isValid() {
    return current != null && current.isValid();
  }

  @Override
  public void seekToFirst() throws IOException {
    if (enter(0)) {
      current.seekToFirst();
      skipEmptyFilesForward();
    }
  }

  @Override
  public void seekToLast() throws IOException {
    if (enter(files.size() - 1)) {
      current.seekToLast();
      skipEmptyFilesBackward();
    }
  }

  @Override
  public void seek(byte[] target) throws IOException {
    checkNotNull(target, "target");
    if (enter(findFile(target))) {
      current.seek(target);
      skipEmptyFilesForward();
    }
  }

  @Override
  public void next() throws IOException {
    checkState(isValid(), "iterator is not valid");
    current.next();
    skipEmptyFilesForward();
  }

  @Override
  public void prev() throws IOException {
    checkState(isValid(), "iterator is not valid");
    current.prev();
    skipEmptyFilesBackward();
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator is not valid");
    return current.key();
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator is not valid");
    return current.value();
  }

  @Override
  public byte[] valueCopy() {
    checkState(isValid(), "iterator is not valid");
    return current.valueCopy();
  }

  @Override
  public void close() {
    closeCurrent();
  }

  /** Index of the first file whose largest key is {@code >= target}; files.size() if none. */
  private int findFile(byte[] target) {
    int lo = 0;
    int hi = largestKeys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(largestKey(mid), target) < 0) {
        lo = mid + 1; // every key of files[mid] is < target
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Makes {@code index} the open file, reusing its iterator if it is already open.
   *
   * @return false (and nothing open) if {@code index} is outside the file list
   */
  private boolean enter(int index) throws IOException {
    if (index < 0 || index >= files.size()) {
      closeCurrent();
      return false;
    }
    if (index != fileIndex || current == null) {
      closeCurrent();
      current = opener.open(files.get(index));
      checkState(current != null, "opener returned null for file %s",
          files.get(index).fileNumber());
      fileIndex = index;
    }
    return true;
  }

  private void skipEmptyFilesForward() throws IOException {
    while (current != null && !current.isValid()) {
      if (enter(fileIndex + 1)) {
        current.seekToFirst();
      }
    }
  }

  private void skipEmptyFilesBackward() throws IOException {
    while (current != null && !current.isValid()) {
      if (enter(fileIndex - 1)) {
        current.seekToLast();
      }
    }
  }

  private void closeCurrent() {
    InternalIterator toClose = current;
    current = null;
    fileIndex = -1;
    if (toClose != null) {
      toClose.close();
    }
  }
}
