package io.strata.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WalRecoveryMode;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableProperties;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.api.spi.version.VersionSet;
import io.strata.core.cache.TableCache;
import io.strata.core.compaction.CompactionRunner;
import io.strata.core.compaction.OptionsFile;
import io.strata.core.compaction.PendingOutputs;
import io.strata.core.compaction.StrategyChoice;
import io.strata.core.compaction.StrategyFactory;
import io.strata.core.compaction.TableFileWriter;
import io.strata.core.iterator.ConcatenatingIterator;
import io.strata.core.iterator.DbIteratorImpl;
import io.strata.core.iterator.MergingIterator;
import io.strata.core.read.TableIterators;
import io.strata.core.write.LogRecovery;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Db} (google/leveldb db/db_impl.cc, in Java).
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li><b>Writes</b> queue in {@code writers}; the writer at the head is the leader: it makes
 *       room (switching a full memtable, pacing itself by the strategy's {@link WriteStall}),
 *       gathers the batches queued behind it into one group, and, without {@code mutex}, appends
 *       the group as one log record (fsynced if any member asked for sync), then inserts it into
 *       the memtable. Only the leader touches the log and inserts, so the memtable has one
 *       writer. The group's last sequence number is published after the insert; readers read at
 *       the published sequence, so they never see half a group.
 *   <li><b>Reads</b> take no lock: the published sequence, then {@code mem}, then {@code imm},
 *       then a pinned Version, in that order, so that every entry at or below the sequence is in
 *       one of them (a flush installs its table before it clears {@code imm}).
 *   <li><b>Background work</b>: one thread flushes the immutable memtable, one runs compactions.
 *       {@code metadataLock} serializes MANIFEST edits and the decisions that depend on the
 *       current Version (which level a flush goes to, what a compaction takes); a flush goes
 *       deeper than level 0 only while no compaction is running, so a compaction's outputs never
 *       overlap it.
 *   <li><b>Durability order</b>: table data is fsynced and the directory synced before the
 *       MANIFEST edit naming it is synced; files are deleted only after the edit that drops them
 *       is synced and no pinned Version lists them. A log switched away from with unsynced
 *       writes in it stays open until the next sync write syncs it first (so that power loss
 *       never keeps a synced write and loses an earlier one) or its memtable is flushed.
 *   <li><b>Obsolete tables</b> are deleted after each flush and compaction; a table that only
 *       pinned, no longer current Versions still list (an open iterator, a get in flight) is
 *       remembered in {@code deferredTables} and deleted when the last such pin is released,
 *       by the thread that releases it, with no further write or compaction needed.
 *   <li><b>Errors</b>: a failed log append or sync, flush or compaction is recorded in
 *       {@code bgError}; later writes fail with it as the cause, reads go on. Anything a write
 *       leader meets (an IOException, a RuntimeException, an Error) fails its group, is recorded
 *       so, and takes the group's writers off the queue, so that close never waits for a writer
 *       that is gone.
 * </ul>
 */
public final class DbImpl implements Db {
  private static final Logger LOG = LoggerFactory.getLogger(DbImpl.class);
  /** Bytes a write group may reach (LevelDB's 1 MiB); small leaders add at most 128 KiB. */
  private static final int MAX_GROUP_BYTES = 1 << 20;
  private static final int SMALL_BATCH_BYTES = 128 << 10;
  /** How long close waits for the writes in flight: far longer than a write, even a synced one. */
  private static final long CLOSE_WAIT_FOR_WRITERS_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Path dir;
  private final Options options;
  private final FileSystem fs;
  private final InternalKeyComparator icmp;
  private final KeyComparator ucmp;
  private final boolean bytewise;
  private final StrategyFactory strategyFactory;
  /**
   * The compaction strategy, and how open chose it. Written once by {@link #open()} before it
   * clears {@code closed} (a volatile write) and starts the background threads; read only after.
   */
  private CompactionStrategy strategy;
  private StrategyChoice strategyChoice;
  private final MemTableFactory memTableFactory;
  private final TableFormat tableFormat;
  private final VersionSet versions;
  private final TableCache tableCache;
  private final PendingOutputs pending = new PendingOutputs();
  private final CompactionRunner runner;
  private final DbStats stats = new DbStats();

  /** Where open keeps the logs it dropped records from, as repair keeps what it sets aside. */
  public static final String LOST_DIR = "lost";
  /**
   * What open dropped from the logs it replayed, one line per log; empty if nothing. Written
   * once by open, before the database is published.
   */
  private volatile String recoveryReport = "";

  /** How a strategy switch names a tree whose strategy was not recorded (LevelDB's layout). */
  static final String UNRECORDED_LAYOUT = "LevelDB layout";

  private final ReentrantLock mutex = new ReentrantLock();
  /** Signalled when background work finishes or fails. */
  private final Condition backgroundChanged = mutex.newCondition();
  private final ReentrantLock metadataLock = new ReentrantLock();
  private final Object deletionLock = new Object();
  /**
   * Obsolete tables kept only because a pinned Version that is no longer current lists them.
   * Guarded by deletionLock.
   */
  private final Set<Long> deferredTables = new HashSet<>();

  // Guarded by mutex.
  private final ArrayDeque<Writer> writers = new ArrayDeque<>();
  private final TreeMap<Long, Integer> snapshots = new TreeMap<>();
  private LogWriter log;
  /** Whether {@code log} holds writes appended since its last sync. */
  private boolean logUnsynced;
  /**
   * The log switched away from while it held unsynced writes, kept open until those writes are
   * durable: synced before the next sync write is acknowledged (else power loss could keep that
   * write and lose earlier ones, a hole), or closed once its memtable is flushed.
   */
  private LogWriter unsyncedPrevLog;
  private long logFileNumber;
  private IOException bgError;
  private boolean flushScheduled;
  private boolean compactionScheduled;
  // Guarded by metadataLock.
  private boolean compactionRunning;

  private volatile MemTable mem;
  private volatile MemTable imm;
  private volatile boolean closed = true;
  private volatile boolean shuttingDown;
  private FileLock dbLock;
  private ExecutorService flushExecutor;
  private ExecutorService compactionExecutor;

  @Inject
  DbImpl(Path dir, Options options, FileSystem fs, InternalKeyComparator icmp,
      StrategyFactory strategyFactory, MemTableFactory memTableFactory, TableFormat tableFormat,
      VersionSet versions, TableCache tableCache) {
    this.dir = dir;
    this.options = options;
    this.fs = fs;
    this.icmp = icmp;
    this.ucmp = icmp.userComparator();
    this.bytewise = ucmp instanceof BytewiseComparator;
    this.strategyFactory = strategyFactory;
    this.memTableFactory = memTableFactory;
    this.tableFormat = tableFormat;
    this.versions = versions;
    this.tableCache = tableCache;
    this.runner = new CompactionRunner(fs, dir, tableFormat, tableCache, icmp,
        versions::newFileNumber, pending);
  }

  // ---------------------------------------------------------------- open and recovery

  /** Locks the directory, recovers the MANIFEST and the logs, and starts background work. */
  void open() throws IOException {
    if (!fs.exists(dir)) {
      if (!options.createIfMissing()) {
        throw new IOException(dir + ": database does not exist (createIfMissing is false)");
      }
      fs.createDirectories(dir);
    }
    dbLock = fs.lock(dir.resolve(FileNames.LOCK));
    try {
      boolean create = !versions.exists();
      if (create) {
        refuseDatabaseWithoutCurrent();
        if (!options.createIfMissing()) {
          throw new IOException(dir + ": database does not exist (createIfMissing is false)");
        }
        // Chosen before anything is written, so that a bad strategy option creates nothing.
        chooseStrategy(StrategyChoice.resolve(options, Optional.empty(), Optional.empty(), true));
        LOG.info("{}: creating a new database", dir);
        versions.create();
      } else if (options.errorIfExists()) {
        throw new IOException(dir + ": database exists (errorIfExists is true)");
      }
      versions.recover();
      // A new OPTIONS file must be numbered above every one present, also above a stray one
      // left in a directory emptied by hand or by LevelDB's DestroyDB (which keeps it).
      OptionsFile.newestNumber(fs, dir).ifPresent(versions::markFileNumberUsed);
      if (!create) {
        // Before the logs are replayed: a recorded strategy that is not on the class path fails
        // the open before anything is written.
        Optional<OptionsFile.Loaded> recorded = OptionsFile.readNewest(fs, dir);
        chooseStrategy(StrategyChoice.resolve(options, recorded,
            versions.current().strategySwitch().map(VersionEdit.StrategySwitch::strategy),
            false));
      }
      recoverLogs();
      adoptStrategy();
      recordStrategy();
      closed = false;
      flushExecutor = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
          .setNameFormat("strata-flush-" + dir.getFileName()).setDaemon(true).build());
      compactionExecutor = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
          .setNameFormat("strata-compaction-" + dir.getFileName()).setDaemon(true).build());
      deleteObsoleteFiles();
      mutex.lock();
      try {
        maybeScheduleCompaction();
      } finally {
        mutex.unlock();
      }
      LOG.info("{}: opened with strategy {} ({}; {}); {}", dir, strategy.name(),
          strategyChoice.settings().describeOptions(), strategyChoice.source(),
          versions.current().toString().replace('\n', ';'));
    } catch (IOException | RuntimeException | Error e) {
      closed = true;
      closeQuietly();
      throw e;
    }
  }

  /**
   * Refuses a directory that holds a database's files but no {@code CURRENT}: a database whose
   * {@code CURRENT} was lost, which creating a new one in its place would destroy (the new
   * database's first obsolete-file pass deletes every table and log). The one exception is what
   * a crash inside creation leaves ({@code CURRENT} is written after {@code MANIFEST-000001}):
   * that MANIFEST alone, with no table or log, holds nothing. An OPTIONS file holds no data
   * either (LevelDB's {@code DestroyDB} leaves it behind); a new database replaces it.
   *
   * @throws CorruptionException naming the directory, what it holds, and {@code strata repair}
   */
  private void refuseDatabaseWithoutCurrent() throws IOException {
    List<String> found = new ArrayList<>();
    boolean onlyFirstManifest = true;
    for (String name : fs.list(dir)) {
      Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
      if (parsed.isEmpty()) {
        continue;
      }
      switch (parsed.get().type()) {
        case TABLE, LOG -> {
          found.add(name);
          onlyFirstManifest = false;
        }
        case MANIFEST -> {
          found.add(name);
          onlyFirstManifest &= parsed.get().number() == 1;
        }
        default -> { }
      }
    }
    if (found.isEmpty() || onlyFirstManifest && found.size() == 1) {
      return;
    }
    Collections.sort(found);
    throw new CorruptionException(dir.resolve(FileNames.CURRENT).toString(), -1,
        "missing, but " + dir + " holds a database's files (" + found.size() + ": "
            + String.join(", ", found.subList(0, Math.min(found.size(), 5)))
            + (found.size() > 5 ? ", ..." : "") + "): a damaged database, not an empty one;"
            + " nothing was changed. Run 'strata repair' (DbRepairer) to rebuild CURRENT and"
            + " the MANIFEST from the tables and logs");
  }

  /**
   * Creates the strategy {@code choice} settles on.
   *
   * @throws IllegalArgumentException if the strategy is not on the class path or rejects its
   *     options, saying where the name and options came from
   */
  private void chooseStrategy(StrategyChoice choice) {
    try {
      strategy = strategyFactory.create(choice.settings());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(dir + ": compaction strategy " + choice.settings().name()
          + " (" + choice.source() + "): " + e.getMessage(), e);
    }
    strategyChoice = choice;
  }

  /**
   * Writes a new OPTIONS file when the open chose other settings than the directory records (or
   * created it), then reports a change of strategy or options.
   */
  private void recordStrategy() throws IOException {
    if (strategyChoice.record()) {
      OptionsFile.write(fs, dir, versions.newFileNumber(), strategyChoice.settings());
    }
    strategyChoice.change().ifPresent(c -> LOG.info("{}: {}", dir, c));
  }

  /**
   * Records a change of compaction strategy in the MANIFEST and, for a strategy that does not keep
   * LevelDB's layout, records the sequence range of every level-0 file that lacks one (reading
   * those files once), so that the new strategy's merged runs sort by age among them.
   */
  private void adoptStrategy() throws IOException {
    Version v = versions.current();
    String recorded = v.strategySwitch().map(VersionEdit.StrategySwitch::strategy).orElse("");
    VersionEdit.Builder edit = VersionEdit.builder();
    boolean changed = false;
    if (!recorded.equals(strategy.name()) && !(recorded.isEmpty() && strategy.levelDbLayout())) {
      boolean fresh = v.fileNumbers().isEmpty() && versions.lastSequence() == 0;
      String previous = !recorded.isEmpty() || fresh ? recorded : UNRECORDED_LAYOUT;
      edit.strategySwitch(strategy.name(), previous);
      changed = true;
      LOG.info("{}: compaction strategy {} takes over from {}", dir, strategy.name(),
          previous.isEmpty() ? "a new database" : previous);
    }
    if (!strategy.levelDbLayout()) {
      for (FileMetaData f : v.files(0)) {
        if (!f.hasSequenceRange()) {
          long[] range = sequenceRange(f);
          edit.deleteFile(0, f.fileNumber());
          edit.addFile(0, f.withSequenceRange(range[0], range[1], ""));
          changed = true;
        }
      }
    }
    if (changed) {
      logAndApply(edit.build());
    }
  }

  /**
   * The smallest and largest sequence number in table {@code f}: from its properties block, or
   * by reading all of it when it has none (a table LevelDB wrote).
   */
  private long[] sequenceRange(FileMetaData f) throws IOException {
    try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
      TableProperties stats = h.reader().properties();
      if (stats.hasSequenceRange()) {
        return new long[] {stats.smallestSequence(), stats.largestSequence()};
      }
    }
    long lo = Long.MAX_VALUE;
    long hi = 0;
    try (InternalIterator it = TableIterators.open(tableCache, f, true, false)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        long sequence = InternalKeys.trailer(key, 0, key.length) >>> 8;
        lo = Math.min(lo, sequence);
        hi = Math.max(hi, sequence);
      }
    }
    return lo > hi ? new long[] {0, 0} : new long[] {lo, hi};
  }

  private void recoverLogs() throws IOException {
    Set<Long> expected = new java.util.HashSet<>(versions.current().fileNumbers());
    List<Long> logs = new ArrayList<>();
    for (String name : fs.list(dir)) {
      Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
      if (parsed.isEmpty()) {
        continue;
      }
      long n = parsed.get().number();
      switch (parsed.get().type()) {
        case TABLE:
          expected.remove(n);
          break;
        case LOG:
          if (n >= versions.logNumber() || n == versions.prevLogNumber()) {
            logs.add(n);
          }
          break;
        default:
          break;
      }
    }
    if (!expected.isEmpty()) {
      long first = Collections.min(expected);
      throw new CorruptionException(dir.resolve(FileNames.tableFileName(first)).toString(), -1,
          expected.size() + " table file(s) listed in the MANIFEST are missing, e.g. "
              + FileNames.tableFileName(first));
    }
    Collections.sort(logs);
    VersionEdit.Builder edit = VersionEdit.builder();
    List<LogRecovery.Outcome> dropped = new ArrayList<>();
    long maxSequence = replayLogs(logs, edit, dropped);
    versions.setLastSequence(Math.max(maxSequence, versions.lastSequence()));
    mutex.lock();
    try {
      newLog();
    } finally {
      mutex.unlock();
    }
    edit.logNumber(logFileNumber).prevLogNumber(0);
    versions.logAndApply(edit.build());
    keepDroppedLogs(dropped);
    mem = memTableFactory.newMemTable();
    if (!logs.isEmpty()) {
      LOG.info("{}: recovered {} log(s) up to sequence {}", dir, logs.size(),
          versions.lastSequence());
    }
  }

  /**
   * Moves each log recovery dropped anything from to {@code lost/} (it would otherwise be
   * deleted as obsolete, and the evidence with it) and records what was dropped for the
   * {@code strata.recovery} property. Called once the MANIFEST no longer needs the logs: moving
   * one earlier would lose its records if the open then failed.
   */
  private void keepDroppedLogs(List<LogRecovery.Outcome> dropped) throws IOException {
    StringBuilder report = new StringBuilder();
    for (LogRecovery.Outcome o : dropped) {
      Path lostDir = dir.resolve(LOST_DIR);
      fs.createDirectories(lostDir);
      fs.rename(dir.resolve(o.file()), lostDir.resolve(o.file()));
      String line = o.file() + ": " + o.records() + " records replayed; dropped: "
          + o.describe() + "; kept as " + LOST_DIR + "/" + o.file();
      LOG.warn("{}: dropped at open ({}): {}", dir, options.walRecoveryMode(), line);
      report.append(line).append('\n');
    }
    if (!dropped.isEmpty()) {
      fs.syncDirectory(dir);
    }
    recoveryReport = report.toString();
  }

  /**
   * Replays {@code logs} (sorted) into tables added to {@code edit}, as
   * {@link Options#walRecoveryMode()} says (the verdict on each log is {@link LogRecovery}'s);
   * adds to {@code dropped} what it dropped from each log, a whole log not replayed included.
   * Returns the largest sequence number found. If it fails, the tables it wrote are deleted
   * again, so that a failed open leaves the directory as it found it.
   *
   * @throws CorruptionException naming the log and the offset, when the mode fails the open
   */
  private long replayLogs(List<Long> logs, VersionEdit.Builder edit,
      List<LogRecovery.Outcome> dropped) throws IOException {
    long[] maxSequence = {versions.lastSequence()};
    MemTable[] recovered = {memTableFactory.newMemTable()};
    WalRecoveryMode mode = options.walRecoveryMode();
    boolean ok = false;
    boolean stopped = false;
    try {
      for (int i = 0; i < logs.size(); i++) {
        long number = logs.get(i);
        versions.markFileNumberUsed(number);
        boolean last = i == logs.size() - 1;
        String name = FileNames.logFileName(number);
        if (stopped) {
          LOG.warn("{}: not replaying {}: recovery stopped in an older log", dir, name);
          try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
            dropped.add(LogRecovery.notReplayed(file, name));
          }
          continue;
        }
        LogRecovery.Outcome outcome;
        try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
          outcome = LogRecovery.read(file, name,
              mode == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS, (record, offset) -> {
                int count = WriteBatchCodec.insertInto(record, record.length, recovered[0],
                    name, offset);
                long lastSeq = WriteBatchCodec.sequence(record) + count - 1;
                maxSequence[0] = Math.max(maxSequence[0], lastSeq);
                if (recovered[0].approximateMemoryUsageBytes() > options.writeBufferSizeBytes()) {
                  addRecoveredTable(recovered[0], edit);
                  recovered[0] = memTableFactory.newMemTable();
                }
              });
        }
        LogRecovery.Action action = LogRecovery.decide(mode, options.paranoidChecks(), outcome,
            last);
        if (action == LogRecovery.Action.FAIL) {
          long offset = outcome.damaged() ? outcome.damageOffset() : outcome.tornTailOffset();
          throw new CorruptionException(name, offset, outcome.describe() + "; not opened "
              + "(walRecoveryMode " + mode + (outcome.damaged() ? "" : !last
              ? ", paranoidChecks, in a log that is not the newest" : "")
              + "): open with walRecoveryMode POINT_IN_TIME_RECOVERY or "
              + "SKIP_ANY_CORRUPTED_RECORDS to drop it (the log is kept under lost/), or run "
              + "strata repair");
        }
        if (outcome.droppedAnything()) {
          dropped.add(outcome); // logged by keepDroppedLogs once the open is sure to succeed
        }
        stopped = action == LogRecovery.Action.STOP;
      }
      if (recovered[0].entryCount() > 0) {
        addRecoveredTable(recovered[0], edit);
      }
      ok = true;
      return maxSequence[0];
    } finally {
      if (!ok) {
        for (VersionEdit.NewFile f : edit.build().newFiles()) {
          try {
            fs.delete(dir.resolve(FileNames.tableFileName(f.file().fileNumber())));
          } catch (IOException e) {
            LOG.warn("{}: could not delete {} after a failed recovery", dir,
                FileNames.tableFileName(f.file().fileNumber()), e);
          }
        }
      }
    }
  }

  private void addRecoveredTable(MemTable m, VersionEdit.Builder edit) throws IOException {
    long number = versions.newFileNumber();
    pending.add(number);
    FileMetaData meta = writeTable(m, number);
    if (meta != null) {
      fs.syncDirectory(dir);
      edit.addFile(0, recordOf(meta, 0, true));
    }
  }

  /** Writes a memtable to table {@code number}; null if it is empty. */
  private FileMetaData writeTable(MemTable m, long number) throws IOException {
    try (InternalIterator it = m.newIterator();
        TableFileWriter out = new TableFileWriter(fs, dir, tableFormat, number)) {
      it.seekToFirst();
      while (it.isValid()) {
        out.add(it.key(), it.value());
        it.next();
      }
      if (out.numEntries() == 0) {
        return null;
      }
      FileMetaData meta = out.finish();
      stats.tableBytes.add(meta.fileSizeBytes());
      return meta;
    }
  }

  /** Starts a new write-ahead log. REQUIRES mutex held. */
  private void newLog() throws IOException {
    long number = versions.newFileNumber();
    WritableFile file = fs.newLogFile(dir.resolve(FileNames.logFileName(number)));
    try {
      // The log's directory entry must survive power loss along with its first synced write.
      fs.syncDirectory(dir);
    } catch (IOException e) {
      file.close();
      throw e;
    }
    LogWriter old = log;
    log = new LogWriter(file);
    logFileNumber = number;
    if (old != null) {
      // Only switched when no memtable is being flushed: an earlier retained log's writes are
      // in tables now.
      closeRetainedLog();
      if (logUnsynced) {
        unsyncedPrevLog = old;
      } else {
        old.close();
      }
    }
    logUnsynced = false;
  }

  /** Closes {@link #unsyncedPrevLog}, whose writes are in tables now. REQUIRES mutex held. */
  private void closeRetainedLog() {
    if (unsyncedPrevLog != null) {
      try {
        unsyncedPrevLog.close();
      } catch (IOException e) {
        // Its writes are in tables already; nothing depends on this file any more.
        LOG.warn("{}: closing a flushed log failed", dir, e);
      }
      unsyncedPrevLog = null;
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(WriteOptions options, byte[] key, byte[] value) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(key, "key");
    checkNotNull(value, "value");
    write(options, new WriteBatch().put(key, value));
  }

  @Override
  public void delete(WriteOptions options, byte[] key) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(key, "key");
    write(options, new WriteBatch().delete(key));
  }

  @Override
  public void write(WriteOptions options, WriteBatch batch) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(batch, "batch");
    checkOpen();
    Writer w = new Writer(batch, options.sync(), mutex.newCondition());
    mutex.lock();
    try {
      writers.addLast(w);
      while (!w.done && w != writers.peekFirst()) {
        w.cv.awaitUninterruptibly();
      }
      if (w.done) {
        if (w.error != null) {
          throw new IOException("write failed: " + w.error.getMessage(), w.error);
        }
        return;
      }
      // Whatever is thrown from here on, the writers through last leave the queue: a writer
      // left at its head would stall every later write and close.
      Writer last = w;
      List<WriteBatch> group = null;
      IOException error = null;
      try {
        makeRoomForWrite(false);
        group = new ArrayList<>();
        last = buildGroup(w, group);
        commitGroup(w.sync, group);
      } catch (IOException e) {
        error = e;
        recordBackgroundError(e);
      } catch (RuntimeException | Error e) {
        if (closed && group == null) {
          // Closed while this writer waited for room ("database is closed"): nothing written.
          removeWriter(w, w, null);
          throw e;
        }
        // The log or the memtable may hold part of the group: no later write may follow it.
        error = new IOException("write failed: " + e, e);
        recordBackgroundError(error);
      }
      removeWriter(w, last, error);
      if (error != null) {
        throw error;
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Appends {@code group} to the log as one record (synced if {@code sync}, else flushed to the
   * operating system), inserts it into the memtable, and publishes its sequence numbers.
   * REQUIRES mutex held, by the leader; released during the append and insert, and held again
   * when this returns or throws. On failure nothing is published.
   */
  private void commitGroup(boolean sync, List<WriteBatch> group) throws IOException {
    long firstSequence = versions.lastSequence() + 1;
    byte[] rep = WriteBatchCodec.concat(group, firstSequence);
    int count = WriteBatchCodec.count(rep);
    LogWriter logWriter = log;
    LogWriter prevLog = null;
    if (sync) {
      prevLog = unsyncedPrevLog;
      unsyncedPrevLog = null;
    }
    MemTable m = mem;
    mutex.unlock();
    try {
      if (prevLog != null) {
        // Earlier unsynced writes first: a synced write must not survive without them.
        try {
          prevLog.sync();
        } finally {
          prevLog.close();
        }
      }
      logWriter.addRecord(rep, 0, rep.length);
      if (sync) {
        logWriter.sync();
      } else {
        logWriter.flush(); // to the OS: the write survives a process crash
      }
      WriteBatchCodec.insertInto(rep, rep.length, m, "write batch", 0);
    } finally {
      mutex.lock();
    }
    logUnsynced = !sync;
    versions.setLastSequence(firstSequence + count - 1);
    stats.walBytes.add(rep.length + 7L);
    stats.userBytes.add(rep.length - WriteBatch.HEADER_SIZE);
  }

  /** Pops the writers from the head through {@code last}, completing all but the leader. */
  private void removeWriter(Writer leader, Writer last, IOException error) {
    while (true) {
      Writer ready = writers.pollFirst();
      if (ready != leader) {
        ready.error = error;
        ready.done = true;
        ready.cv.signal();
      }
      if (ready == last) {
        break;
      }
    }
    Writer next = writers.peekFirst();
    if (next != null) {
      next.cv.signal();
    }
  }

  /** Gathers the leader's batch and those queued behind it; returns the last one taken. */
  private Writer buildGroup(Writer leader, List<WriteBatch> group) {
    int size = leader.batch.approximateSizeBytes();
    int maxSize = size <= SMALL_BATCH_BYTES ? size + SMALL_BATCH_BYTES : MAX_GROUP_BYTES;
    group.add(leader.batch);
    Writer last = leader;
    boolean first = true;
    for (Writer w : writers) {
      if (first) {
        first = false; // the leader itself
        continue;
      }
      if (w.batch == null || (w.sync && !leader.sync)) {
        // A memtable switch request leads its own turn; a sync write must not ride in a group
        // that will not be synced.
        break;
      }
      size += w.batch.approximateSizeBytes();
      if (size > maxSize) {
        break;
      }
      group.add(w.batch);
      last = w;
    }
    return last;
  }

  /**
   * Makes room in the memtable for a write, pacing by the strategy (google/leveldb
   * {@code MakeRoomForWrite}). REQUIRES mutex held, by the leader.
   */
  private void makeRoomForWrite(boolean force) throws IOException {
    boolean allowDelay = !force;
    while (true) {
      if (closed) {
        throw new IllegalStateException("database is closed");
      }
      if (bgError != null) {
        throw readOnly();
      }
      WriteStall stall = strategy.writeStall(versions.current());
      if (allowDelay && stall != WriteStall.NONE) {
        // Delay this one write by about a millisecond rather than stopping it later for long.
        allowDelay = false;
        stats.slowdowns.increment();
        mutex.unlock();
        try {
          // Like every wait of a writer here, not cut short by an interrupt: the write goes on.
          Uninterruptibles.sleepUninterruptibly(1, TimeUnit.MILLISECONDS);
        } finally {
          mutex.lock();
        }
      } else if (!force && mem.approximateMemoryUsageBytes() <= options.writeBufferSizeBytes()) {
        return;
      } else if (imm != null) {
        awaitBackground(); // the previous memtable is still being flushed
      } else if (stall == WriteStall.STOP) {
        LOG.info("{}: writes stopped by the {} strategy until compaction catches up", dir,
            strategy.name());
        maybeScheduleCompaction();
        awaitBackground();
      } else {
        try {
          newLog();
        } catch (IOException e) {
          // Sticky like any log failure: a failed directory fsync must not be tried again.
          recordBackgroundError(e);
          throw e;
        } catch (RuntimeException | Error e) {
          IOException error = new IOException("starting a new log failed: " + e, e);
          recordBackgroundError(error);
          throw error;
        }
        imm = mem;
        mem = memTableFactory.newMemTable();
        force = false;
        scheduleFlush();
      }
    }
  }

  private void awaitBackground() {
    long start = System.nanoTime();
    backgroundChanged.awaitUninterruptibly();
    stats.stallMicros.add((System.nanoTime() - start) / 1000);
  }

  private IOException readOnly() {
    return new IOException(dir + " is read-only after a background error: "
        + bgError.getMessage(), bgError);
  }

  /** Records the first background error; later writes fail with it. REQUIRES mutex held. */
  private void recordBackgroundError(IOException e) {
    if (bgError == null) {
      bgError = e;
      LOG.error("{}: background error; the database is now read-only", dir, e);
    }
    backgroundChanged.signalAll();
  }

  private void backgroundFailed(Throwable t) {
    mutex.lock();
    try {
      recordBackgroundError(t instanceof IOException ? (IOException) t
          : new IOException("background work failed: " + t, t));
    } finally {
      mutex.unlock();
    }
  }

  // ---------------------------------------------------------------- flush

  /** REQUIRES mutex held. */
  private void scheduleFlush() {
    // Not once closing: the executor is shutting down, and the log keeps the memtable's writes.
    if (!flushScheduled && imm != null && !shuttingDown) {
      flushScheduled = true;
      flushExecutor.execute(this::backgroundFlush);
    }
  }

  private void backgroundFlush() {
    try {
      flushImmutable();
    } catch (Throwable t) {
      backgroundFailed(t);
    } finally {
      mutex.lock();
      try {
        flushScheduled = false;
        backgroundChanged.signalAll();
        if (bgError == null) {
          scheduleFlush(); // a memtable may have been switched while this flush finished
        }
        maybeScheduleCompaction();
      } finally {
        mutex.unlock();
      }
    }
  }

  private void flushImmutable() throws IOException {
    MemTable m = imm;
    long logNumber;
    mutex.lock();
    try {
      if (bgError != null || m == null) {
        return;
      }
      logNumber = logFileNumber; // every older log holds only what m and the tables hold
    } finally {
      mutex.unlock();
    }
    long start = System.nanoTime();
    long number = versions.newFileNumber();
    pending.add(number);
    int level = 0;
    FileMetaData meta = writeTable(m, number);
    if (meta != null) {
      fs.syncDirectory(dir);
    }
    metadataLock.lock();
    try {
      VersionEdit.Builder edit = VersionEdit.builder().logNumber(logNumber).prevLogNumber(0);
      if (meta != null) {
        if (!compactionRunning) {
          level = strategy.levelForFlush(versions.current(),
              meta.smallest().userKey().toByteArray(), meta.largest().userKey().toByteArray());
        }
        edit.addFile(level, recordOf(meta, level, true));
      }
      versions.logAndApply(edit.build());
    } finally {
      metadataLock.unlock();
    }
    if (meta != null) {
      stats.addCompaction(level, (System.nanoTime() - start) / 1000, 0, 0);
      stats.bytesWritten.addAndGet(level, meta.fileSizeBytes());
      LOG.debug("{}: flushed memtable to table {} ({} bytes) at level {}", dir, number,
          meta.fileSizeBytes(), level);
    }
    // Only after success: a failed edit may still have reached the MANIFEST, so its table
    // stays pending and is never deleted.
    pending.remove(number);
    mutex.lock();
    try {
      imm = null;
      closeRetainedLog();
      backgroundChanged.signalAll();
    } finally {
      mutex.unlock();
    }
    deleteObsoleteFiles();
  }

  /** Switches a non-empty memtable and waits until it is flushed. */
  private void flushMemTable() throws IOException {
    mutex.lock();
    try {
      while (imm != null && bgError == null && !closed) {
        awaitBackground();
      }
      if (mem.entryCount() == 0) {
        return;
      }
      // Go through the writer queue so no leader is inserting while the memtable switches.
      Writer w = new Writer(null, false, mutex.newCondition());
      writers.addLast(w);
      while (w != writers.peekFirst()) {
        w.cv.awaitUninterruptibly();
      }
      try {
        makeRoomForWrite(true);
      } finally {
        removeWriter(w, w, null);
      }
      while (imm != null && bgError == null && !closed) {
        awaitBackground();
      }
      if (bgError != null) {
        throw readOnly();
      }
    } finally {
      mutex.unlock();
    }
  }

  // ---------------------------------------------------------------- compaction

  /** REQUIRES mutex held. */
  private void maybeScheduleCompaction() {
    if (compactionScheduled || shuttingDown || bgError != null || compactionExecutor == null) {
      return;
    }
    if (strategy.pickCompaction(versions.current()).isPresent()) {
      compactionScheduled = true;
      compactionExecutor.execute(this::backgroundCompaction);
    }
  }

  private void backgroundCompaction() {
    try {
      while (!shuttingDown) {
        mutex.lock();
        try {
          if (bgError != null) {
            break;
          }
        } finally {
          mutex.unlock();
        }
        if (!compactOnce(v -> strategy.pickCompaction(v), false)) {
          break;
        }
      }
    } catch (InterruptedIOException e) {
      if (!shuttingDown) {
        backgroundFailed(e);
      }
    } catch (Throwable t) {
      backgroundFailed(t);
    } finally {
      mutex.lock();
      try {
        compactionScheduled = false;
        backgroundChanged.signalAll();
        maybeScheduleCompaction(); // work may have arrived since the last pick
      } finally {
        mutex.unlock();
      }
    }
  }

  /**
   * Picks a compaction from the current Version with {@code picker} and runs it; returns false
   * when there is nothing to do. Runs on the compaction thread only.
   */
  private boolean compactOnce(java.util.function.Function<Version, Optional<Compaction>> picker,
      boolean manual) throws IOException {
    PinnedVersion pinned;
    Compaction c;
    metadataLock.lock();
    try {
      pinned = versions.pinCurrent();
      Optional<Compaction> picked = picker.apply(pinned.version());
      if (picked.isEmpty()) {
        pinned.close();
        return false;
      }
      c = picked.get();
      compactionRunning = true;
    } finally {
      metadataLock.unlock();
    }
    try {
      runCompaction(c, pinned.version(), manual);
    } finally {
      pinned.close();
      metadataLock.lock();
      try {
        compactionRunning = false;
      } finally {
        metadataLock.unlock();
      }
    }
    mutex.lock();
    try {
      backgroundChanged.signalAll();
    } finally {
      mutex.unlock();
    }
    deleteObsoleteFiles();
    return true;
  }

  private void runCompaction(Compaction c, Version version, boolean manual) throws IOException {
    long start = System.nanoTime();
    VersionEdit.Builder edit = VersionEdit.builder();
    c.compactPointer().ifPresent(p -> edit.compactPointer(p.level(), p.key()));
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        edit.deleteFile(in.level(), f.fileNumber());
      }
    }
    if (c.trivialMove() && !manual) {
      FileMetaData f = c.inputs().get(0).files().get(0);
      edit.addFile(c.outputLevel(), strategy.levelDbLayout() && c.outputLevel() > 0
          ? f.withoutSequenceRange() : f);
      logAndApply(edit.build());
      LOG.debug("{}: moved table {} to level {} ({})", dir, f.fileNumber(), c.outputLevel(),
          c.reason());
      return;
    }
    CompactionRunner.Result result = runner.run(c, version, smallestSnapshot(),
        () -> shuttingDown);
    for (FileMetaData f : result.outputs()) {
      edit.addFile(c.outputLevel(), recordOf(f, c.outputLevel(), false));
    }
    if (!result.outputs().isEmpty()) {
      fs.syncDirectory(dir);
    }
    // On failure the outputs stay pending, so that nothing deletes them: the edit may have
    // reached the MANIFEST even though it was not installed.
    logAndApply(edit.build());
    result.outputs().forEach(f -> pending.remove(f.fileNumber()));
    long micros = (System.nanoTime() - start) / 1000;
    stats.addCompaction(c.outputLevel(), micros, result.bytesRead(), result.bytesWritten());
    LOG.debug("{}: compacted {} files ({} bytes) into {} files ({} bytes) at level {} in {} us"
            + " ({}; {} entries dropped)", dir, c.inputFileCount(), result.bytesRead(),
        result.outputs().size(), result.bytesWritten(), c.outputLevel(), micros, c.reason(),
        result.entriesDropped());
  }

  /**
   * What the MANIFEST records of a table just written for {@code level}: its sequence range and
   * this strategy as its writer, except where LevelDB's layout orders it without them (a flush,
   * or any level below 0, under a strategy that keeps that layout).
   */
  private FileMetaData recordOf(FileMetaData f, int level, boolean flush) {
    if (strategy.levelDbLayout() && (flush || level > 0)) {
      return f.withoutSequenceRange();
    }
    return f.withSequenceRange(f.smallestSequence(), f.largestSequence(), strategy.name());
  }

  private void logAndApply(VersionEdit edit) throws IOException {
    metadataLock.lock();
    try {
      versions.logAndApply(edit);
    } finally {
      metadataLock.unlock();
    }
  }

  /** The oldest sequence number a reader may read at. */
  private long smallestSnapshot() {
    mutex.lock();
    try {
      return snapshots.isEmpty() ? versions.lastSequence() : snapshots.firstKey();
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    checkOpen();
    flushMemTable();
    int maxLevelWithFiles = 1;
    Version current = versions.current();
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      if (current.overlapInLevel(level, begin, end)) {
        maxLevelWithFiles = level;
      }
    }
    final int lastLevel = maxLevelWithFiles;
    Future<?> done = compactionExecutor.submit(() -> {
      // Through the deepest level holding the range too (LevelDB stops above it), so that
      // deleted and overwritten data there is dropped as well.
      for (int level = 0; level <= lastLevel && !shuttingDown; level++) {
        final int l = level;
        while (!shuttingDown && compactOnce(v -> strategy.rangeCompaction(v, l, begin, end), true)) {
          // repeat until no file of the level overlaps the range
        }
      }
      return null;
    });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compacting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        backgroundFailed(cause);
        throw (IOException) cause;
      }
      backgroundFailed(cause);
      throw new IOException("compaction failed: " + cause, cause);
    }
  }

  // ---------------------------------------------------------------- obsolete files

  /**
   * Deletes files no live Version, pending output or needed log refers to (google/leveldb
   * {@code RemoveObsoleteFiles}); at open this removes the orphans of a crash.
   */
  private void deleteObsoleteFiles() throws IOException {
    synchronized (deletionLock) {
      mutex.lock();
      try {
        if (bgError != null) {
          return; // after an error the state on disk may be needed to recover: keep it
        }
      } finally {
        mutex.unlock();
      }
      // Order matters: list, then pending, then live. A file listed was pending before it was
      // written and stays pending until it is live, so it is in one of the two sets.
      List<String> names = fs.list(dir);
      Set<Long> pendingNow = pending.snapshot();
      Set<Long> live = versions.liveFileNumbers();
      // Read after live: a live table the later current Version no longer lists was dropped by
      // an edit, for good (file numbers are never reused), and waits only for its pins.
      Set<Long> currentFiles = versions.current().fileNumbers();
      deferredTables.clear();
      long logNumber = versions.logNumber();
      long prevLogNumber = versions.prevLogNumber();
      long manifestNumber = versions.manifestFileNumber();
      for (String name : names) {
        Optional<FileNames.ParsedFileName> parsed = FileNames.parse(name);
        if (parsed.isEmpty()) {
          continue;
        }
        long n = parsed.get().number();
        boolean keep;
        switch (parsed.get().type()) {
          case LOG:
            keep = n >= logNumber || n == prevLogNumber;
            break;
          case MANIFEST:
            keep = n >= manifestNumber;
            break;
          case TABLE:
            keep = live.contains(n) || pendingNow.contains(n);
            if (keep && !pendingNow.contains(n) && !currentFiles.contains(n)) {
              deferredTables.add(n);
            }
            break;
          case OPTIONS:
          case OPTIONS_TEMP:
            keep = true; // OptionsFile.write deletes the older ones after writing a new one
            break;
          case TEMP:
            // NNNNNN.dbtmp becomes CURRENT when MANIFEST-NNNNNN is started, which may be
            // happening on another thread right now: only those of older MANIFESTs are orphans.
            keep = n >= manifestNumber || pendingNow.contains(n);
            break;
          default:
            keep = true;
            break;
        }
        if (!keep) {
          if (parsed.get().type() == FileNames.FileType.TABLE) {
            tableCache.evict(n);
          }
          try {
            fs.delete(dir.resolve(name));
            LOG.debug("{}: deleted obsolete {}", dir, name);
          } catch (java.nio.file.NoSuchFileException e) {
            // Already gone: nothing to do.
          }
        }
      }
    }
  }

  /**
   * Releases {@code pinned}; when its Version is no longer current, deletes the obsolete tables
   * that no Version lists any more (this may have been their last pin). Cheap when the Version
   * is still current: two volatile reads.
   */
  private void unpin(PinnedVersion pinned) {
    pinned.close();
    if (pinned.version() != versions.current()) {
      deleteUnpinnedTables();
    }
  }

  /** Deletes the {@code deferredTables} that neither the current nor a pinned Version lists. */
  private void deleteUnpinnedTables() {
    synchronized (deletionLock) {
      if (deferredTables.isEmpty() || closed) {
        return; // after close, the next open removes what is left as orphans
      }
      mutex.lock();
      try {
        if (bgError != null) {
          return; // as in deleteObsoleteFiles: keep the state on disk
        }
      } finally {
        mutex.unlock();
      }
      Set<Long> live = versions.liveFileNumbers();
      for (Iterator<Long> i = deferredTables.iterator(); i.hasNext(); ) {
        long n = i.next();
        if (live.contains(n)) {
          continue;
        }
        i.remove();
        tableCache.evict(n);
        String name = FileNames.tableFileName(n);
        try {
          fs.delete(dir.resolve(name));
          LOG.debug("{}: deleted obsolete {} after its last reader", dir, name);
        } catch (java.nio.file.NoSuchFileException e) {
          // Already gone: nothing to do.
        } catch (IOException e) {
          // A reader must not fail for this: the file is unused, and the next full pass (after
          // a flush or compaction, or at open) lists the directory and deletes it again.
          LOG.warn("{}: deleting obsolete {} failed", dir, name, e);
        }
      }
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(ReadOptions readOptions, byte[] key) throws IOException {
    checkNotNull(readOptions, "options");
    checkNotNull(key, "key");
    checkOpen();
    long sequence = readSequence(readOptions);
    MemTable m = mem;
    MemTable im = imm;
    GetResult result = new GetResult();
    stats.gets.increment();
    if (m.get(key, sequence, result) || (im != null && im.get(key, sequence, result))) {
      return result.value();
    }
    boolean verify = readOptions.verifyChecksums() || options.paranoidChecks();
    PinnedVersion pinned = versions.pinCurrent();
    try {
      Version v = pinned.version();
      int consulted = 0;
      try {
        for (FileMetaData f : v.files(0)) {
          if (compareUserKey(key, f.smallest().userKey()) >= 0
              && compareUserKey(key, f.largest().userKey()) <= 0) {
            consulted++;
            if (tableGet(f, key, sequence, result, verify, readOptions.fillCache())) {
              return result.value();
            }
          }
        }
        byte[] lookup = null;
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
          List<FileMetaData> files = v.files(level);
          if (files.isEmpty()) {
            continue;
          }
          if (lookup == null) {
            lookup = InternalKeys.encode(key, sequence, ValueType.FOR_SEEK);
          }
          int i = v.findFile(level, lookup);
          if (i < files.size()) {
            FileMetaData f = files.get(i);
            if (compareUserKey(key, f.smallest().userKey()) >= 0) {
              consulted++;
              if (tableGet(f, key, sequence, result, verify, readOptions.fillCache())) {
                return result.value();
              }
            }
          }
        }
        return null;
      } finally {
        stats.tablesConsulted.add(consulted);
      }
    } finally {
      unpin(pinned);
    }
  }

  /** Compares a user key with a file bound; no copy of the bound in the bytewise order. */
  private int compareUserKey(byte[] key, Bytes bound) {
    // Bytes orders bytewise; a byte-array comparison returns a small value, safe to negate.
    return bytewise
        ? -bound.compareTo(key, 0, key.length) : ucmp.compare(key, bound.toByteArray());
  }

  private boolean tableGet(FileMetaData f, byte[] key, long sequence, GetResult result,
      boolean verify, boolean fillCache) throws IOException {
    try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
      return h.reader().get(key, sequence, result, verify, fillCache);
    }
  }

  private long readSequence(ReadOptions readOptions) {
    if (readOptions.snapshot().isPresent()) {
      Snapshot s = readOptions.snapshot().get();
      checkArgument(s instanceof SnapshotImpl && ((SnapshotImpl) s).owner == this,
          "snapshot %s does not belong to this database", s);
      checkState(!((SnapshotImpl) s).released, "snapshot %s was released", s);
      return s.sequenceNumber();
    }
    return versions.lastSequence();
  }

  @Override
  public DbIterator newIterator(ReadOptions readOptions) {
    checkNotNull(readOptions, "options");
    checkOpen();
    long sequence = readSequence(readOptions);
    MemTable m = mem;
    MemTable im = imm;
    PinnedVersion pinned = versions.pinCurrent();
    boolean verify = readOptions.verifyChecksums() || options.paranoidChecks();
    boolean fill = readOptions.fillCache();
    ConcatenatingIterator.FileOpener opener = f -> TableIterators.open(tableCache, f, verify, fill);
    List<InternalIterator> children = new ArrayList<>();
    children.add(m.newIterator());
    if (im != null) {
      children.add(im.newIterator());
    }
    Version v = pinned.version();
    for (FileMetaData f : v.files(0)) {
      // One lazily opened file each: newIterator does no I/O.
      children.add(new ConcatenatingIterator(icmp, List.of(f), opener));
    }
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      if (!v.files(level).isEmpty()) {
        children.add(new ConcatenatingIterator(icmp, v.files(level), opener));
      }
    }
    return new DbIteratorImpl(MergingIterator.of(icmp, children), ucmp, sequence,
        () -> unpin(pinned), () -> !closed);
  }

  @Override
  public Snapshot getSnapshot() {
    checkOpen();
    mutex.lock();
    try {
      long seq = versions.lastSequence();
      snapshots.merge(seq, 1, Integer::sum);
      return new SnapshotImpl(this, seq);
    } finally {
      mutex.unlock();
    }
  }

  private void releaseSnapshot(SnapshotImpl s) {
    mutex.lock();
    try {
      snapshots.computeIfPresent(s.sequence, (k, n) -> n == 1 ? null : n - 1);
    } finally {
      mutex.unlock();
    }
  }

  @Override
  public long[] getApproximateSizes(List<Range> ranges) throws IOException {
    checkNotNull(ranges, "ranges");
    checkOpen();
    long[] sizes = new long[ranges.size()];
    PinnedVersion pinned = versions.pinCurrent();
    try {
      for (int i = 0; i < ranges.size(); i++) {
        Range r = checkNotNull(ranges.get(i), "ranges[%s]", i);
        byte[] start = InternalKeys.encode(r.start().toByteArray(), InternalKey.MAX_SEQUENCE,
            ValueType.FOR_SEEK);
        byte[] limit = InternalKeys.encode(r.limit().toByteArray(), InternalKey.MAX_SEQUENCE,
            ValueType.FOR_SEEK);
        long a = approximateOffsetOf(pinned.version(), start);
        long b = approximateOffsetOf(pinned.version(), limit);
        sizes[i] = b >= a ? b - a : 0;
      }
    } finally {
      unpin(pinned);
    }
    return sizes;
  }

  /** Bytes of the tables before {@code key} (google/leveldb {@code ApproximateOffsetOf}). */
  private long approximateOffsetOf(Version v, byte[] key) throws IOException {
    long result = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (FileMetaData f : v.files(level)) {
        if (icmp.compare(f.largest().encode(), key) <= 0) {
          result += f.fileSizeBytes();
        } else if (icmp.compare(f.smallest().encode(), key) > 0) {
          if (level > 0) {
            break; // sorted: no later file of the level holds smaller keys
          }
        } else {
          try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
            result += h.reader().approximateOffsetOf(key);
          }
        }
      }
    }
    return result;
  }

  @Override
  public Optional<String> getProperty(String name) {
    checkNotNull(name, "name");
    checkOpen();
    if (name.equals("strata.recovery")) {
      return Optional.of(recoveryReport);
    }
    return DbProperties.get(name, new DbProperties.Source(versions.current(), strategy,
        strategyChoice, stats, mem, imm, versions.bytesWritten(), tableCache.size()));
  }

  /**
   * Waits until no flush or compaction is scheduled and nothing is left to compact: the tree has
   * settled. For tests and tools.
   *
   * @throws IOException the background error, if one stopped the work
   */
  void awaitQuiescence() throws IOException {
    mutex.lock();
    try {
      maybeScheduleCompaction();
      while ((flushScheduled || compactionScheduled || imm != null) && bgError == null
          && !closed) {
        try {
          backgroundChanged.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for compactions");
        }
      }
      if (bgError != null) {
        throw readOnly();
      }
    } finally {
      mutex.unlock();
    }
  }

  /** The current Version, for tests and tools. */
  Version currentVersion() {
    return versions.current();
  }

  /** Forces the memtable to a table and waits for the flush, for tests and tools. */
  void flush() throws IOException {
    checkOpen();
    flushMemTable();
  }

  // ---------------------------------------------------------------- close

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("database is closed: " + dir);
    }
  }

  @Override
  public void close() throws IOException {
    mutex.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      shuttingDown = true;
      backgroundChanged.signalAll();
      // Let the writers in flight finish; queued ones wake, see the close and fail. Every
      // writer leaves the queue whatever its write throws, so this ends unless a leader is stuck
      // in the file system; then close goes on after the bound, and that leader fails on the
      // closed log once the file system lets it go.
      long deadline = System.nanoTime() + CLOSE_WAIT_FOR_WRITERS_NANOS;
      while (!writers.isEmpty()) {
        if (System.nanoTime() - deadline >= 0) {
          LOG.warn("{}: closing with {} write(s) still in flight after {} s", dir,
              writers.size(), TimeUnit.NANOSECONDS.toSeconds(CLOSE_WAIT_FOR_WRITERS_NANOS));
          break;
        }
        writers.peekFirst().cv.signal();
        try {
          backgroundChanged.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      mutex.unlock();
    }
    closeQuietly();
    LOG.info("{}: closed", dir);
  }

  /** Stops background work and releases every resource; errors are logged, not thrown. */
  private void closeQuietly() {
    for (ExecutorService e : new ExecutorService[] {flushExecutor, compactionExecutor}) {
      if (e != null) {
        e.shutdown();
        try {
          if (!e.awaitTermination(10, TimeUnit.MINUTES)) {
            LOG.warn("{}: background work did not stop in time", dir);
          }
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }
    mutex.lock();
    try {
      if (log != null) {
        try {
          log.close();
        } catch (IOException e) {
          // Unflushed bytes of non-sync writes may be lost, as in a process crash.
          LOG.warn("{}: closing the log failed", dir, e);
        }
        log = null;
      }
      closeRetainedLog();
    } finally {
      mutex.unlock();
    }
    try {
      versions.close();
    } catch (IOException e) {
      LOG.warn("{}: closing the MANIFEST failed", dir, e);
    }
    tableCache.close();
    tableFormat.close();
    if (dbLock != null) {
      try {
        dbLock.close();
      } catch (IOException e) {
        LOG.warn("{}: releasing the lock failed", dir, e);
      }
      dbLock = null;
    }
  }

  /** One queued write (google/leveldb {@code DBImpl::Writer}). Guarded by mutex. */
  private static final class Writer {
    final WriteBatch batch;
    final boolean sync;
    final Condition cv;
    boolean done;
    IOException error;

    Writer(WriteBatch batch, boolean sync, Condition cv) {
      this.batch = batch;
      this.sync = sync;
      this.cv = cv;
    }
  }

  private static final class SnapshotImpl implements Snapshot {
    final DbImpl owner;
    final long sequence;
    volatile boolean released;

    SnapshotImpl(DbImpl owner, long sequence) {
      this.owner = owner;
      this.sequence = sequence;
    }

    @Override
    public long sequenceNumber() {
      return sequence;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        owner.releaseSnapshot(this);
      }
    }

    @Override
    public String toString() {
      return "Snapshot@" + sequence;
    }
  }
}
