package io.strata.core.read;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.table.TableReadStats;
import io.strata.api.spi.version.FileMetaData;
import io.strata.core.cache.TableCache;
import io.strata.core.table.BlockBasedTable;
import java.io.IOException;

/** Iterators over table files that hold their table open while in use. Stateless. */
public final class TableIterators {
  private TableIterators() {}

  /**
   * An iterator over {@code file} that holds a table-cache reference until closed, so the reader
   * is not closed under it.
   */
  public static InternalIterator open(TableCache cache, FileMetaData file, boolean verifyChecksums,
      boolean fillCache) throws IOException {
    return open(cache, file, verifyChecksums, fillCache, TableReadStats.NONE);
  }

  /** As {@link #open(TableCache, FileMetaData, boolean, boolean)}, counting reads in {@code stats}. */
  public static InternalIterator open(TableCache cache, FileMetaData file, boolean verifyChecksums,
      boolean fillCache, TableReadStats stats) throws IOException {
    TableCache.Handle handle = cache.acquire(file.fileNumber(), file.fileSizeBytes());
    try {
      if (handle.reader() instanceof BlockBasedTable table) {
        // The table's own iterator releases the handle: no wrapper between a scan and its blocks.
        return table.newIterator(verifyChecksums, fillCache, stats, handle::close);
      }
      return new Pinned(handle.reader().newIterator(verifyChecksums, fillCache, stats), handle);
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  private static final class Pinned implements InternalIterator {
    private final InternalIterator delegate;
    private final TableCache.Handle handle;
    private boolean closed;

    Pinned(InternalIterator delegate, TableCache.Handle handle) {
      this.delegate = delegate;
      this.handle = handle;
    }

    @Override
    public boolean isValid() {
      return delegate.isValid();
    }

    @Override
    public void seekToFirst() throws IOException {
      delegate.seekToFirst();
    }

    @Override
    public void seekToLast() throws IOException {
      delegate.seekToLast();
    }

    @Override
    public void seek(byte[] target) throws IOException {
      delegate.seek(target);
    }

    @Override
    public void next() throws IOException {
      delegate.next();
    }

    @Override
    public void prev() throws IOException {
      delegate.prev();
    }

    @Override
    public byte[] key() {
      return delegate.key();
    }

    @Override
    public byte[] value() {
      return delegate.value();
    }

    @Override
    public byte[] valueCopy() {
      return delegate.valueCopy();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          delegate.close();
        } finally {
          handle.close();
        }
      }
    }
  }
}
