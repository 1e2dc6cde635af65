package io.strata.api.spi.env;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation of the engine goes through this seam (LevelDB's {@code Env}): tests put a
 * fault-injecting implementation here. Implementations must be thread-safe.
 */
public interface FileSystem {
  /**
   * Creates or truncates {@code path} for appending.
   *
   * @param path the file to write
   * @return the open file, positioned at 0
   * @throws IOException if the file cannot be created or truncated
   */
  WritableFile newWritableFile(Path path) throws IOException;

  /**
   * Creates or truncates {@code path} for a write-ahead log: appended in small records, each
   * handed to the operating system ({@link WritableFile#flush()}) right away. A write is
   * acknowledged once its flush returns, so a flush must leave the bytes where only power loss
   * can take them (the page cache), and a full disk must be an {@link IOException} of the append
   * or flush that meets it. A file written through a memory mapping (as {@link LocalFileSystem}'s
   * logs are) must have the file system allocate each page before it is written: a page it cannot
   * back faults later (SIGBUS), after the write was acknowledged. The default is {@link
   * #newWritableFile}.
   *
   * @param path the log file to write
   * @return the open file, positioned at 0
   * @throws IOException if the file cannot be created or truncated
   */
  default WritableFile newLogFile(Path path) throws IOException {
    return newWritableFile(path);
  }

  /**
   * Opens {@code path} for positional reads.
   *
   * @param path the file to read
   * @return the open file
   * @throws java.nio.file.NoSuchFileException if absent
   * @throws IOException if the file cannot be opened
   */
  ReadableFile newReadableFile(Path path) throws IOException;

  /**
   * Opens {@code path} for positional reads while another process may append to it or truncate
   * it (a log of a database in use, read by {@code strata verify}): a read past an end that moved
   * fails with an {@link IOException}, never with a fault of a memory mapping. The default is
   * {@link #newReadableFile}.
   *
   * @param path the file to read
   * @return the open file
   * @throws java.nio.file.NoSuchFileException if absent
   * @throws IOException if the file cannot be opened
   */
  default ReadableFile newReadableFileInUse(Path path) throws IOException {
    return newReadableFile(path);
  }

  /**
   * Whether {@code path} exists.
   *
   * @param path the file or directory
   * @return true if it exists
   */
  boolean exists(Path path);

  /**
   * Lists a directory.
   *
   * @param dir the directory
   * @return the names (not paths) of its entries, in no particular order
   * @throws IOException if {@code dir} cannot be read
   */
  List<String> list(Path dir) throws IOException;

  /**
   * Deletes {@code path}.
   *
   * @param path the file to delete
   * @throws java.nio.file.NoSuchFileException if absent
   * @throws IOException if the file cannot be deleted
   */
  void delete(Path path) throws IOException;

  /**
   * Renames {@code source} to {@code target} atomically, replacing {@code target}.
   *
   * @param source the file to rename
   * @param target its new path
   * @throws IOException if the rename fails
   */
  void rename(Path source, Path target) throws IOException;

  /**
   * Makes {@code target} a new name (a hard link) of the existing file {@code source}, as
   * {@code link(2)}: both names then share one file's bytes, and the new entry is durable once
   * its directory is synced. Used for table files, which are never changed once written, by
   * {@code Db.checkpoint}. The default fails, for a file system without hard links; callers copy
   * the file then.
   *
   * @param source the existing file
   * @param target the new name; must not exist
   * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists
   * @throws IOException if the link cannot be made: hard links unsupported (the default), the
   *     two paths on different file systems, or {@code source} absent
   */
  default void link(Path source, Path target) throws IOException {
    throw new IOException("hard links are not supported by " + getClass().getName()
        + ": cannot link " + target + " to " + source);
  }

  /**
   * Creates {@code dir} and its parents if absent.
   *
   * @param dir the directory
   * @throws IOException if a directory cannot be created
   */
  void createDirectories(Path dir) throws IOException;

  /**
   * The size of a file.
   *
   * @param path the file
   * @return the size of {@code path}, in bytes
   * @throws IOException if the file is absent or cannot be read
   */
  long size(Path path) throws IOException;

  /**
   * Makes the directory entries of {@code dir} (creates, renames, deletes) durable.
   *
   * @param dir the directory
   * @throws IOException if the fsync fails
   */
  void syncDirectory(Path dir) throws IOException;

  /**
   * Takes an exclusive lock on {@code path}, creating the file if needed.
   *
   * @param path the lock file
   * @return the held lock; close it to release
   * @throws io.strata.api.DbLockedException if this or another process holds it
   * @throws IOException if the file cannot be created or locked
   */
  FileLock lock(Path path) throws IOException;
}
