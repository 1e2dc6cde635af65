package io.strata.manifest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The names of the files in a database directory, and the update of {@code CURRENT}
 * (google/leveldb {@code db/filename.cc}, with RocksDB's {@code OPTIONS} files). Numbers are
 * written in decimal, zero-padded to at least six digits.
 *
 * <pre>
 * name                 type
 * NNNNNN.log           write-ahead log
 * NNNNNN.ldb, .sst     table
 * MANIFEST-NNNNNN      metadata log
 * NNNNNN.dbtmp         temporary file (a CURRENT being replaced)
 * CURRENT              name of the live MANIFEST, then a newline
 * LOCK                 lock file
 * LOG, LOG.old         human-readable info log
 * OPTIONS-NNNNNN       the compaction strategy and its options (Strata's; named as RocksDB's)
 * OPTIONS-NNNNNN.dbtmp an OPTIONS file being written
 * </pre>
 *
 * LevelDB's {@code ParseFileName} does not parse the two {@code OPTIONS} names, so LevelDB keeps
 * such files and never deletes them (neither as obsolete files nor in {@code DestroyDB}).
 *
 * Stateless.
 */
public final class FileNames {
  /** The file naming the live MANIFEST. */
  public static final String CURRENT = "CURRENT";
  /** The lock file. */
  public static final String LOCK = "LOCK";
  /** The info log. */
  public static final String INFO_LOG = "LOG";
  /** The previous info log. */
  public static final String OLD_INFO_LOG = "LOG.old";

  private static final String MANIFEST_PREFIX = "MANIFEST-";
  private static final String OPTIONS_PREFIX = "OPTIONS-";
  private static final String TEMP_SUFFIX = ".dbtmp";

  /** What a file in a database directory is. */
  public enum FileType {
    LOG, TABLE, MANIFEST, CURRENT, LOCK, INFO_LOG, TEMP, OPTIONS, OPTIONS_TEMP
  }

  /**
   * A parsed file name.
   *
   * @param type what the file is
   * @param number the number in its name; 0 for {@code CURRENT}, {@code LOCK} and the info logs
   */
  public record ParsedFileName(FileType type, long number) {
    public ParsedFileName {
      checkNotNull(type, "type");
      checkArgument(number >= 0, "number must be >= 0, was %s", number);
    }
  }

  private FileNames() {}

  /**
   * {@code NNNNNN.log}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String logFileName(long n) {
    return number(n) + ".log";
  }

  /**
   * {@code NNNNNN.ldb}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String tableFileName(long n) {
    return number(n) + ".ldb";
  }

  /**
   * {@code NNNNNN.sst}: the name LevelDB gave tables before 1.14, which it still opens when no
   * {@code .ldb} of that number exists (google/leveldb {@code SSTTableFileName}), as Strata does.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String legacyTableFileName(long n) {
    return number(n) + ".sst";
  }

  /**
   * {@code MANIFEST-NNNNNN}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String manifestFileName(long n) {
    return MANIFEST_PREFIX + number(n);
  }

  /**
   * {@code NNNNNN.dbtmp}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String tempFileName(long n) {
    return number(n) + TEMP_SUFFIX;
  }

  /**
   * {@code OPTIONS-NNNNNN}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String optionsFileName(long n) {
    return OPTIONS_PREFIX + number(n);
  }

  /**
   * {@code OPTIONS-NNNNNN.dbtmp}.
   *
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static String optionsTempFileName(long n) {
    return optionsFileName(n) + TEMP_SUFFIX;
  }

  private static String number(long n) {
    checkArgument(n >= 0, "file number must be >= 0, was %s", n);
    return String.format("%06d", n);
  }

  /**
   * Parses a file name (not a path) as LevelDB's {@code ParseFileName} does, and the names of
   * {@code OPTIONS} files.
   *
   * @return the type and number, or empty if the name is not one of a database's files (also when
   *     its number does not fit in a signed 64-bit long)
   */
  public static Optional<ParsedFileName> parse(String name) {
    checkNotNull(name, "name");
    switch (name) {
      case CURRENT:
        return Optional.of(new ParsedFileName(FileType.CURRENT, 0));
      case LOCK:
        return Optional.of(new ParsedFileName(FileType.LOCK, 0));
      case INFO_LOG:
      case OLD_INFO_LOG:
        return Optional.of(new ParsedFileName(FileType.INFO_LOG, 0));
      default:
        break;
    }
    if (name.startsWith(MANIFEST_PREFIX)) {
      int end = digitsEnd(name, MANIFEST_PREFIX.length());
      if (end != name.length()) {
        return Optional.empty();
      }
      long n = parseNumber(name, MANIFEST_PREFIX.length(), end);
      return n < 0 ? Optional.empty() : Optional.of(new ParsedFileName(FileType.MANIFEST, n));
    }
    if (name.startsWith(OPTIONS_PREFIX)) {
      int end = digitsEnd(name, OPTIONS_PREFIX.length());
      long n = parseNumber(name, OPTIONS_PREFIX.length(), end);
      String rest = name.substring(end);
      if (n < 0 || !(rest.isEmpty() || rest.equals(TEMP_SUFFIX))) {
        return Optional.empty();
      }
      return Optional.of(new ParsedFileName(
          rest.isEmpty() ? FileType.OPTIONS : FileType.OPTIONS_TEMP, n));
    }
    int end = digitsEnd(name, 0);
    long n = parseNumber(name, 0, end);
    if (n < 0) {
      return Optional.empty();
    }
    FileType type;
    switch (name.substring(end)) {
      case ".log":
        type = FileType.LOG;
        break;
      case ".ldb":
      case ".sst":
        type = FileType.TABLE;
        break;
      case TEMP_SUFFIX:
        type = FileType.TEMP;
        break;
      default:
        return Optional.empty();
    }
    return Optional.of(new ParsedFileName(type, n));
  }

  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** The decimal number in {@code s[from, end)}, or -1 if empty or above Long.MAX_VALUE. */
  private static long parseNumber(String s, int from, int end) {
    if (from == end) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < end; i++) {
      int d = s.charAt(i) - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * Points {@code CURRENT} in {@code dir} at {@code MANIFEST-<manifestNumber>}: writes the name and
   * a newline to {@code <manifestNumber>.dbtmp} and renames it over {@code CURRENT}, as
   * {@link #writeAtomically} does. A crash leaves either the old or the new {@code CURRENT}.
   *
   * @throws IOException if a step fails; the temporary file is deleted (best effort) and
   *     {@code CURRENT} names either the old or the new MANIFEST (the new one if only the directory
   *     sync failed)
   */
  public static void setCurrentFile(FileSystem fs, Path dir, long manifestNumber)
      throws IOException {
    checkNotNull(fs, "fs");
    checkNotNull(dir, "dir");
    byte[] contents =
        (manifestFileName(manifestNumber) + "\n").getBytes(StandardCharsets.US_ASCII);
    writeAtomically(fs, dir, tempFileName(manifestNumber), CURRENT, contents);
  }

  /**
   * Replaces (or creates) file {@code name} in {@code dir} with {@code contents} atomically:
   * writes them to {@code tempName}, syncs and closes it, renames it over {@code name}, then
   * syncs the directory. The rename is atomic, so a crash leaves the old file or the new one.
   *
   * @throws IOException if a step fails; the temporary file is deleted (best effort), and
   *     {@code name} is the old file, or the new one if only the directory sync failed
   */
  public static void writeAtomically(FileSystem fs, Path dir, String tempName, String name,
      byte[] contents) throws IOException {
    Path temp = dir.resolve(tempName);
    try {
      try (WritableFile f = fs.newWritableFile(temp)) {
        f.append(contents);
        f.sync();
      }
      fs.rename(temp, dir.resolve(name));
      fs.syncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      try {
        if (fs.exists(temp)) {
          fs.delete(temp);
        }
      } catch (IOException | RuntimeException suppressed) {
        // The original failure is what the caller must see; a leftover temp file is harmless
        // (the engine removes the temporary files it finds at open).
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
