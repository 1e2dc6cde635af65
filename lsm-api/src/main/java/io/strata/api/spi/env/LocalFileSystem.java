package io.strata.api.spi.env;

import io.strata.api.DbLockedException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The local file system through {@code java.nio}. Thread-safe; holds no state but its choice of
 * how logs are written, so one instance may serve any number of databases.
 *
 * <p>Files opened for reading are memory-mapped when they fit one mapping (up to 1 GiB), as
 * LevelDB does for tables on 64-bit systems: a read is then a copy from the page cache, with no
 * system call.
 *
 * <p>Tables, MANIFESTs and other files are written as LevelDB's {@code PosixWritableFile} writes
 * them: appends fill a 64 KiB buffer in the heap, and {@link WritableFile#flush()} hands it to
 * the kernel with {@code write(2)}. A flushed byte is then in the page cache (it survives a
 * process crash), and a full disk is an {@link IOException} ("No space left on device") of the
 * flush or append that meets it.
 *
 * <p>Write-ahead logs ({@link #newLogFile}) are written through a memory mapping, as LevelDB
 * wrote them on Linux before 1.15 (see {@code MappedLogFile}): a log record is acknowledged after
 * each write group, and a {@code write(2)} per group cost about 1.8 microseconds, more than the
 * rest of a small put. Each chunk of the mapping is first written with zeros, so that a full disk
 * is still an {@link IOException} of the append that meets it, never a fault after the write was
 * acknowledged. {@link #LocalFileSystem(boolean) new LocalFileSystem(false)} writes logs as every
 * other file.
 *
 * <p>A memory-mapped file opened for reading is unmapped as soon as it is closed and no read is
 * in flight, and a read after the close throws {@link ClosedChannelException}: a deleted table's
 * blocks are returned when its last reader closes it, not when the collector finds the buffer
 * unreachable. Such a file also hands out {@linkplain ReadableFile#mappedView views} of its
 * mapping, through which a table reads uncompressed blocks without copying them, and can be
 * {@linkplain ReadableFile#populate populated}: every page mapped at once when the whole file is
 * in the page cache. (Positional {@code FileChannel} reads, which free the file at close too, took
 * about twice as long per {@code bench readrandom} and {@code seekrandom} operation, on tables
 * stored uncompressed.) Larger and empty files are read through a {@link FileChannel}, closed
 * with the file.
 */
public final class LocalFileSystem implements FileSystem {
  private static final int WRITE_BUFFER_BYTES = 64 << 10;
  private static final long MMAP_READ_LIMIT_BYTES = 1L << 30;

  private final boolean mapLogs;

  /** A file system that writes write-ahead logs through a memory mapping (the default). */
  public LocalFileSystem() {
    this(true);
  }

  /**
   * A file system that writes write-ahead logs through a memory mapping ({@code mapLogs}), or
   * with one {@code write(2)} per flush as every other file (RocksDB's {@code allow_mmap_writes}
   * false), e.g. where mappings of written files are slow, as on some network file systems.
   *
   * @param mapLogs whether {@link #newLogFile} writes through a memory mapping
   */
  public LocalFileSystem(boolean mapLogs) {
    this.mapLogs = mapLogs;
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    return new LocalWritableFile(ch);
  }

  /**
   * Through a memory mapping grown in zero-filled chunks (see the class comment), unless this
   * file system was made with {@code mapLogs} false: then as any other file, each {@link
   * WritableFile#flush()} one {@code write(2)}.
   */
  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    if (!mapLogs) {
      return newWritableFile(path);
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    return new MappedLogFile(path, ch);
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = ch.size();
      if (size > 0 && size <= MMAP_READ_LIMIT_BYTES) {
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        ch.close();
        return new MappedReadableFile(map);
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return new LocalReadableFile(ch);
  }

  /** Reads through the channel: a mapping of a file truncated meanwhile would fault. */
  @Override
  public ReadableFile newReadableFileInUse(Path path) throws IOException {
    return new LocalReadableFile(FileChannel.open(path, StandardOpenOption.READ));
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public void delete(Path path) throws IOException {
    Files.delete(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** As {@code link(2)}, through {@link Files#createLink}. */
  @Override
  public void link(Path source, Path target) throws IOException {
    Files.createLink(target, source);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public long size(Path path) throws IOException {
    return Files.size(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      uninterruptibly(() -> {
        ch.force(true);
        return null;
      });
    } catch (IOException e) {
      // Some platforms cannot open a directory for fsync; Linux can, so rethrow there.
      if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
        return;
      }
      throw e;
    }
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new DbLockedException("lock " + path + " is already held by this process", e);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new DbLockedException("lock " + path + " is held by another process");
    }
    return () -> {
      try {
        lock.release();
      } finally {
        ch.close();
      }
    };
  }

  /**
   * A file written through a user-space buffer (google/leveldb {@code PosixWritableFile}): an
   * append is a copy into the buffer, or one {@code write(2)} when it is larger than half of it;
   * a flush writes the buffer. Confined to one thread at a time.
   *
   * <p>After a failed write the file's tail is unknown (part of the buffer may have reached the
   * kernel), so every later append, flush and sync fails, and close only closes the channel.
   */
  private static final class LocalWritableFile implements WritableFile {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
    private long size;
    /** The failure of an earlier write, or null. */
    private IOException failure;

    LocalWritableFile(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void append(byte[] data, int offset, int length) throws IOException {
      checkNotFailed();
      if (length > buffer.remaining()) {
        flush();
        if (length > buffer.capacity() / 2) {
          writeAll(ByteBuffer.wrap(data, offset, length));
          size += length;
          return;
        }
      }
      buffer.put(data, offset, length);
      size += length;
    }

    @Override
    public void flush() throws IOException {
      checkNotFailed();
      if (buffer.position() > 0) {
        buffer.flip();
        writeAll(buffer);
        buffer.clear();
      }
    }

    private void writeAll(ByteBuffer b) throws IOException {
      try {
        uninterruptibly(() -> {
          while (b.hasRemaining()) {
            channel.write(b);
          }
          return null;
        });
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    private void checkNotFailed() throws IOException {
      if (failure != null) {
        throw new IOException("an earlier write to this file failed: " + failure.getMessage(),
            failure);
      }
    }

    @Override
    public void sync() throws IOException {
      flush();
      uninterruptibly(() -> {
        channel.force(false);
        return null;
      });
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public void close() throws IOException {
      try {
        if (failure == null) {
          flush();
        }
      } finally {
        channel.close();
      }
    }
  }

  /** An I/O step on a channel. */
  interface IoAction<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code action} with the calling thread's interrupt flag cleared and restores it after: a
   * {@link FileChannel} closes itself when a thread blocked in it is interrupted, which would
   * break a log or table being written for every other writer.
   */
  static <T> T uninterruptibly(IoAction<T> action) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return action.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A file read through one read-only memory mapping, unmapped as soon as it is closed and no
   * read is in flight, rather than whenever the collector finds the buffer unreachable: until
   * then the mapping keeps a deleted file's blocks allocated.
   *
   * <p>Unmapping is safe because no access to the mapping can follow it: a read copies into the
   * caller's array, and every read registers in {@link #state} before touching it; a view handed
   * out by {@link #mappedView} is its caller's to keep from being used after {@link #close}
   * (a table counts the lookups and iterators using its views, and closes the file after them). {@code state} counts reads in flight in its upper bits
   * and holds the closed flag in bit 0; a read that finds the flag set touches nothing and throws
   * {@link ClosedChannelException}. The thread that moves {@code state} to exactly 1 (closed, no
   * read in flight) unmaps: {@link #close} when no read is running, else the last read to
   * leave. A read that registers later sees the flag, so it cannot reach the mapping.
   */
  private static final class MappedReadableFile implements ReadableFile {
    private static final long CLOSED = 1;
    private static final long READER = 2;

    private final MappedByteBuffer map;
    private final AtomicLong state = new AtomicLong();
    private final AtomicBoolean unmapped = new AtomicBoolean();

    MappedReadableFile(MappedByteBuffer map) {
      this.map = map;
    }

    @Override
    public long size() {
      return map.capacity();
    }

    @Override
    public boolean isMemoryMapped() {
      return true;
    }

    @Override
    public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, dst.length);
      if (position < 0 || position > map.capacity() - (long) length) {
        throw new EOFException("end of file at " + map.capacity() + " reading " + length
            + " bytes at " + position);
      }
      copy(position, dst, offset, length);
    }

    @Override
    public int read(long position, byte[] dst, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, dst.length);
      if (position < 0) {
        throw new IllegalArgumentException("negative position " + position);
      }
      if (position >= map.capacity()) {
        return -1;
      }
      int n = (int) Math.min(length, map.capacity() - position);
      copy(position, dst, offset, n);
      return n;
    }

    /**
     * A slice of the mapping; its users keep it from being unmapped (see
     * {@link ReadableFile#mappedView}): this file's count of reads in flight covers copies only.
     */
    @Override
    public ByteBuffer mappedView(long position, int length) throws IOException {
      if (position < 0 || length < 0) {
        throw new IllegalArgumentException("negative position " + position + " or length "
            + length);
      }
      if (position > map.capacity() - (long) length) {
        throw new EOFException("end of file at " + map.capacity() + " viewing " + length
            + " bytes at " + position);
      }
      if ((state.get() & CLOSED) != 0) {
        throw new ClosedChannelException();
      }
      return map.slice((int) position, length);
    }

    /**
     * Touches a byte of each page, registered as a read in flight, when {@code mincore(2)} finds
     * every page in the page cache ({@link MappedByteBuffer#isLoaded}).
     */
    @Override
    public void populate() throws IOException {
      if ((state.getAndAdd(READER) & CLOSED) != 0) {
        leave();
        throw new ClosedChannelException();
      }
      try {
        if (map.isLoaded()) {
          map.load();
        }
      } catch (InternalError e) {
        // A fault: the file was cut short under the mapping. Reads of it report that.
      } finally {
        leave();
      }
    }

    /** Copies mapped bytes, registered as a read in flight; bounds checked by the caller. */
    private void copy(long position, byte[] dst, int offset, int length) throws IOException {
      if ((state.getAndAdd(READER) & CLOSED) != 0) {
        leave();
        throw new ClosedChannelException();
      }
      try {
        map.get((int) position, dst, offset, length);
      } finally {
        leave();
      }
    }

    private void leave() {
      if (state.addAndGet(-READER) == CLOSED) {
        unmap();
      }
    }

    @Override
    public void close() {
      long s;
      do {
        s = state.get();
        if ((s & CLOSED) != 0) {
          return;
        }
      } while (!state.compareAndSet(s, s | CLOSED));
      if (s == 0) {
        unmap();
      }
    }

    private void unmap() {
      // Reached once per read that leaves a closed file idle; the mapping goes only once.
      if (unmapped.compareAndSet(false, true)) {
        Unmapper.unmap(map);
      }
    }
  }

  private static final class LocalReadableFile implements ReadableFile {
    private final FileChannel channel;

    LocalReadableFile(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(dst, offset, length);
      long p = position;
      while (b.hasRemaining()) {
        long at = p;
        int n = uninterruptibly(() -> channel.read(b, at));
        if (n < 0) {
          throw new EOFException("end of file at " + p + " reading " + length + " bytes at "
              + position);
        }
        p += n;
      }
    }

    @Override
    public int read(long position, byte[] dst, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(dst, offset, length);
      int total = 0;
      while (b.hasRemaining()) {
        long at = position + total;
        int n = uninterruptibly(() -> channel.read(b, at));
        if (n < 0) {
          return total == 0 ? -1 : total;
        }
        total += n;
      }
      return total;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
