package io.strata.api.spi.env;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A write-ahead log written through a read-write memory mapping of the file, as LevelDB's {@code
 * PosixMmapFile} (google/leveldb {@code util/env_posix.cc} before 1.15) and RocksDB's {@code
 * allow_mmap_writes}: an append is a copy into the page cache, with no system call, so the bytes
 * survive a process crash as soon as it returns. {@link #flush()} has nothing to do.
 *
 * <p>The file grows in chunks, 64 KiB at first and doubling up to 1 MiB, as LevelDB's. Unlike
 * LevelDB, which extends the file with {@code ftruncate} (a hole), each chunk is first written
 * with zeros through {@code write(2)}: the file system allocates its blocks then, so a full disk
 * is an {@link IOException} ("No space left on device") of the append that needs the chunk,
 * before any byte of the record is acknowledged, and never a fault of the mapping later. (On a
 * copy-on-write file system, btrfs or ZFS, an overwrite may still need space of its own; the
 * fault, an {@link InternalError} of the copy in Java, is turned into an {@link IOException} of
 * the append.)
 *
 * <p>Until {@link #close()} cuts the file to the bytes appended, it ends in zeros. A log left so
 * by a crash reads as LevelDB's reader reads one (google/leveldb {@code db/log_reader.cc}): a
 * header of type 0 and length 0 is preallocated space, skipped to the end of its block. A crash
 * in the middle of a copy can leave a record whose checksum fails with nothing but zeros after
 * it: recovery counts that as a torn tail, as it does a record cut short by the end of a file.
 *
 * <p>{@link #sync()} forces the current chunk's mapping ({@code msync}) and then the file ({@code
 * fdatasync}, which on Linux also writes back pages of chunks unmapped before).
 *
 * <p>Not thread-safe, as every {@link WritableFile}. After a failed append the file's tail is
 * unknown, so every later append, flush and sync fails; close still cuts the file to the bytes
 * appended before the failure.
 */
final class MappedLogFile implements WritableFile {
  static final int FIRST_CHUNK_BYTES = 64 << 10;
  static final int MAX_CHUNK_BYTES = 1 << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(MAX_CHUNK_BYTES)
      .asReadOnlyBuffer();

  private final Path path;
  private final FileChannel channel;
  /** The mapping of the chunk being filled, or null before the first append. */
  private MappedByteBuffer map;
  /** File offset of {@code map}'s first byte. */
  private long mapStart;
  /** Bytes of the file written with zeros so far: the end of the last chunk. */
  private long allocated;
  private int nextChunkBytes = FIRST_CHUNK_BYTES;
  /** Bytes appended. */
  private long size;
  /** Bytes of the current chunk up to which the mapping was forced. */
  private int forced;
  /** The failure of an earlier append, or null. */
  private IOException failure;

  MappedLogFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  @Override
  public void append(byte[] data, int offset, int length) throws IOException {
    checkNotFailed();
    Objects.checkFromIndexSize(offset, length, data.length);
    int off = offset;
    int left = length;
    try {
      while (left > 0) {
        if (map == null || !map.hasRemaining()) {
          nextChunk();
        }
        int n = Math.min(left, map.remaining());
        map.put(data, off, n);
        off += n;
        left -= n;
        size += n;
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    } catch (InternalError e) {
      // A fault of the mapping: the file system could not back a page (see the class comment).
      failure = new IOException("writing " + path + " through its memory mapping at offset "
          + size + " failed: " + e.getMessage(), e);
      throw failure;
    }
  }

  /** Allocates the next chunk with zeros and maps it, after unmapping the one filled. */
  private void nextChunk() throws IOException {
    if (map != null) {
      MappedByteBuffer full = map;
      map = null;
      Unmapper.unmap(full);
    }
    int chunk = nextChunkBytes;
    long start = allocated;
    ByteBuffer zeros = ZEROS.duplicate().limit(chunk);
    LocalFileSystem.uninterruptibly(() -> {
      long at = start;
      while (zeros.hasRemaining()) {
        at += channel.write(zeros, at);
      }
      return null;
    });
    allocated = start + chunk;
    map = LocalFileSystem.uninterruptibly(
        () -> channel.map(FileChannel.MapMode.READ_WRITE, start, chunk));
    mapStart = start;
    forced = 0;
    nextChunkBytes = Math.min(MAX_CHUNK_BYTES, 2 * chunk);
  }

  private void checkNotFailed() throws IOException {
    if (failure != null) {
      throw new IOException("an earlier write to this file failed: " + failure.getMessage(),
          failure);
    }
  }

  /** Nothing to do: an append is in the page cache when it returns. */
  @Override
  public void flush() throws IOException {
    checkNotFailed();
  }

  @Override
  public void sync() throws IOException {
    checkNotFailed();
    if (map != null) {
      int filled = (int) (size - mapStart);
      if (filled > forced) {
        map.force(forced, filled - forced);
        forced = filled;
      }
    }
    LocalFileSystem.uninterruptibly(() -> {
      channel.force(false);
      return null;
    });
  }

  @Override
  public long size() {
    return size;
  }

  /** Unmaps the chunk, cuts the file to the bytes appended (its zeros go), and closes it. */
  @Override
  public void close() throws IOException {
    try {
      if (map != null) {
        MappedByteBuffer last = map;
        map = null;
        Unmapper.unmap(last);
      }
      if (allocated > size) {
        LocalFileSystem.uninterruptibly(() -> channel.truncate(size));
      }
    } finally {
      channel.close();
    }
  }
}
