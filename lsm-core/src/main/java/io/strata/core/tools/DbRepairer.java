package io.strata.core.tools;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WalRecoveryMode;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.table.TableReader;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.Strata;
import io.strata.core.compaction.TableBuilding;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.rangedel.RangeTombstone;
import io.strata.core.table.BlockBasedTableFormat;
import io.strata.core.table.BlockBasedTableFormatProvider;
import io.strata.core.table.CaffeineBlockCache;
import io.strata.core.table.TableChecker;
import io.strata.core.write.LogRecovery;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
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
 *   <li>Converts every write-ahead log into a table, as open replays it (the verdict on each log
 *       is {@link LogRecovery}'s, under {@link #LOG_RECOVERY_MODE}): its records are replayed,
 *       with checksums, up to the end, a torn tail or the first damaged record (later records
 *       of that log are dropped, never applied with a hole before them; newer logs are still
 *       converted), and written out as a new table, synced with its directory entry; only then
 *       is the log moved to {@code lost/}.
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
  /**
   * The verdict on each log repair converts: open's under this mode. Each log is replayed up to
   * its end, a torn tail or its first damaged record (later records of that log are dropped,
   * never applied with a hole before them). Unlike open, repair then goes on with the newer logs,
   * as google/leveldb's {@code RepairDB} converts every log: it salvages what each log holds, so
   * it keeps at least what an open in this mode keeps. Every log converted moves to
   * {@code lost/}.
   */
  public static final WalRecoveryMode LOG_RECOVERY_MODE = WalRecoveryMode.POINT_IN_TIME_RECOVERY;

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
      DbFiles files = DbFiles.list(fs, dir);
      nextNumber = Math.max(1, files.maxNumber()) + 1;
      TreeMap<Long, String> tableFiles = new TreeMap<>();
      for (DbFiles.DbFile t : files.of(FileType.TABLE)) {
        tableFiles.put(t.number(), t.name());
      }
      convertLogs(files.names(FileType.LOG))
          .forEach(n -> tableFiles.put(n, FileNames.tableFileName(n)));
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
      for (String m : files.names(FileType.MANIFEST)) {
        moveToLost(m);
      }
      messages.add(manifestName + ": " + tables.size() + " tables at level 0, last sequence "
          + lastSequence + ", next file number " + nextNumber);
      return new Report(ImmutableList.copyOf(tables), ImmutableList.copyOf(lost),
          ImmutableList.copyOf(messages), manifestName, lastSequence, nextNumber);
    }

    /**
     * Converts {@code logs} (sorted by number) into tables, each read as open reads it under
     * {@link #LOG_RECOVERY_MODE}; returns the new tables' numbers. Every log moves to
     * {@code lost/}.
     */
    private List<Long> convertLogs(List<String> logs) throws IOException {
      List<Long> out = new ArrayList<>();
      for (String name : logs) {
        MemTable mem = new SkipListMemTable(comparator);
        LogRecovery.Outcome o;
        try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
          o = LogRecovery.read(file, name, false, (record, offset) -> {
            int count = WriteBatchCodec.insertInto(record, record.length, mem, name, offset);
            lastSequence = Math.max(lastSequence, WriteBatchCodec.sequence(record) + count - 1);
          });
        }
        // Read as open reads it under LOG_RECOVERY_MODE, up to the first trouble; unlike open,
        // trouble in this log does not keep repair from converting the newer ones.
        Optional<FileMetaData> table = Optional.empty();
        if (mem.entryCount() > 0) {
          long number = nextNumber++;
          try (InternalIterator it = mem.newIterator();
              InternalIterator rangeDels = mem.newRangeTombstoneIterator()) {
            table = TableBuilding.build(fs, dir, format, number, it, rangeDels, comparator);
          }
        }
        if (table.isPresent()) {
          out.add(table.get().fileNumber());
          // The table's directory entry is durable before its log leaves for lost/.
          fs.syncDirectory(dir);
        }
        messages.add(name + ": " + o.records() + " records, " + mem.entryCount() + " entries"
            + table.map(t -> " into " + FileNames.tableFileName(t.fileNumber())).orElse("")
            + (o.droppedAnything() ? "; dropped: " + o.describe() : ""));
        moveToLost(name);
      }
      return out;
    }

    private void scanTable(long number, String name) throws IOException {
      TableChecker.Summary s;
      long size;
      List<RangeTombstone> rangeDels = new ArrayList<>();
      try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
        size = file.size();
        s = TableChecker.check(file, name, size, comparator);
        // The range tombstones widen the bounds, as when the table was written.
        try (TableReader reader = format.open(fs.newReadableFile(dir.resolve(name)), name,
            number, size);
            InternalIterator it = reader.newRangeTombstoneIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            rangeDels.add(RangeTombstone.fromEntry(it.key(), it.value()));
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        messages.add(name + ": dropped, cannot be read: " + e.getMessage());
        moveToLost(name);
        return;
      }
      if (s.entries() == 0 && rangeDels.isEmpty()) {
        messages.add(name + ": dropped, holds no entry");
        moveToLost(name);
        return;
      }
      InternalKey smallest = s.smallest();
      InternalKey largest = s.largest();
      long maxSequence = s.maxSequence();
      for (RangeTombstone t : rangeDels) {
        InternalKey begin = InternalKey.decode(t.internalKey());
        InternalKey end = new InternalKey(Bytes.copyOf(t.end()), InternalKey.MAX_SEQUENCE,
            ValueType.RANGE_DELETION);
        if (smallest == null || comparator.compare(begin.encode(), smallest.encode()) < 0) {
          smallest = begin;
        }
        if (largest == null || comparator.compare(end.encode(), largest.encode()) > 0) {
          largest = end;
        }
        maxSequence = Math.max(maxSequence, t.sequence());
      }
      tables.add(new FileMetaData(number, size, smallest, largest));
      lastSequence = Math.max(lastSequence, maxSequence);
    }

    private void moveToLost(String name) throws IOException {
      Path lostDir = dir.resolve(LOST_DIR);
      fs.createDirectories(lostDir);
      fs.rename(dir.resolve(name), lostDir.resolve(name));
      lost.add(name);
    }
  }
}
