package io.strata.core.tools;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.Strata;
import io.strata.core.compaction.TableFileWriter;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.table.BlockBasedTableFormat;
import io.strata.core.table.BlockBasedTableFormatProvider;
import io.strata.core.table.CaffeineBlockCache;
import io.strata.core.table.TableChecker;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.LogWriter;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rebuilds a database's MANIFEST from the files present, as LevelDB's {@code RepairDB}
 * (google/leveldb {@code db/repair.cc}): for a directory whose MANIFEST or CURRENT is lost or
 * damaged.
 *
 * <ol>
 *   <li>Takes the directory's lock (the database must not be open) and lists its files.
 *   <li>Converts every write-ahead log into a table: its records are replayed, with checksums,
 *       up to the end or the first damaged record (later records are dropped, never applied
 *       with a hole before them), and written out as a new table; the log is then moved to
 *       {@code lost/}.
 *   <li>Reads every table whole with {@link TableChecker}; one that cannot be read, or holds no
 *       entry, is moved to {@code lost/} and reported. The others give their smallest and
 *       largest keys and largest sequence number.
 *   <li>Writes a new MANIFEST with one edit: the comparator name, log number 0, the next file
 *       number (above every number in the directory), the last sequence (the largest found) and
 *       every table at level 0; syncs it and points {@code CURRENT} at it. Older MANIFESTs move
 *       to {@code lost/}.
 *   <li>Unless told otherwise, opens the database and compacts it whole: tables from different
 *       levels, now all in level 0, are read newest-file-first until then, which is not always
 *       newest-entry-first; a compaction merges them by sequence number.
 * </ol>
 *
 * <p>Nothing is deleted: whatever is set aside stays in {@code lost/}. Only the default table
 * format ({@code block-based}) is read. Not thread-safe; the constructor does no I/O.
 */
public final class DbRepairer {
  /** The subdirectory where unreadable tables, converted logs and old MANIFESTs are moved. */
  public static final String LOST_DIR = io.strata.core.DbImpl.LOST_DIR;

  /**
   * What a repair did.
   *
   * @param tables the tables the new MANIFEST lists, with their metadata
   * @param lost the files moved to {@code lost/}
   * @param messages one line per notable event (a log converted, a table dropped and why)
   * @param manifestFileName the new MANIFEST's name
   * @param lastSequence the last sequence number recorded
   * @param nextFileNumber the next file number recorded
   */
  public record Report(ImmutableList<FileMetaData> tables, ImmutableList<String> lost,
      ImmutableList<String> messages, String manifestFileName, long lastSequence,
      long nextFileNumber) {}

  private final Path dir;
  private final Options options;
  private final FileSystem fs;
  private final InternalKeyComparator comparator;

  /**
   * @param dir the database directory
   * @param options the database's options: the comparator, the file system, and the table
   *     settings of the tables made from logs
   * @throws IllegalArgumentException if the options name a table format other than
   *     {@code block-based}
   */
  public DbRepairer(Path dir, Options options) {
    this.dir = checkNotNull(dir, "dir");
    this.options = checkNotNull(options, "options");
    checkArgument(options.tableFormatProvider().isEmpty()
        && options.tableFormat().equals(BlockBasedTableFormatProvider.NAME),
        "repair reads only the %s table format, the options name %s",
        BlockBasedTableFormatProvider.NAME, options.tableFormat());
    this.fs = options.fileSystem().orElseGet(LocalFileSystem::new);
    this.comparator = new InternalKeyComparator(options.comparator());
  }

  /**
   * Repairs the directory, then compacts it whole through {@link Strata#open}.
   *
   * @throws NoSuchFileException if the directory does not exist
   * @throws io.strata.api.DbLockedException if the database is open
   * @throws IOException if reading, writing or moving a file fails
   */
  public Report repair() throws IOException {
    return repair(true);
  }

  /**
   * Repairs the directory.
   *
   * @param compact whether to open the repaired database and compact it whole (see the class
   *     comment)
   * @throws NoSuchFileException if the directory does not exist
   * @throws io.strata.api.DbLockedException if the database is open
   * @throws IOException if reading, writing or moving a file fails
   */
  public Report repair(boolean compact) throws IOException {
    if (!fs.exists(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    Report report;
    try (FileLock lock = fs.lock(dir.resolve(FileNames.LOCK))) {
      report = new Run().run();
    }
    if (compact && !report.tables().isEmpty()) {
      try (Db db = Strata.open(dir, options.toBuilder().createIfMissing(false).build())) {
        db.compactRange(null, null);
      }
    }
    return report;
  }

  /** The state of one repair. */
  private final class Run {
    private final List<String> lost = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<FileMetaData> tables = new ArrayList<>();
    private final BlockBasedTableFormat format = new BlockBasedTableFormat(options, comparator,
        new CaffeineBlockCache(0));
    private long nextNumber;
    private long lastSequence;

    Report run() throws IOException {
      TreeMap<Long, String> logs = new TreeMap<>();
      TreeMap<Long, String> tableFiles = new TreeMap<>();
      List<String> manifests = new ArrayList<>();
      long maxNumber = 1;
      for (String name : fs.list(dir)) {
        Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
        if (parsed.isEmpty()) {
          continue;
        }
        long n = parsed.get().number();
        maxNumber = Math.max(maxNumber, n);
        switch (parsed.get().type()) {
          case LOG -> logs.put(n, name);
          case TABLE -> tableFiles.put(n, name);
          case MANIFEST -> manifests.add(name);
          default -> { }
        }
      }
      nextNumber = maxNumber + 1;
      for (String log : logs.values()) {
        convertLog(log).ifPresent(n -> tableFiles.put(n, FileNames.tableFileName(n)));
      }
      for (var t : tableFiles.entrySet()) {
        scanTable(t.getKey(), t.getValue());
      }
      long manifestNumber = nextNumber++;
      String manifestName = FileNames.manifestFileName(manifestNumber);
      VersionEdit.Builder edit = VersionEdit.builder().comparatorName(options.comparator().name())
          .logNumber(0).prevLogNumber(0).nextFileNumber(nextNumber).lastSequence(lastSequence);
      for (FileMetaData f : tables) {
        edit.addFile(0, f);
      }
      try (LogWriter writer = new LogWriter(fs.newWritableFile(dir.resolve(manifestName)))) {
        writer.addRecord(VersionEditCodec.encode(edit.build()));
        writer.sync();
      }
      FileNames.setCurrentFile(fs, dir, manifestNumber);
      for (String m : manifests) {
        moveToLost(m);
      }
      messages.add(manifestName + ": " + tables.size() + " tables at level 0, last sequence "
          + lastSequence + ", next file number " + nextNumber);
      return new Report(ImmutableList.copyOf(tables), ImmutableList.copyOf(lost),
          ImmutableList.copyOf(messages), manifestName, lastSequence, nextNumber);
    }

    /** Replays a log into a new table; returns its number, empty if the log held nothing. */
    private Optional<Long> convertLog(String name) throws IOException {
      MemTable mem = new SkipListMemTable(comparator);
      long records = 0;
      String stop = "";
      try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
        LogReader reader = new LogReader(file, name, true);
        byte[] record;
        while ((record = reader.readRecord()) != null) {
          if (record.length < WriteBatch.HEADER_SIZE) {
            stop = "; stopped at a " + record.length + "-byte record at offset "
                + reader.lastRecordOffset();
            break;
          }
          // Checked whole before anything is added: a damaged batch adds nothing.
          WriteBatchCodec.insertInto(record, record.length, mem, name,
              reader.lastRecordOffset());
          lastSequence = Math.max(lastSequence,
              WriteBatchCodec.sequence(record) + WriteBatchCodec.count(record) - 1);
          records++;
        }
        if (reader.tornTail()) {
          stop = "; torn tail at offset " + reader.tornTailOffset() + " dropped";
        }
      } catch (IOException | IllegalArgumentException e) {
        // The damaged record and everything after it are dropped; what came before is kept.
        stop = "; stopped at damage: " + e.getMessage();
      }
      Optional<Long> table = Optional.empty();
      if (mem.entryCount() > 0) {
        long number = nextNumber++;
        try (InternalIterator it = mem.newIterator();
            TableFileWriter out = new TableFileWriter(fs, dir, format, number)) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            out.add(it.key(), it.value());
          }
          out.finish();
        }
        table = Optional.of(number);
      }
      messages.add(name + ": " + records + " records, " + mem.entryCount() + " entries"
          + table.map(n -> " into " + FileNames.tableFileName(n)).orElse("") + stop);
      moveToLost(name);
      return table;
    }

    private void scanTable(long number, String name) throws IOException {
      TableChecker.Summary s;
      long size;
      try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
        size = file.size();
        s = TableChecker.check(file, name, size, comparator);
      } catch (IOException | IllegalArgumentException e) {
        messages.add(name + ": dropped, cannot be read: " + e.getMessage());
        moveToLost(name);
        return;
      }
      if (s.entries() == 0) {
        messages.add(name + ": dropped, holds no entry");
        moveToLost(name);
        return;
      }
      tables.add(new FileMetaData(number, size, s.smallest(), s.largest()));
      lastSequence = Math.max(lastSequence, s.maxSequence());
    }

    private void moveToLost(String name) throws IOException {
      Path lostDir = dir.resolve(LOST_DIR);
      fs.createDirectories(lostDir);
      fs.rename(dir.resolve(name), lostDir.resolve(name));
      lost.add(name);
    }
  }
}
