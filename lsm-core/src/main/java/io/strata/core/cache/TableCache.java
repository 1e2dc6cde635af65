package io.strata.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.CorruptionException;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableReader;
import io.strata.manifest.FileNames;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.core.rangedel.FragmentedRangeTombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open table readers, bounded by {@code maxOpenFiles} (LevelDB's {@code TableCache}). A reader is
 * reference-counted: the cache holds one reference while the reader is cached and every
 * {@link Handle} holds one, so a reader evicted while in use is closed only when its last user
 * lets go, and then at once, on that thread: its file is closed (unmapped), and the space of a
 * table deleted after {@link #evict} is returned. Thread-safe.
 */
public final class TableCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableCache.class);

  private final FileSystem fs;
  private final Path dir;
  private final TableFormat format;
  private final Cache<Long, Entry> cache;

  /**
   * @param maxOpenFiles readers kept open at most (LevelDB keeps 10 descriptors for other files)
   */
  public TableCache(FileSystem fs, Path dir, TableFormat format, int maxOpenFiles) {
    this.fs = fs;
    this.dir = dir;
    this.format = format;
    this.cache = Caffeine.newBuilder()
        .maximumSize(Math.max(16, maxOpenFiles - 10))
        .executor(Runnable::run)
        .removalListener((Long key, Entry e, RemovalCause cause) -> {
          if (e != null) {
            e.release();
          }
        })
        .build();
  }

  /**
   * A reference on the reader of table {@code fileNumber}, opening it if needed; close the handle
   * to release it.
   *
   * @throws IOException if the file cannot be opened or its footer and index are damaged
   */
  public Handle acquire(long fileNumber, long fileSizeBytes) throws IOException {
    while (true) {
      Entry e;
      try {
        e = cache.get(fileNumber, n -> open(n, fileSizeBytes, false));
      } catch (UncheckedIOException ex) {
        throw ex.getCause();
      }
      if (e.retain()) {
        return new Handle(e);
      }
      // Evicted and closed between the lookup and the retain: look up again.
      cache.asMap().remove(fileNumber, e);
    }
  }

  /**
   * Opens table {@code fileNumber}, just written by a flush or compaction, unless a reader of it
   * is cached, and {@linkplain ReadableFile#populate populates} its file: every page mapped now
   * when it is memory-mapped and wholly in the page cache, so that the reads that follow its
   * install take no page fault. Opening also checks the footer, index and filter, as LevelDB
   * opens each table it builds before it installs it ({@code db/builder.cc}).
   *
   * @throws IOException if the file cannot be opened or its footer and index are damaged
   */
  public void warm(long fileNumber, long fileSizeBytes) throws IOException {
    try {
      cache.get(fileNumber, n -> open(n, fileSizeBytes, true));
    } catch (UncheckedIOException ex) {
      throw ex.getCause();
    }
  }

  /** Drops the cached reader of a deleted table; it closes once no handle holds it. */
  public void evict(long fileNumber) {
    cache.invalidate(fileNumber);
  }

  /** Number of cached readers. */
  public long size() {
    return cache.estimatedSize();
  }

  private Entry open(long fileNumber, long fileSizeBytes, boolean populate) {
    String name = FileNames.tableFileName(fileNumber);
    try {
      ReadableFile file;
      try {
        file = fs.newReadableFile(dir.resolve(name));
      } catch (NoSuchFileException e) {
        // A table written by LevelDB before 1.14, or copied from a tool that names them so:
        // LevelDB's TableCache::FindTable tries the old name too.
        String legacy = FileNames.legacyTableFileName(fileNumber);
        try {
          file = fs.newReadableFile(dir.resolve(legacy));
        } catch (NoSuchFileException second) {
          throw e;
        }
        name = legacy;
      }
      try {
        long actual = file.size();
        if (actual != fileSizeBytes) {
          // A cut or extended table: say so, rather than fail on a footer past the end.
          throw new CorruptionException(name, Math.min(actual, fileSizeBytes), "file is "
              + actual + " bytes, the MANIFEST records " + fileSizeBytes);
        }
        if (populate) {
          file.populate();
        }
        return new Entry(format.open(file, name, fileNumber, fileSizeBytes));
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes every cached reader not in use; readers in use close when released. */
  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** A counted reference on an open table reader. Not thread-safe; close once. */
  public static final class Handle implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Handle(Entry entry) {
      this.entry = entry;
    }

    public TableReader reader() {
      return entry.reader;
    }

    /**
     * The table's range tombstones, fragmented; read from the reader once and kept with the
     * open table.
     *
     * @param ucmp the user-key comparator
     * @return the fragments, empty when the table has none
     * @throws IOException if reading the tombstones fails
     */
    public FragmentedRangeTombstones rangeTombstones(KeyComparator ucmp) throws IOException {
      FragmentedRangeTombstones t = entry.rangeTombstones;
      if (t == null) {
        try (InternalIterator it = entry.reader.newRangeTombstoneIterator()) {
          t = FragmentedRangeTombstones.read(it, ucmp);
        }
        entry.rangeTombstones = t; // racing readers compute equal values
      }
      return t;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        entry.release();
      }
    }
  }

  private static final class Entry {
    final TableReader reader;
    volatile FragmentedRangeTombstones rangeTombstones;
    // 1 for the cache itself; 0 means closed for good.
    final AtomicInteger refs = new AtomicInteger(1);

    Entry(TableReader reader) {
      this.reader = reader;
    }

    boolean retain() {
      while (true) {
        int r = refs.get();
        if (r == 0) {
          return false;
        }
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          reader.close();
        } catch (IOException e) {
          // The reader was only read from; a failed close loses nothing.
          LOG.warn("closing table reader failed", e);
        }
      }
    }
  }
}
