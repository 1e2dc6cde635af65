package io.strata.examples.cli;

import io.strata.api.DbLockedException;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Database directories as the command line sees them: whether one holds a database, and deleting
 * a database as LevelDB's {@code DestroyDB} does.
 *
 * <p>Stateless.
 */
final class DbDirectories {
  /** The files a database is opened from. */
  private static final Set<FileType> DATA_FILES =
      EnumSet.of(FileType.CURRENT, FileType.MANIFEST, FileType.TABLE, FileType.LOG);

  private DbDirectories() {}

  /**
   * Whether {@code dir} is a directory holding any of a database's data files: {@code CURRENT}, a
   * MANIFEST, a table or a log. False for an absent or empty directory, or one holding only a
   * {@code LOCK} or info logs: nothing a database could be opened from. True also for a damaged
   * database (tables without {@code CURRENT}), which an open reports.
   *
   * @throws IOException when {@code dir} cannot be listed
   */
  static boolean holdsDatabaseFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        Optional<FileType> type =
            FileNames.parse(p.getFileName().toString()).map(FileNames.ParsedFileName::type);
        if (type.isPresent() && DATA_FILES.contains(type.get())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Deletes the database in {@code dir} as LevelDB's {@code DestroyDB} does: under the database's
   * lock, only the files whose names are a database's ({@link FileNames#parse}), then the lock
   * file, then the directory if nothing else is left in it. Nothing happens when {@code dir} is
   * absent. Takes the
   * database's {@code LOCK} through {@code fs}, as an open does, so a database that is open, in
   * this process or another, is never touched. Files with other names stay, and so does the
   * directory when it still holds any.
   *
   * @throws DbLockedException naming {@code dir} when the database is open; nothing was deleted
   * @throws IOException when {@code dir} is not a directory (nothing was deleted) or a deletion
   *     fails (then some files may be gone)
   */
  static void destroy(FileSystem fs, Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("cannot delete the database in " + dir + ": not a directory");
    }
    Path lockFile = dir.resolve(FileNames.LOCK);
    FileLock lock;
    try {
      lock = fs.lock(lockFile);
    } catch (DbLockedException e) {
      throw new DbLockedException("refusing to delete the database in " + dir
          + ": it is open (" + e.getMessage() + ")", e);
    }
    try (FileLock held = lock) {
      for (DbFiles.DbFile f : DbFiles.list(fs, dir).all()) {
        if (f.type() != FileType.LOCK) {
          fs.delete(dir.resolve(f.name()));
        }
      }
    }
    // As DestroyDB: the lock file goes last, after the lock is released.
    fs.delete(lockFile);
    if (fs.list(dir).isEmpty()) {
      fs.delete(dir);
    }
  }
}
