package io.strata.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One operation a {@link FaultInjectionFileSystem} is asked to do: its kind, the file (and for a
 * rename, the target) and its ordinal among the operations of its kind, counted from 1 since the
 * file system was made. Immutable.
 *
 * @param kind what is done
 * @param path the file or directory operated on; for a rename, the source
 * @param target for a rename the new name, otherwise empty
 * @param ordinal 1 for the first operation of this kind, 2 for the second, ...
 */
public record FileOperation(Kind kind, Path path, Optional<Path> target, long ordinal) {
  /** The kinds of operation, each counted on its own. */
  public enum Kind {
    /** {@code newWritableFile} or {@code newLogFile}: a file created or truncated. */
    CREATE,
    /** {@code newReadableFile}. */
    OPEN_READ,
    /** {@code WritableFile.append}. */
    APPEND,
    /** {@code WritableFile.flush}: bytes handed to the operating system. */
    FLUSH,
    /** {@code WritableFile.sync}: a file's data made durable (fsync). */
    SYNC,
    /** {@code WritableFile.close}. */
    CLOSE,
    /** {@code FileSystem.rename}. */
    RENAME,
    /** {@code FileSystem.link}: a new name of an existing file (its target is the new name). */
    LINK,
    /** {@code FileSystem.delete}. */
    DELETE,
    /** {@code FileSystem.syncDirectory}: a directory's entries made durable. */
    SYNC_DIRECTORY,
    /** {@code FileSystem.createDirectories}. */
    CREATE_DIRECTORY,
    /** {@code FileSystem.lock}. */
    LOCK;

    /**
     * Whether a crash right before or after such an operation leaves a different disk.
     *
     * @return whether it is a durability point
     */
    public boolean isDurabilityPoint() {
      return this == CREATE || this == SYNC || this == RENAME || this == LINK || this == DELETE
          || this == SYNC_DIRECTORY;
    }
  }

  /**
   * @param kind what is done
   * @param path the file or directory operated on; for a rename, the source
   * @param target for a rename or a link the new name, otherwise empty
   * @param ordinal 1 for the first operation of this kind, 2 for the second, ...
   * @throws NullPointerException if a parameter is null
   * @throws IllegalArgumentException if {@code ordinal < 1}, or a target is given for a kind other
   *     than {@link Kind#RENAME} and {@link Kind#LINK} or missing for one of them
   */
  public FileOperation {
    checkNotNull(kind, "kind");
    checkNotNull(path, "path");
    checkNotNull(target, "target");
    checkArgument(ordinal >= 1, "ordinal must be at least 1, was %s", ordinal);
    checkArgument(target.isPresent() == (kind == Kind.RENAME || kind == Kind.LINK),
        "a target is given for renames and links only: %s with target %s", kind, target);
  }

  /**
   * The name of the file operated on (the source of a rename).
   *
   * @return the file's name
   */
  public String fileName() {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  /**
   * The name of the rename target, or empty.
   *
   * @return the target's name, or empty
   */
  public Optional<String> targetName() {
    return target.map(t -> t.getFileName().toString());
  }

  /**
   * Matches operations of {@code kind} on a file whose name matches {@code glob} ({@code *} any
   * characters, {@code ?} one; e.g. {@code "MANIFEST-*"}, {@code "*.ldb"}); for a rename, the
   * source or the target name may match ({@code of(RENAME, "CURRENT")}: a rename to CURRENT).
   *
   * @param kind the kind of operation
   * @param glob the file name pattern
   * @return the condition
   * @throws NullPointerException if a parameter is null
   */
  public static Predicate<FileOperation> of(Kind kind, String glob) {
    checkNotNull(kind, "kind");
    Pattern p = globPattern(glob);
    return op -> op.kind == kind && (p.matcher(op.fileName()).matches()
        || op.targetName().map(t -> p.matcher(t).matches()).orElse(false));
  }

  /**
   * Matches the {@code n}-th operation of {@code kind} (1-based).
   *
   * @param kind the kind of operation
   * @param n which one, from 1
   * @return the condition
   */
  public static Predicate<FileOperation> nth(Kind kind, long n) {
    checkNotNull(kind, "kind");
    checkArgument(n >= 1, "n must be at least 1, was %s", n);
    return op -> op.kind == kind && op.ordinal == n;
  }

  private static Pattern globPattern(String glob) {
    checkNotNull(glob, "glob");
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return kind + "#" + ordinal + " " + fileName() + targetName().map(t -> " -> " + t).orElse("");
  }
}
