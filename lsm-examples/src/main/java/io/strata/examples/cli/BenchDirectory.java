package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.spi.env.FileSystem;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory {@code strata bench} runs in, which it empties before each fresh-database
 * workload. Bench deletes only a database of its own making: it writes {@link #MARKER} into the
 * directories it creates, and refuses to delete a database without it unless forced, so that a
 * mistyped {@code --db} cannot wipe a user's database. A directory that holds anything but a
 * database's files and the marker is refused even when forced.
 *
 * <p>Stateless.
 */
final class BenchDirectory {
  /** Name of the file that marks a directory as bench's own. */
  static final String MARKER = "STRATA-BENCH";

  private static final String MARKER_TEXT = "This directory was created by strata bench, which"
      + " deletes the database in it whenever it runs.\n";

  private BenchDirectory() {}

  /**
   * Checks that bench may delete the database in {@code dir}: {@code dir} is absent, or a
   * directory holding only a database's files and the marker, and the marker is there, the
   * directory is empty, or {@code force} is set.
   *
   * @throws IOException naming {@code dir} and the reason when it may not; nothing was changed
   */
  static void checkMayRecreate(Path dir, boolean force) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("refusing to delete " + dir + ": not a directory");
    }
    boolean empty = true;
    boolean marked = false;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        empty = false;
        if (name.equals(MARKER)) {
          marked = true;
        } else if (FileNames.parse(name).isEmpty()
            || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("refusing to delete " + dir + ": it holds " + name
              + ", which is not a database file");
        }
      }
    }
    if (!empty && !marked && !force) {
      throw new IOException("refusing to delete the database in " + dir
          + ": strata bench did not create it (no " + MARKER + " file); pass --force to delete"
          + " it, or --use-existing-db to run on it as it is");
    }
  }

  /**
   * Deletes the database in {@code dir} ({@link DbDirectories#destroy}), for bench to create a
   * new one there. Call {@link #checkMayRecreate} first, and {@link #mark} once it is created.
   *
   * @throws io.strata.api.DbLockedException when the database is open; nothing was deleted
   * @throws IOException when a deletion fails
   */
  static void clear(FileSystem fs, Path dir) throws IOException {
    DbDirectories.destroy(fs, dir);
  }

  /**
   * Marks {@code dir}, where bench has just opened a database it created, as bench's own.
   *
   * @throws IOException when the marker cannot be written
   */
  static void mark(Path dir) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
      Files.writeString(marker, MARKER_TEXT, UTF_8);
    }
  }
}
