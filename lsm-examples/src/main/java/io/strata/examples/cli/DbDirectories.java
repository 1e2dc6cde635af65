package io.strata.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removing a database directory safely, for benchmarks that start from an empty database. Like
 * LevelDB's {@code DestroyDB}, only files with database names are removed, and only from a
 * directory that is empty or holds a {@code CURRENT} file and nothing but database files; any
 * other directory is refused, so a mistyped {@code --db} cannot wipe a user's files.
 *
 * <p>Stateless.
 */
final class DbDirectories {
  /**
   * Names of files a Strata or LevelDB database holds (google/leveldb {@code db/filename.cc}):
   * CURRENT, LOCK, LOG, LOG.old, MANIFEST-N, N.log, N.ldb, N.sst, N.dbtmp, Strata's OPTIONS-N and
   * OPTIONS-N.dbtmp, and db_bench's heap-N.
   */
  private static final Pattern DB_FILE = Pattern.compile("CURRENT|LOCK|LOG|LOG\\.old|MANIFEST-\\d+"
      + "|\\d+\\.(log|ldb|sst|dbtmp)|OPTIONS-\\d+(\\.dbtmp)?|heap-\\d+");

  private DbDirectories() {}

  /**
   * Checks that {@link #destroy} may remove {@code dir}: it is absent, empty, or holds a
   * {@code CURRENT} file and only regular files with database names.
   *
   * @throws IOException naming the directory and the reason when it may not
   */
  static void checkDestroyable(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("refusing to delete " + dir + ": not a directory");
    }
    List<Path> entries = list(dir);
    if (entries.isEmpty()) {
      return;
    }
    if (!Files.isRegularFile(dir.resolve("CURRENT"), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("refusing to delete " + dir
          + ": it is not empty and has no CURRENT file, so it does not look like a database");
    }
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (!DB_FILE.matcher(name).matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("refusing to delete " + dir + ": it holds " + name
            + ", which is not a database file");
      }
    }
  }

  /**
   * Removes the database in {@code dir} and the directory itself; nothing happens when it is
   * absent. The database must be closed.
   *
   * @throws IOException when {@link #checkDestroyable} refuses the directory (then nothing is
   *     removed) or a removal fails (then some files may be gone)
   */
  static void destroy(Path dir) throws IOException {
    checkDestroyable(dir);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    for (Path p : list(dir)) {
      Files.delete(p);
    }
    Files.delete(dir);
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    }
    return entries;
  }
}
