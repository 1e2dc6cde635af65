package io.strata.core.table;

import static com.google.common.base.Preconditions.checkState;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.table.TableReadStats;
import java.io.IOException;

/**
 * A two-level iterator over a {@link BlockBasedTable}: a position in the table's decoded index
 * picks a data block, and a {@link BlockIterator} walks it, skipping empty blocks in either
 * direction (google/leveldb {@code table/two_level_iterator.cc}). Reuses one block iterator for
 * every block, and does not reload the block it already holds.
 *
 * <p>When the table reads blocks as views of its file's mapping, the iterator registers as a
 * user of views before it loads its first block and stays registered until {@link #close()}, so
 * that the table's file is not unmapped under the block it holds; an iterator that is never
 * closed keeps the mapping until the collector frees it.
 *
 * <p>The first {@link #close()} runs the close action it was made with (a table-cache
 * reference's release), after it has let go of the table.
 *
 * <p>Not thread-safe; confined to one reader. The table must stay open while it is used.
 */
final class BlockBasedTableIterator implements InternalIterator {
  private final BlockBasedTable table;
  private final boolean verifyChecksums;
  private final boolean fillCache;
  /** Where the data blocks read are counted. */
  private final TableReadStats stats;
  private final int numBlocks;
  private int blockIndex = -1; // index entry of the loaded block; -1 or numBlocks: none
  private BlockIterator data; // null until a first block is loaded
  private boolean loaded; // whether data holds block blockIndex
  private boolean usingViews; // registered with the table by enterViews
  /** Holds the mapped block a scan stepped into, copied; reused from block to block. */
  private byte[] scanBuffer = new byte[0];
  /** Run by the first {@link #close()}: releases what holds the table open for this iterator. */
  private final Runnable onClose;
  private boolean closed;

  BlockBasedTableIterator(BlockBasedTable table, boolean verifyChecksums, boolean fillCache,
      TableReadStats stats, Runnable onClose) {
    this.table = table;
    this.onClose = onClose;
    this.verifyChecksums = verifyChecksums;
    this.fillCache = fillCache;
    this.stats = stats;
    this.numBlocks = table.numDataBlocks();
  }

  @Override
  public boolean isValid() {
    return loaded && data.isValid();
  }

  @Override
  public void seekToFirst() throws IOException {
    loadBlock(0, false);
    if (loaded) {
      data.seekToFirst();
    }
    skipEmptyBlocksForward(false);
  }

  @Override
  public void seekToLast() throws IOException {
    loadBlock(numBlocks - 1, false);
    if (loaded) {
      data.seekToLast();
    }
    skipEmptyBlocksBackward(false);
  }

  @Override
  public void seek(byte[] target) throws IOException {
    if (target.length < InternalKey.TRAILER_SIZE) {
      throw new IllegalArgumentException("seek target shorter than an internal key: "
          + target.length + " bytes");
    }
    loadBlock(table.findBlock(target), false);
    if (loaded) {
      data.seek(target);
    }
    skipEmptyBlocksForward(false);
  }

  @Override
  public void next() throws IOException {
    checkState(isValid(), "iterator not valid");
    data.next();
    skipEmptyBlocksForward(true);
  }

  @Override
  public void prev() throws IOException {
    checkState(isValid(), "iterator not valid");
    data.prev();
    skipEmptyBlocksBackward(true);
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator not valid");
    return data.key();
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator not valid");
    return data.value();
  }

  @Override
  public byte[] valueCopy() {
    checkState(isValid(), "iterator not valid");
    return data.valueCopy();
  }

  @Override
  public void close() {
    loaded = false;
    data = null;
    blockIndex = -1;
    try {
      if (usingViews) {
        usingViews = false;
        table.exitViews();
      }
    } finally {
      if (!closed) {
        closed = true;
        onClose.run();
      }
    }
  }

  /** {@code stepping}: reached by {@link #next()}, whose scan will likely read on. */
  private void skipEmptyBlocksForward(boolean stepping) throws IOException {
    while (!loaded || !data.isValid()) {
      if (blockIndex + 1 >= numBlocks) {
        blockIndex = numBlocks;
        loaded = false;
        return;
      }
      loadBlock(blockIndex + 1, stepping);
      data.seekToFirst();
    }
  }

  /** {@code stepping}: reached by {@link #prev()}, whose scan will likely read on. */
  private void skipEmptyBlocksBackward(boolean stepping) throws IOException {
    while (!loaded || !data.isValid()) {
      if (blockIndex <= 0) {
        blockIndex = -1;
        loaded = false;
        return;
      }
      loadBlock(blockIndex - 1, stepping);
      data.seekToLast();
    }
  }

  /**
   * Loads data block {@code i} into {@link #data}, or unloads when {@code i} is out of range. A
   * block a scan steps into ({@code stepping}) that is a view of the file's mapping is first
   * copied into this iterator's own array: its entries are then decoded from an array rather
   * than through the mapping's buffer one access at a time, which costs more than the copy over
   * the tens of entries a scan reads. A block a seek lands in is read in place: most seeks read
   * few of its entries.
   */
  private void loadBlock(int i, boolean stepping) throws IOException {
    if (i < 0 || i >= numBlocks) {
      blockIndex = i < 0 ? -1 : numBlocks;
      loaded = false;
      return;
    }
    if (loaded && i == blockIndex) {
      return; // already holds it: keep its position for the seek to narrow from
    }
    loaded = false;
    blockIndex = i;
    if (!usingViews && table.usesViews()) {
      table.enterViews();
      usingViews = true;
    }
    Block b = table.dataBlock(i, verifyChecksums, fillCache, stats);
    if (stepping && b.isView()) {
      // The block the data iterator held, if in scanBuffer, is let go of by the reset below.
      b = b.toArrayBlock(scanBuffer);
      scanBuffer = b.data();
    }
    if (data == null) {
      data = new BlockIterator(b, table.rangeComparator(), InternalKey.TRAILER_SIZE);
    } else {
      data.reset(b);
    }
    loaded = true;
  }
}
