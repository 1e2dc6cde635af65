package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalKey;

/**
 * A live table file as the MANIFEST records it (google/leveldb db/version_edit.h), plus what
 * Strata records beyond LevelDB for files that do not sit in LevelDB's layout. Immutable.
 *
 * <p>LevelDB knows a file by number, size and key range, and orders overlapping level-0 files by
 * file number. A strategy that merges runs into level 0 (size-tiered) gives a merged run a new,
 * larger file number although it holds older data than a run flushed while it was being merged;
 * for such files the engine records the range of sequence numbers they hold and the strategy that
 * wrote them, and orders level 0 by sequence. Files without that record ({@link
 * #hasSequenceRange()} false) are in LevelDB's layout: the engine writes none for strategies that
 * keep it ({@code CompactionStrategy#levelDbLayout()}), and LevelDB writes none.
 *
 * @param fileNumber the number in the file's name {@code NNNNNN.ldb}, unique in the database
 * @param fileSizeBytes the file's size in bytes
 * @param smallest the smallest internal key in the file (closed range)
 * @param largest the largest internal key in the file (closed range)
 * @param smallestSequence the smallest sequence number of an entry in the file, or {@link
 *     #UNKNOWN_SEQUENCE}
 * @param largestSequence the largest sequence number of an entry in the file, or {@link
 *     #UNKNOWN_SEQUENCE}
 * @param writer the name of the compaction strategy under which the file was written, or {@code
 *     ""} when not recorded
 */
public record FileMetaData(long fileNumber, long fileSizeBytes, InternalKey smallest,
    InternalKey largest, long smallestSequence, long largestSequence, String writer) {
  /** The sequence bounds of a file whose range is not recorded. */
  public static final long UNKNOWN_SEQUENCE = -1;

  /**
   * Checks the components.
   *
   * @param fileNumber the number in the file's name {@code NNNNNN.ldb}, unique in the database
   * @param fileSizeBytes the file's size in bytes
   * @param smallest the smallest internal key in the file (closed range)
   * @param largest the largest internal key in the file (closed range)
   * @param smallestSequence the smallest sequence number of an entry in the file, or {@link
   *     #UNKNOWN_SEQUENCE}
   * @param largestSequence the largest sequence number of an entry in the file, or {@link
   *     #UNKNOWN_SEQUENCE}
   * @param writer the name of the compaction strategy under which the file was written, or {@code
   *     ""} when not recorded
   * @throws IllegalArgumentException if {@code fileNumber} is not positive, {@code fileSizeBytes}
   *     is negative, or the sequence range is not valid (see {@link #checkSequenceRange})
   * @throws NullPointerException if {@code smallest}, {@code largest} or {@code writer} is null
   */
  public FileMetaData {
    checkArgument(fileNumber > 0, "fileNumber must be > 0, was %s", fileNumber);
    checkArgument(fileSizeBytes >= 0, "fileSizeBytes must be >= 0, was %s", fileSizeBytes);
    checkNotNull(smallest, "smallest");
    checkNotNull(largest, "largest");
    checkNotNull(writer, "writer");
    checkSequenceRange(smallestSequence, largestSequence);
  }

  /**
   * Checks a sequence range that is either recorded or absent ({@link #UNKNOWN_SEQUENCE} for
   * both bounds); what every SPI value with a sequence range requires.
   *
   * @param smallestSequence the smallest sequence number, or {@link #UNKNOWN_SEQUENCE}
   * @param largestSequence the largest sequence number, or {@link #UNKNOWN_SEQUENCE}
   * @throws IllegalArgumentException if only one bound is {@link #UNKNOWN_SEQUENCE}, or a
   *     recorded range is not {@code 0 <= smallest <= largest}
   */
  public static void checkSequenceRange(long smallestSequence, long largestSequence) {
    checkArgument((smallestSequence == UNKNOWN_SEQUENCE) == (largestSequence == UNKNOWN_SEQUENCE),
        "sequence bounds must be both known or both unknown, were %s and %s", smallestSequence,
        largestSequence);
    checkArgument(smallestSequence == UNKNOWN_SEQUENCE
            || (smallestSequence >= 0 && smallestSequence <= largestSequence),
        "sequence range must satisfy 0 <= smallest <= largest, was [%s, %s]", smallestSequence,
        largestSequence);
  }

  /**
   * A file in LevelDB's layout: no sequence range, no writer recorded.
   *
   * @param fileNumber the number in the file's name {@code NNNNNN.ldb}, positive
   * @param fileSizeBytes the file's size in bytes
   * @param smallest the smallest internal key in the file (closed range)
   * @param largest the largest internal key in the file (closed range)
   */
  public FileMetaData(long fileNumber, long fileSizeBytes, InternalKey smallest,
      InternalKey largest) {
    this(fileNumber, fileSizeBytes, smallest, largest, UNKNOWN_SEQUENCE, UNKNOWN_SEQUENCE, "");
  }

  /** {@return whether the file's sequence range (and writer) is recorded} */
  public boolean hasSequenceRange() {
    return smallestSequence != UNKNOWN_SEQUENCE;
  }

  /**
   * This file with the given sequence range and writer recorded.
   *
   * @param smallestSeq the smallest sequence number of an entry in the file
   * @param largestSeq the largest sequence number of an entry in the file
   * @param writerName the name of the compaction strategy that wrote the file
   * @return a copy of this file with the range and writer set
   * @throws IllegalArgumentException if the range is not valid (see {@link #checkSequenceRange})
   */
  public FileMetaData withSequenceRange(long smallestSeq, long largestSeq, String writerName) {
    return new FileMetaData(fileNumber, fileSizeBytes, smallest, largest, smallestSeq, largestSeq,
        writerName);
  }

  /** {@return this file in LevelDB's layout: its sequence range and writer dropped} */
  public FileMetaData withoutSequenceRange() {
    return hasSequenceRange() ? new FileMetaData(fileNumber, fileSizeBytes, smallest, largest)
        : this;
  }
}
