package io.strata.core;

import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.WalRecoveryMode;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.table.TableProperties;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.api.spi.version.VersionSet;
import io.strata.core.cache.TableCache;
import io.strata.core.compaction.CompressionSettings;
import io.strata.core.compaction.OptionsFile;
import io.strata.core.compaction.StrategyChoice;
import io.strata.core.compaction.StrategyFactory;
import io.strata.core.merge.MergeOperatorChoice;
import io.strata.core.merge.MergeOperators;
import io.strata.core.read.TableIterators;
import io.strata.core.ttl.TtlMergeOperator;
import io.strata.core.ttl.TtlValues;
import io.strata.core.write.LogRecovery;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What open does between locking the directory and starting background work (google/leveldb
 * {@code DB::Open}, {@code DBImpl::Recover}, {@code RecoverLogFile}; rocksdb
 * {@code db_impl_open.cc}): creates or recovers the MANIFEST, chooses the compaction strategy and
 * records it, replays the write-ahead logs into level-0 tables, and starts a new log. Runs once,
 * on the opening thread, before the database is published.
 *
 * <p>A failed open leaves the directory as it found it: tables written by a failed replay are
 * deleted again, and the logs replay dropped records from are moved to {@code lost/} only once
 * the MANIFEST no longer needs them.
 */
final class Recovery {
  private static final Logger LOG = DbState.LOG;

  /** Where open keeps the logs it dropped records from, as repair keeps what it sets aside. */
  static final String LOST_DIR = "lost";
  /** How a strategy switch names a tree whose strategy was not recorded (LevelDB's layout). */
  static final String UNRECORDED_LAYOUT = "LevelDB layout";

  private final DbState state;
  private final Path dir;
  private final FileSystem fs;
  private final Options options;
  private final VersionSet versions;
  private final StrategyFactory strategyFactory;
  private final WalFiles walFiles;
  private final FlushJob flushJob;
  private final MergeOperators mergeOperators;
  /**
   * What open dropped from the logs it replayed, one line per log; empty if nothing. Written
   * once by open, before the database is published.
   */
  private volatile String recoveryReport = "";
  /** The compression settings the directory's OPTIONS file records; the defaults if none. */
  private CompressionSettings recordedCompression = CompressionSettings.DEFAULT;
  /** The TTL the directory records, in seconds; empty for none. Written by open only. */
  private OptionalLong recordedTtlSeconds = OptionalLong.empty();

  Recovery(DbState state, StrategyFactory strategyFactory, WalFiles walFiles, FlushJob flushJob,
      MergeOperators mergeOperators) {
    this.mergeOperators = mergeOperators;
    this.state = state;
    this.dir = state.dir;
    this.fs = state.fs;
    this.options = state.options;
    this.versions = state.versions;
    this.strategyFactory = strategyFactory;
    this.walFiles = walFiles;
    this.flushJob = flushJob;
  }

  /**
   * Creates or recovers the database in the locked directory: the MANIFEST, the strategy, the
   * logs; leaves a new log and an empty memtable to write to.
   */
  void run() throws IOException {
    boolean create = !versions.exists();
    if (create) {
      refuseDatabaseWithoutCurrent();
      if (!options.createIfMissing()) {
        throw new IOException(dir + ": database does not exist (createIfMissing is false)");
      }
      // Chosen before anything is written, so that a bad strategy option creates nothing.
      chooseStrategy(StrategyChoice.resolve(options, Optional.empty(), Optional.empty(), true));
      chooseMergeOperator(MergeOperatorChoice.resolve(options, Optional.empty(), dir.toString()));
      LOG.info("{}: creating a new database", dir);
      versions.create();
    } else if (options.errorIfExists()) {
      throw new IOException(dir + ": database exists (errorIfExists is true)");
    }
    versions.recover();
    Features.checkKnown(dir, versions.current().features());
    // A new OPTIONS file must be numbered above every one present, also above a stray one
    // left in a directory emptied by hand or by LevelDB's DestroyDB (which keeps it).
    OptionsFile.newestNumber(fs, dir).ifPresent(versions::markFileNumberUsed);
    if (!create) {
      // Before the logs are replayed: a recorded strategy that is not on the class path fails
      // the open before anything is written.
      Optional<OptionsFile.Loaded> recorded = OptionsFile.readNewest(fs, dir);
      recorded.ifPresent(r -> recordedCompression = r.compression());
      recordedTtlSeconds = recorded.map(OptionsFile.Loaded::ttlSeconds)
          .orElse(OptionalLong.empty());
      TtlRecord.check(dir, options, recordedTtlSeconds);
      chooseStrategy(StrategyChoice.resolve(options, recorded,
          versions.current().strategySwitch().map(VersionEdit.StrategySwitch::strategy),
          false));
      chooseMergeOperator(MergeOperatorChoice.resolve(options,
          recorded.flatMap(OptionsFile.Loaded::mergeOperator), dir.toString()));
    }
    // Before anything the features need reaches a file: a flush of the replayed logs may
    // already write blocks in the configured compression.
    Features.record(state, Features.impliedBy(options));
    recoverLogs();
    adoptStrategy();
    recordStrategy();
  }

  /** What the {@code strata.recovery} property reports. */
  String report() {
    return recoveryReport;
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
    DbFiles files = DbFiles.list(fs, dir);
    List<String> found = new ArrayList<>(files.names(FileType.TABLE));
    found.addAll(files.names(FileType.LOG));
    found.addAll(files.names(FileType.MANIFEST));
    boolean onlyFirstManifest = files.of(FileType.TABLE).isEmpty()
        && files.of(FileType.LOG).isEmpty()
        && files.numbers(FileType.MANIFEST).stream().allMatch(n -> n == 1);
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
      state.strategy = strategyFactory.create(choice.settings());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(dir + ": compaction strategy " + choice.settings().name()
          + " (" + choice.source() + "): " + e.getMessage(), e);
    }
    state.strategyChoice = choice;
  }

  /**
   * Creates the merge operator {@code choice} settles on, before the logs are replayed.
   *
   * @throws IllegalArgumentException if the operator is not on the class path or rejects its
   *     options, saying where the name came from
   */
  private void chooseMergeOperator(MergeOperatorChoice choice) {
    if (choice.settings().isPresent()) {
      try {
        MergeOperator operator = mergeOperators.create(choice.settings().get());
        // Under a TTL operands and values carry their write time: the user's operator never
        // sees it, and a merged value gets the time of the merge.
        state.mergeOperator = options.ttl().isEmpty() ? operator
            : new TtlMergeOperator(operator, new TtlValues(options.ttl().get(), options.clock()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(dir + ": merge operator "
            + choice.settings().get().name() + " (" + choice.source() + "): " + e.getMessage(),
            e);
      }
    }
    state.mergeChoice = choice;
  }

  /**
   * Writes a new OPTIONS file when the open chose other strategy, merge operator, compression or
   * TTL settings than the directory records (or created it), then reports a change of strategy
   * or options.
   */
  private void recordStrategy() throws IOException {
    CompressionSettings compression = CompressionSettings.of(options);
    OptionalLong ttlSeconds = TtlRecord.seconds(options);
    if (state.strategyChoice.record() || state.mergeChoice.record()
        || !compression.equals(recordedCompression) || !ttlSeconds.equals(recordedTtlSeconds)) {
      OptionsFile.write(fs, dir, versions.newFileNumber(), new OptionsFile.Contents(
          state.strategyChoice.settings(), compression, ttlSeconds,
          state.mergeChoice.settings()));
    }
    state.strategyChoice.change().ifPresent(c -> LOG.info("{}: {}", dir, c));
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
    if (!recorded.equals(state.strategy.name())
        && !(recorded.isEmpty() && state.strategy.levelDbLayout())) {
      boolean fresh = v.fileNumbers().isEmpty() && versions.lastSequence() == 0;
      String previous = !recorded.isEmpty() || fresh ? recorded : UNRECORDED_LAYOUT;
      edit.strategySwitch(state.strategy.name(), previous);
      changed = true;
      LOG.info("{}: compaction strategy {} takes over from {}", dir, state.strategy.name(),
          previous.isEmpty() ? "a new database" : previous);
    }
    if (!state.strategy.levelDbLayout()) {
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
      state.logAndApply(edit.build());
    }
  }

  /**
   * The smallest and largest sequence number in table {@code f}: from its properties block, or
   * by reading all of it when it has none (a table LevelDB wrote).
   */
  private long[] sequenceRange(FileMetaData f) throws IOException {
    try (TableCache.Handle h = state.tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
      TableProperties stats = h.reader().properties();
      if (stats.hasSequenceRange()) {
        return new long[] {stats.smallestSequence(), stats.largestSequence()};
      }
    }
    long lo = Long.MAX_VALUE;
    long hi = 0;
    try (InternalIterator it = TableIterators.open(state.tableCache, f, true, false)) {
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
    DbFiles files = DbFiles.list(fs, dir);
    Set<Long> expected = new HashSet<>(versions.current().fileNumbers());
    expected.removeAll(files.numbers(FileType.TABLE));
    // Sorted by number, as replay needs.
    List<Long> logs = files.numbers(FileType.LOG).stream()
        .filter(n -> n >= versions.logNumber() || n == versions.prevLogNumber())
        .toList();
    if (!expected.isEmpty()) {
      long first = Collections.min(expected);
      throw new CorruptionException(dir.resolve(FileNames.tableFileName(first)).toString(), -1,
          expected.size() + " table file(s) listed in the MANIFEST are missing, e.g. "
              + FileNames.tableFileName(first));
    }
    VersionEdit.Builder edit = VersionEdit.builder();
    List<LogRecovery.Outcome> dropped = new ArrayList<>();
    long maxSequence = replayLogs(logs, edit, dropped);
    versions.setLastSequence(Math.max(maxSequence, versions.lastSequence()));
    long logNumber;
    state.mutex.lock();
    try {
      walFiles.newLog();
      logNumber = walFiles.logFileNumber();
    } finally {
      state.mutex.unlock();
    }
    edit.logNumber(logNumber).prevLogNumber(0);
    versions.logAndApply(edit.build());
    keepDroppedLogs(dropped);
    state.mem = state.memTableFactory.newMemTable();
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
    MemTable[] recovered = {state.memTableFactory.newMemTable()};
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
                  recovered[0] = state.memTableFactory.newMemTable();
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
    state.pending.add(number);
    FileMetaData meta = flushJob.writeTable(m, number);
    if (meta != null) {
      fs.syncDirectory(dir);
      edit.addFile(0, state.recordOf(meta, 0, true));
    }
  }
}
