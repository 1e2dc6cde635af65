package io.strata.core.tools;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.table.TableChecker;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks every checksum of a database directory without changing anything: {@code CURRENT}, the
 * MANIFEST it names (every record's checksum, every edit decoded and applied, the comparator
 * name), every table file (footer, metaindex, index, filter and data blocks, through
 * {@link TableChecker}), and every live write-ahead log (every record's checksum and write
 * batch). Files are only opened for reading and no lock is taken, so the database need not be
 * closed; a log being appended to may then show a torn tail.
 *
 * <p>Policy as at open: a torn tail of the newest log or of the MANIFEST is reported but is not
 * damage (a write cut short by a crash); everywhere else, anything a {@link CorruptionException}
 * would report at open or read is damage. A table the MANIFEST lists that is missing, or whose
 * size differs from the recorded one, is damage.
 *
 * <p>Not thread-safe; one {@link #verify()} at a time. The constructor does no I/O.
 */
public final class DbVerifier {
  /**
   * The outcome for one file.
   *
   * @param fileName the file's name in the directory
   * @param ok whether it is undamaged
   * @param detail what was checked, or what is wrong (with the offset)
   */
  public record FileResult(String fileName, boolean ok, String detail) {
    public FileResult {
      checkNotNull(fileName, "fileName");
      checkNotNull(detail, "detail");
    }
  }

  /** The outcome for a directory, one result per file checked, CURRENT and MANIFEST first. */
  public record Report(ImmutableList<FileResult> files) {
    public Report {
      checkNotNull(files, "files");
    }

    /** Whether no file is damaged. */
    public boolean ok() {
      return files.stream().allMatch(FileResult::ok);
    }
  }

  private final FileSystem fs;
  private final Path dir;
  private final KeyComparator userComparator;
  private final InternalKeyComparator comparator;

  /**
   * @param fs the file system holding the directory
   * @param dir the database directory
   * @param userComparator the database's comparator (its name is checked against the MANIFEST)
   */
  public DbVerifier(FileSystem fs, Path dir, KeyComparator userComparator) {
    this.fs = checkNotNull(fs, "fs");
    this.dir = checkNotNull(dir, "dir");
    this.userComparator = checkNotNull(userComparator, "userComparator");
    this.comparator = new InternalKeyComparator(userComparator);
  }

  /**
   * Checks the directory.
   *
   * @throws NoSuchFileException if the directory does not exist
   * @throws IOException if listing the directory fails (a failure to read one file is reported
   *     in that file's result)
   */
  public Report verify() throws IOException {
    if (!fs.exists(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    List<FileResult> results = new ArrayList<>();
    TreeMap<Long, String> tables = new TreeMap<>();
    TreeMap<Long, String> logs = new TreeMap<>();
    for (String name : fs.list(dir)) {
      Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
      if (parsed.isPresent() && parsed.get().type() == FileNames.FileType.TABLE) {
        tables.put(parsed.get().number(), name);
      } else if (parsed.isPresent() && parsed.get().type() == FileNames.FileType.LOG) {
        logs.put(parsed.get().number(), name);
      }
    }

    Manifest manifest = checkCurrentAndManifest(results);
    Map<Long, FileMetaData> live = new HashMap<>();
    if (manifest != null) {
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : manifest.version().files(level)) {
          live.put(f.fileNumber(), f);
          if (!tables.containsKey(f.fileNumber())) {
            results.add(new FileResult(FileNames.tableFileName(f.fileNumber()), false,
                "missing: listed at level " + level + " of the MANIFEST"));
          }
        }
      }
    }
    for (Map.Entry<Long, String> t : tables.entrySet()) {
      results.add(checkTable(t.getValue(), live.get(t.getKey()), manifest != null));
    }
    List<String> liveLogs = new ArrayList<>();
    for (Map.Entry<Long, String> l : logs.entrySet()) {
      long n = l.getKey();
      if (manifest == null || n >= manifest.logNumber() || n == manifest.prevLogNumber()) {
        liveLogs.add(l.getValue());
      } else {
        results.add(new FileResult(l.getValue(), true,
            "obsolete log (below the MANIFEST's log number), not read"));
      }
    }
    for (int i = 0; i < liveLogs.size(); i++) {
      results.add(checkLog(liveLogs.get(i), i == liveLogs.size() - 1));
    }
    return new Report(ImmutableList.copyOf(results));
  }

  /** The replayed MANIFEST. */
  private record Manifest(Version version, long logNumber, long prevLogNumber) {}

  /** Checks CURRENT and the MANIFEST it names; returns the MANIFEST's state, null if damaged. */
  private Manifest checkCurrentAndManifest(List<FileResult> results) {
    String manifestName;
    try {
      manifestName = readCurrent();
      results.add(new FileResult(FileNames.CURRENT, true, "names " + manifestName));
    } catch (IOException e) {
      results.add(new FileResult(FileNames.CURRENT, false, describe(e)));
      return null;
    }
    try (ReadableFile file = fs.newReadableFile(dir.resolve(manifestName))) {
      LogReader reader = new LogReader(file, manifestName, true);
      Version version = Version.empty(comparator);
      long log = -1;
      long prevLog = 0;
      long nextFile = -1;
      long lastSeq = -1;
      int edits = 0;
      byte[] record;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        VersionEdit edit = VersionEditCodec.decode(record, manifestName, offset);
        if (edit.comparatorName().isPresent()
            && !edit.comparatorName().get().equals(userComparator.name())) {
          throw new CorruptionException(manifestName, offset, "comparator "
              + edit.comparatorName().get() + ", expected " + userComparator.name());
        }
        try {
          version = version.apply(edit);
        } catch (IllegalArgumentException e) {
          throw new CorruptionException(manifestName, offset,
              "edit does not apply: " + e.getMessage(), e);
        }
        log = edit.logNumber().orElse(log);
        prevLog = edit.prevLogNumber().orElse(prevLog);
        nextFile = edit.nextFileNumber().orElse(nextFile);
        lastSeq = edit.lastSequence().orElse(lastSeq);
        edits++;
      }
      if (log < 0 || nextFile < 0 || lastSeq < 0) {
        throw new CorruptionException(manifestName, -1,
            "no log number, next file number or last sequence entry");
      }
      String detail = edits + " edits, " + version.fileNumbers().size() + " live tables, last "
          + "sequence " + lastSeq + (reader.tornTail() ? "; torn tail at offset "
          + reader.tornTailOffset() + " (ignored at open)" : "");
      results.add(new FileResult(manifestName, true, detail));
      return new Manifest(version, log, prevLog);
    } catch (NoSuchFileException e) {
      results.add(new FileResult(FileNames.CURRENT, false, "names " + manifestName
          + ", which does not exist"));
      return null;
    } catch (IOException e) {
      results.add(new FileResult(manifestName, false, describe(e)));
      return null;
    }
  }

  /** The MANIFEST name CURRENT holds. */
  private String readCurrent() throws IOException {
    byte[] bytes;
    try (ReadableFile f = fs.newReadableFile(dir.resolve(FileNames.CURRENT))) {
      long size = f.size();
      if (size > 4096) {
        throw new CorruptionException(FileNames.CURRENT, 0, size + " bytes long");
      }
      bytes = new byte[(int) size];
      f.readFully(0, bytes, 0, bytes.length);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.endsWith("\n")) {
      throw new CorruptionException(FileNames.CURRENT, 0, "does not end with a newline");
    }
    String name = text.substring(0, text.length() - 1);
    Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
    if (parsed.isEmpty() || parsed.get().type() != FileNames.FileType.MANIFEST) {
      throw new CorruptionException(FileNames.CURRENT, 0, "does not name a MANIFEST file");
    }
    return name;
  }

  private FileResult checkTable(String name, FileMetaData meta, boolean manifestRead) {
    try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
      long size = file.size();
      if (meta != null && meta.fileSizeBytes() != size) {
        return new FileResult(name, false, "size " + size + " bytes, the MANIFEST records "
            + meta.fileSizeBytes());
      }
      TableChecker.Summary s = TableChecker.check(file, name, size, comparator);
      String note = meta != null || !manifestRead ? "" : " (not in the MANIFEST: an orphan)";
      return new FileResult(name, true, s.dataBlocks() + " data blocks, " + s.metaBlocks()
          + " meta blocks, " + s.entries() + " entries" + note);
    } catch (IOException e) {
      return new FileResult(name, false, describe(e));
    }
  }

  private FileResult checkLog(String name, boolean newest) {
    try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
      LogReader reader = new LogReader(file, name, true);
      long records = 0;
      byte[] record;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        if (record.length < WriteBatch.HEADER_SIZE) {
          throw new CorruptionException(name, offset, "log record of " + record.length
              + " bytes is shorter than a write batch header");
        }
        WriteBatchCodec.insertInto(record, record.length, new SkipListMemTable(comparator),
            name, offset);
        records++;
      }
      if (reader.tornTail() && !newest) {
        return new FileResult(name, false, new CorruptionException(name,
            reader.tornTailOffset(), "truncated record in a log that is not the newest")
            .getMessage());
      }
      return new FileResult(name, true, records + " records" + (reader.tornTail()
          ? "; torn tail at offset " + reader.tornTailOffset() + " (dropped at open)" : ""));
    } catch (IOException e) {
      return new FileResult(name, false, describe(e));
    }
  }

  private static String describe(IOException e) {
    return e instanceof CorruptionException ? "corrupted: " + e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
