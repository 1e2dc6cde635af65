package io.strata.manifest;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import io.strata.api.spi.env.FileSystem;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One listing of a database directory, the files {@link FileNames#parse} recognizes grouped by
 * {@link FileType}, each group sorted by number (then by name: a table may exist as both
 * {@code .ldb} and {@code .sst}). Names it does not recognize are left out. The one directory
 * listing shared by open, obsolete-file deletion, {@code verify} and {@code repair}.
 *
 * <p>Immutable: a snapshot of the directory when {@link #list} ran; files created or deleted
 * since are not seen.
 */
public final class DbFiles {
  /**
   * One recognized file.
   *
   * @param name the file's name in the directory
   * @param type what it is
   * @param number the number in its name (0 for {@code CURRENT}, {@code LOCK}, the info logs)
   */
  public record DbFile(String name, FileType type, long number) {
    public DbFile {
      checkNotNull(name, "name");
      checkNotNull(type, "type");
    }
  }

  private static final Comparator<DbFile> ORDER =
      Comparator.comparingLong(DbFile::number).thenComparing(DbFile::name);

  private final ImmutableList<DbFile> all;
  private final ImmutableListMultimap<FileType, DbFile> byType;

  private DbFiles(List<DbFile> files) {
    List<DbFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(DbFile::type).thenComparing(ORDER));
    this.all = ImmutableList.copyOf(sorted);
    ImmutableListMultimap.Builder<FileType, DbFile> b = ImmutableListMultimap.builder();
    for (DbFile f : sorted) {
      b.put(f.type(), f);
    }
    this.byType = b.build();
  }

  /**
   * Lists {@code dir} once.
   *
   * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
   * @throws IOException if listing fails
   */
  public static DbFiles list(FileSystem fs, Path dir) throws IOException {
    checkNotNull(fs, "fs");
    checkNotNull(dir, "dir");
    List<DbFile> files = new ArrayList<>();
    for (String name : fs.list(dir)) {
      Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
      parsed.ifPresent(p -> files.add(new DbFile(name, p.type(), p.number())));
    }
    return new DbFiles(files);
  }

  /** Every recognized file, by type (in {@link FileType} order), then by number and name. */
  public ImmutableList<DbFile> all() {
    return all;
  }

  /** The files of {@code type}, sorted by number, then name; empty if none. */
  public ImmutableList<DbFile> of(FileType type) {
    return byType.get(checkNotNull(type, "type"));
  }

  /** The names of the files of {@code type}, sorted by number, then name. */
  public ImmutableList<String> names(FileType type) {
    return of(type).stream().map(DbFile::name).collect(ImmutableList.toImmutableList());
  }

  /** The numbers of the files of {@code type}, ascending (a number twice if two names share it). */
  public ImmutableList<Long> numbers(FileType type) {
    return of(type).stream().map(DbFile::number).collect(ImmutableList.toImmutableList());
  }

  /** The largest number in any recognized file's name; 0 if there is none. */
  public long maxNumber() {
    return all.stream().mapToLong(DbFile::number).max().orElse(0);
  }

  /** Whether no file of the directory has a database file's name. */
  public boolean isEmpty() {
    return all.isEmpty();
  }
}
