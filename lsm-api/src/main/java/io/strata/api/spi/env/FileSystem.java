package io.strata.api.spi.env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation of the engine goes through this seam (LevelDB's {@code Env}): tests put a
 * fault-injecting implementation here. Implementations must be thread-safe.
 */
public interface FileSystem {
  /** Creates or truncates {@code path} for appending. */
  WritableFile newWritableFile(Path path) throws IOException;

  /**
   * Creates or truncates {@code path} for a write-ahead log: appended in small records, each
   * handed to the operating system ({@link WritableFile#flush()}) right away. A write is
   * acknowledged once its flush returns, so a flush must leave the bytes where only power loss
   * can take them (the page cache), and a full disk must be an {@link IOException} of the append
   * or flush that meets it. Writing through a memory mapping breaks both: a page the file system
   * cannot back faults later (SIGBUS), after the write was acknowledged. The default is {@link
   * #newWritableFile}.
   */
  default WritableFile newLogFile(Path path) throws IOException {
    return newWritableFile(path);
  }

  /**
   * Opens {@code path} for positional reads.
   *
   * @throws java.nio.file.NoSuchFileException if absent
   */
  ReadableFile newReadableFile(Path path) throws IOException;

  /**
   * Opens {@code path} for positional reads while another process may append to it or truncate
   * it (a log of a database in use, read by {@code strata verify}): a read past an end that moved
   * fails with an {@link IOException}, never with a fault of a memory mapping. The default is
   * {@link #newReadableFile}.
   *
   * @throws java.nio.file.NoSuchFileException if absent
   */
  default ReadableFile newReadableFileInUse(Path path) throws IOException {
    return newReadableFile(path);
  }

  boolean exists(Path path);

  /** Names (not paths) of the entries of {@code dir}, in no particular order. */
  List<String> list(Path dir) throws IOException;

  /**
   * Deletes {@code path}.
   *
   * @throws java.nio.file.NoSuchFileException if absent
   */
  void delete(Path path) throws IOException;

  /** Renames {@code source} to {@code target} atomically, replacing {@code target}. */
  void rename(Path source, Path target) throws IOException;

  /** Creates {@code dir} and its parents if absent. */
  void createDirectories(Path dir) throws IOException;

  /** Size of {@code path} in bytes. */
  long size(Path path) throws IOException;

  /** Makes the directory entries of {@code dir} (creates, renames, deletes) durable. */
  void syncDirectory(Path dir) throws IOException;

  /**
   * Takes an exclusive lock on {@code path}, creating the file if needed.
   *
   * @throws io.strata.api.DbLockedException if this or another process holds it
   */
  FileLock lock(Path path) throws IOException;
}
