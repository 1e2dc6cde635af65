package io.strata.manifest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.ReadableFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads back the records of a log written by {@link LogWriter} (format: {@link LogFormat};
 * google/leveldb {@code doc/log_format.md}, {@code db/log_reader.cc}), one 32 KiB block at a
 * time, reassembling fragmented records.
 *
 * <p>Damage policy. A record cut off by the end of the file is a <em>torn tail</em>: the writer
 * died while appending it, so it was never acknowledged. That is a header cut short in a partial
 * last block, a payload length that runs past the end of the file (but not past its block), or a
 * FIRST (and MIDDLEs) with no LAST before the end. {@link #readRecord()} then returns null as at
 * a clean end, and {@link #tornTail()} says so. When checksums are verified, a payload length
 * that runs past the end of the file while a whole record with a valid checksum starts inside
 * the bytes it claims is a damaged length, not a torn write: corruption (else a flipped length
 * bit would silently drop every record after it). Every other defect is a
 * {@link CorruptionException} naming the file and the byte offset of the bad physical record: a
 * checksum mismatch, an unknown type, a length that runs past the end of its block, a MIDDLE or
 * LAST without a FIRST, a FIRST or FULL inside a fragmented record. As in LevelDB, a header of
 * type 0 and length 0 marks preallocated space: the rest of its block is skipped (inside a
 * fragmented record it is a torn tail if nothing but such padding follows, and corruption
 * otherwise), and a block tail shorter than a header is skipped; it must be zeros, as every
 * writer leaves it.
 *
 * <p>Memory: one 32 KiB block buffer plus a reassembly buffer that grows with the fragments
 * actually read, so a damaged length never makes it allocate more than the file holds.
 *
 * <p>Does not own the file: the caller closes it. Not thread-safe. After a
 * {@link CorruptionException} or an I/O error the reader refuses further reads.
 */
public final class LogReader {
  // Results of readPhysical() besides the record types 1..4.
  private static final int END = -1;
  private static final int TORN = -2;
  private static final int PADDING = -3;

  private final ReadableFile file;
  private final String fileName;
  private final boolean verifyChecksums;
  private final byte[] block = new byte[LogFormat.BLOCK_SIZE];
  private final CRC32C crc = new CRC32C();

  private long fileSize = -1;
  private long blockStart; // file offset of block[0]; always a multiple of BLOCK_SIZE
  private long nextBlockStart;
  private int blockLen;
  private int blockPos;
  private boolean lastBlock;

  // Outputs of readPhysical().
  private long physicalOffset;
  private int fragmentOffset;
  private int fragmentLength;

  private byte[] scratch = new byte[0];
  private int scratchLen;

  private long lastRecordOffset = -1;
  private boolean done;
  private boolean failed;
  private boolean tornTail;
  private long tornTailOffset = -1;
  /** Skip MIDDLE and LAST fragments until a FULL or FIRST: set when starting past offset 0. */
  private boolean resyncing;
  /** Bytes of the first block read that precede the start offset. */
  private int skipInFirstBlock;

  /**
   * @param file the log, read from offset 0; not closed by this reader
   * @param fileName the name reported in {@link CorruptionException}s
   * @param verifyChecksums whether to check each physical record's CRC32C
   */
  public LogReader(ReadableFile file, String fileName, boolean verifyChecksums) {
    this.file = checkNotNull(file, "file");
    this.fileName = checkNotNull(fileName, "fileName");
    this.verifyChecksums = verifyChecksums;
  }

  /**
   * A reader that starts at {@code startOffset} rather than at 0, as LevelDB's
   * {@code initial_offset}: the offset should be where a physical record starts (one found after
   * damage, say); MIDDLE and LAST fragments at the start, the rest of a record begun before it,
   * are skipped until a FULL or FIRST. Offsets it reports are the file's.
   *
   * @throws IllegalArgumentException if {@code startOffset} is negative
   */
  public LogReader(ReadableFile file, String fileName, boolean verifyChecksums,
      long startOffset) {
    this(file, fileName, verifyChecksums);
    checkArgument(startOffset >= 0,
        "startOffset must be >= 0, was %s", startOffset);
    if (startOffset > 0) {
      nextBlockStart = startOffset / LogFormat.BLOCK_SIZE * LogFormat.BLOCK_SIZE;
      skipInFirstBlock = (int) (startOffset % LogFormat.BLOCK_SIZE);
      resyncing = true;
    }
  }

  /**
   * Reads the next whole record.
   *
   * @return a fresh array holding the record, or null at the end of the log (a clean end or a
   *     torn tail; see {@link #tornTail()})
   * @throws CorruptionException with the file name and the offset of the bad physical record
   * @throws IOException if reading the file fails
   * @throws IllegalStateException if an earlier call threw
   */
  public byte[] readRecord() throws IOException {
    checkState(!failed, "an earlier read of %s failed", fileName);
    if (done) {
      return null;
    }
    boolean ok = false;
    try {
      byte[] record = nextRecord();
      ok = true;
      return record;
    } finally {
      if (!ok) {
        failed = true;
      }
    }
  }

  private byte[] nextRecord() throws IOException {
    boolean inFragment = false;
    long recordStart = -1;
    long paddingInFragment = -1;
    scratchLen = 0;
    while (true) {
      int type = readPhysical();
      if (resyncing && (type == LogFormat.MIDDLE_TYPE || type == LogFormat.LAST_TYPE)) {
        continue;
      }
      if (type == LogFormat.FULL_TYPE || type == LogFormat.FIRST_TYPE) {
        resyncing = false;
      }
      if (type > 0 && paddingInFragment >= 0) {
        throw corruption(paddingInFragment,
            "zero padding inside the fragmented record at offset " + recordStart);
      }
      switch (type) {
        case LogFormat.FULL_TYPE:
          if (inFragment) {
            throw corruption(physicalOffset,
                "FULL record inside the fragmented record at offset " + recordStart);
          }
          lastRecordOffset = physicalOffset;
          return Arrays.copyOfRange(block, fragmentOffset, fragmentOffset + fragmentLength);
        case LogFormat.FIRST_TYPE:
          if (inFragment) {
            throw corruption(physicalOffset,
                "FIRST record inside the fragmented record at offset " + recordStart);
          }
          inFragment = true;
          recordStart = physicalOffset;
          appendFragment();
          break;
        case LogFormat.MIDDLE_TYPE:
          if (!inFragment) {
            throw corruption(physicalOffset, "MIDDLE record without a FIRST");
          }
          appendFragment();
          break;
        case LogFormat.LAST_TYPE:
          if (!inFragment) {
            throw corruption(physicalOffset, "LAST record without a FIRST");
          }
          appendFragment();
          lastRecordOffset = recordStart;
          return Arrays.copyOf(scratch, scratchLen);
        case PADDING:
          if (inFragment && paddingInFragment < 0) {
            paddingInFragment = physicalOffset;
          }
          break;
        case TORN:
          done = true;
          markTorn(inFragment ? recordStart : physicalOffset);
          return null;
        default: // END
          done = true;
          if (inFragment) {
            markTorn(recordStart);
          }
          return null;
      }
    }
  }

  /**
   * Reads the next physical record; returns its type (1..4) with its payload in
   * {@code block[fragmentOffset, +fragmentLength)}, or END, TORN or PADDING. Sets
   * {@code physicalOffset} to the offset of what it found.
   */
  private int readPhysical() throws IOException {
    while (true) {
      int remaining = blockLen - blockPos;
      if (remaining < LogFormat.HEADER_SIZE) {
        if (!lastBlock) {
          // Every block but the last is full: what is left is its zero-filled tail.
          for (int q = blockPos; q < blockLen; q++) {
            if (block[q] != 0) {
              throw corruption(blockStart + q, "non-zero byte in the "
                  + remaining + "-byte tail of a block");
            }
          }
          readBlock();
          continue;
        }
        physicalOffset = blockStart + blockPos;
        // A full last block ends with its zero-filled tail; a partial one only ends short of a
        // header if the writer died while appending one.
        return remaining == 0 || blockLen == LogFormat.BLOCK_SIZE ? END : TORN;
      }
      int p = blockPos;
      physicalOffset = blockStart + p;
      int length = (block[p + 4] & 0xff) | (block[p + 5] & 0xff) << 8;
      int type = block[p + 6] & 0xff;
      if (LogFormat.HEADER_SIZE + length > remaining) {
        if (p + LogFormat.HEADER_SIZE + length > LogFormat.BLOCK_SIZE) {
          throw corruption(physicalOffset,
              "record length " + length + " runs past the end of its block");
        }
        // Within the block but past the data: only a partial last block can get here. A write
        // cut short leaves a prefix of one payload; a record with a valid checksum inside it
        // means the length itself is damaged, and records after it would be lost unseen.
        long inside = validRecordWithin(p + LogFormat.HEADER_SIZE);
        if (inside >= 0) {
          throw corruption(physicalOffset, "record length " + length + " runs past the end of "
              + "the file, but a whole record starts inside it at offset " + inside);
        }
        return TORN;
      }
      if (type == LogFormat.ZERO_TYPE && length == 0) {
        blockPos = blockLen;
        return PADDING;
      }
      if (verifyChecksums) {
        int expected = Crc32c.unmask(Coding.getFixed32(block, p));
        crc.reset();
        crc.update(block, p + 6, 1 + length); // type byte, then payload
        int actual = (int) crc.getValue();
        if (actual != expected) {
          throw corruption(physicalOffset, "checksum mismatch");
        }
      }
      if (type < LogFormat.FULL_TYPE || type > LogFormat.MAX_TYPE) {
        throw corruption(physicalOffset, "unknown record type " + type);
      }
      fragmentOffset = p + LogFormat.HEADER_SIZE;
      fragmentLength = length;
      blockPos = p + LogFormat.HEADER_SIZE + length;
      return type;
    }
  }

  /**
   * The file offset of the first record with a known type and a valid checksum that starts in
   * {@code block[from, blockLen)} and ends within it, or -1 (always -1 without checksums).
   */
  private long validRecordWithin(int from) {
    if (!verifyChecksums) {
      return -1;
    }
    for (int q = from; blockLen - q >= LogFormat.HEADER_SIZE; q++) {
      int type = block[q + 6] & 0xff;
      int length = (block[q + 4] & 0xff) | (block[q + 5] & 0xff) << 8;
      if (type < LogFormat.FULL_TYPE || type > LogFormat.MAX_TYPE
          || LogFormat.HEADER_SIZE + length > blockLen - q) {
        continue;
      }
      crc.reset();
      crc.update(block, q + 6, 1 + length);
      if ((int) crc.getValue() == Crc32c.unmask(Coding.getFixed32(block, q))) {
        return blockStart + q;
      }
    }
    return -1;
  }

  private void readBlock() throws IOException {
    if (fileSize < 0) {
      fileSize = file.size();
    }
    blockStart = nextBlockStart;
    int n = (int) Math.min(LogFormat.BLOCK_SIZE, Math.max(0, fileSize - blockStart));
    file.readFully(blockStart, block, 0, n);
    blockLen = n;
    blockPos = Math.min(skipInFirstBlock, n);
    skipInFirstBlock = 0;
    nextBlockStart = blockStart + n;
    lastBlock = nextBlockStart >= fileSize;
  }

  private void appendFragment() {
    int needed = scratchLen + fragmentLength;
    if (needed > scratch.length) {
      // Grows with bytes actually read, never with a length taken from the file.
      scratch = Arrays.copyOf(scratch, Math.max(needed, Math.min(2 * scratch.length,
          Integer.MAX_VALUE - 8)));
    }
    System.arraycopy(block, fragmentOffset, scratch, scratchLen, fragmentLength);
    scratchLen = needed;
  }

  private void markTorn(long offset) {
    tornTail = true;
    tornTailOffset = offset;
  }

  private CorruptionException corruption(long offset, String message) {
    return new CorruptionException(fileName, offset, message);
  }

  /**
   * Whether the log ended with a torn record (see the class comment); meaningful once
   * {@link #readRecord()} returned null.
   */
  public boolean tornTail() {
    return tornTail;
  }

  /** Byte offset of the torn record's first fragment, or -1 if there is none. */
  public long tornTailOffset() {
    return tornTailOffset;
  }

  /** Byte offset of the first fragment of the record last returned, or -1 before the first. */
  public long lastRecordOffset() {
    return lastRecordOffset;
  }
}
