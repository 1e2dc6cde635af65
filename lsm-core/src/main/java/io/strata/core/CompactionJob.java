package io.strata.core;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.CompactionInfo;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.compaction.CompactionFilterRun;
import io.strata.core.compaction.CompactionRunner;
import io.strata.core.compaction.OutputCompression;
import io.strata.core.compaction.Subcompactions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Picks one compaction, runs it and installs its outputs (google/leveldb
 * {@code BackgroundCompaction} and {@code DoCompactionWork}; rocksdb {@code CompactionJob}). The
 * merge itself is {@link CompactionRunner}'s. Runs on the compaction thread only.
 *
 * <p>The pick and {@code compactionRunning} are decided under {@code metadataLock}, so that a
 * concurrent flush stays at level 0 while a compaction runs. Durability order: outputs fsynced,
 * directory synced, MANIFEST edit synced, and only then are the inputs deleted
 * ({@link ObsoleteFiles}).
 *
 * <p>A large compaction may be merged as several subcompactions over disjoint key ranges at
 * once ({@link Subcompactions}, {@code Options.maxSubcompactions}); their outputs are installed
 * together in the one edit, and the listeners hear of one compaction with their sums.
 *
 * <p>The inputs a background compaction made obsolete are deleted by a pass queued on a thread
 * of the database's own ({@code strata-files-<dir>}, which also syncs the compaction outputs;
 * see {@code OutputSyncs}), so that the next compaction need not wait for the unlinks;
 * {@link BackgroundWork#awaitQuiescence} waits for a queued pass, and close for every one. A
 * manual compaction, and every compaction of a database of a shared pool, deletes them on the
 * compaction thread before {@link #compactOnce} returns.
 *
 * <p>Events: the listeners hear of the compaction's begin once it is picked and of its
 * completion once it is installed, on the compaction thread before {@link #compactOnce} returns;
 * and of the input tables deleted, on the thread that deleted them; all with no lock held.
 */
final class CompactionJob {
  private static final Logger LOG = DbState.LOG;

  private final DbState state;
  private final Snapshots snapshots;
  private final ObsoleteFiles obsoleteFiles;
  private final CompactionRunner runner;
  /** Splits a large compaction into key ranges merged in parallel; see {@link Subcompactions}. */
  final Subcompactions subcompactions;
  /** Creates each compaction's filter; empty for none. */
  private final Optional<CompactionFilterFactory> filterFactory;
  private final OutputCompression outputCompression;
  /**
   * The thread that syncs finished compaction outputs and deletes what a compaction made
   * obsolete, off the compaction thread; null for a database of a shared pool, which does both
   * in line.
   */
  final ExecutorService fileWork;
  /** An obsolete-file pass is queued on {@code fileWork} and has not started. */
  @GuardedBy("state.mutex")
  private boolean deletionQueued;
  /** An obsolete-file pass runs on {@code fileWork}. */
  @GuardedBy("state.mutex")
  private boolean deletionRunning;

  CompactionJob(DbState state, Snapshots snapshots, ObsoleteFiles obsoleteFiles,
      Optional<CompactionFilterFactory> filterFactory) {
    this.state = state;
    this.filterFactory = filterFactory;
    this.snapshots = snapshots;
    this.obsoleteFiles = obsoleteFiles;
    this.outputCompression = new OutputCompression(state.options);
    // A database of a shared pool starts no thread of its own: it syncs and deletes in line.
    this.fileWork = state.sharedUse.enabled() ? null
        : CompactionRunner.newSyncExecutor("strata-files-" + state.dir.getFileName());
    this.runner = new CompactionRunner(state.fs, state.dir, state.tableFormat, state.tableCache,
        state.icmp, state.versions::newFileNumber, state.pending, outputCompression, fileWork);
    this.subcompactions = new Subcompactions(runner, state.fs, state.dir, state.tableCache,
        state.icmp.userComparator(), state.pending, state.options.maxSubcompactions());
  }

  /**
   * Picks a compaction from the current Version with {@code picker} and runs it; returns false
   * when there is nothing to do. Runs on the compaction thread only.
   */
  boolean compactOnce(Function<Version, Optional<Compaction>> picker, boolean manual)
      throws IOException {
    PinnedVersion pinned;
    Compaction c;
    assert !state.mutex.isHeldByCurrentThread() : "metadataLock is never taken under mutex";
    state.metadataLock.lock();
    try {
      pinned = state.versions.pinCurrent();
      Optional<Compaction> picked = picker.apply(pinned.version());
      if (picked.isEmpty()) {
        pinned.close();
        return false;
      }
      c = picked.get();
      state.compactionRunning = true;
      state.stats.runningCompactions.incrementAndGet();
    } finally {
      state.metadataLock.unlock();
    }
    long start = state.ticker.read();
    // A move that would change the level's compression rewrites the file instead (RocksDB's).
    boolean trivialMove = c.trivialMove() && !manual
        && outputCompression.allowsTrivialMove(c, pinned.version());
    CompactionInfo completed;
    try {
      if (state.events.enabled()) {
        state.events.compactionBegin(info(c, trivialMove, manual, List.of(), 0, 0, 0, 0, 0));
      }
      completed = run(c, pinned.version(), trivialMove, manual, start);
    } finally {
      pinned.close();
      state.metadataLock.lock();
      try {
        state.compactionRunning = false;
        state.stats.runningCompactions.decrementAndGet();
      } finally {
        state.metadataLock.unlock();
      }
    }
    state.events.compactionCompleted(completed);
    boolean queue = false;
    state.mutex.lock();
    try {
      state.backgroundChanged.signalAll();
      // One queued pass is enough: it lists the directory when it starts.
      if (fileWork != null && !manual && !deletionQueued) {
        deletionQueued = true;
        queue = true;
      }
    } finally {
      state.mutex.unlock();
    }
    if (fileWork == null || manual) {
      // A manual compaction (compactRange) returns with the space of its inputs given back.
      state.events.tablesDeleted(obsoleteFiles.deleteObsoleteFiles());
    } else if (queue) {
      // Unlinking a compaction's inputs took a tenth of the compaction thread's time in a
      // 10M-key fill: the next compaction starts while they go.
      fileWork.execute(this::deleteObsoleteFiles);
    }
    return true;
  }

  /** An obsolete-file pass on {@code fileWork}; a failure is a background error, as in line. */
  private void deleteObsoleteFiles() {
    state.mutex.lock();
    try {
      deletionQueued = false; // a compaction ending from now on queues another pass
      deletionRunning = true;
    } finally {
      state.mutex.unlock();
    }
    try {
      state.events.tablesDeleted(obsoleteFiles.deleteObsoleteFiles());
    } catch (Throwable t) {
      state.events.backgroundError("compaction", t);
      state.backgroundFailed(t);
    } finally {
      state.mutex.lock();
      try {
        deletionRunning = false;
        state.backgroundChanged.signalAll();
      } finally {
        state.mutex.unlock();
      }
    }
  }

  /** Whether an obsolete-file pass is queued or running. REQUIRES mutex held. */
  boolean deletionPending() {
    assert state.mutex.isHeldByCurrentThread();
    return deletionQueued || deletionRunning;
  }

  /** What the listeners hear of {@code c}. */
  private CompactionInfo info(Compaction c, boolean trivialMove, boolean manual,
      List<Long> outputs, long outputBytes, long entriesIn, long entriesDropped,
      long tombstonesDropped, long micros) {
    List<CompactionInfo.LevelInput> inputs = new ArrayList<>(c.inputs().size());
    for (Compaction.LevelInputs in : c.inputs()) {
      List<Long> numbers = new ArrayList<>(in.files().size());
      long bytes = 0;
      for (FileMetaData f : in.files()) {
        numbers.add(f.fileNumber());
        bytes += f.fileSizeBytes();
      }
      inputs.add(new CompactionInfo.LevelInput(in.level(), numbers, bytes));
    }
    return new CompactionInfo(state.strategy.name(), c.reason(), trivialMove, manual, inputs,
        c.outputLevel(), outputs, outputBytes, entriesIn, entriesDropped, tombstonesDropped,
        micros);
  }

  /** Runs {@code c} and installs its outputs; what the listeners hear of it when done. */
  private CompactionInfo run(Compaction c, Version version, boolean trivialMove, boolean manual,
      long start) throws IOException {
    VersionEdit.Builder edit = VersionEdit.builder();
    c.compactPointer().ifPresent(p -> edit.compactPointer(p.level(), p.key()));
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        edit.deleteFile(in.level(), f.fileNumber());
      }
    }
    if (trivialMove) {
      FileMetaData f = c.inputs().get(0).files().get(0);
      edit.addFile(c.outputLevel(), state.strategy.levelDbLayout() && c.outputLevel() > 0
          ? f.withoutSequenceRange() : f);
      state.logAndApply(edit.build());
      long micros = (state.ticker.read() - start) / 1000;
      state.stats.addCompaction(c.outputLevel(), micros, 0, 0);
      LOG.debug("{}: moved table {} to level {} ({})", state.dir, f.fileNumber(),
          c.outputLevel(), c.reason());
      return info(c, true, manual, List.of(f.fileNumber()), f.fileSizeBytes(), 0, 0, 0, micros);
    }
    long smallestSnapshot = snapshots.smallest();
    long newestSnapshot = snapshots.newest();
    Subcompactions.Outcome outcome = subcompactions.run(c, version, smallestSnapshot,
        snapshots.all(), state.mergeOperator, () -> filterFactory.isEmpty()
            ? CompactionFilterRun.NONE
            : CompactionFilterRun.start(filterFactory.get(), c, version, manual,
                state.strategy.name(), newestSnapshot),
        () -> state.shuttingDown);
    CompactionRunner.Result result = outcome.result();
    for (FileMetaData f : result.outputs()) {
      edit.addFile(c.outputLevel(), state.recordOf(f, c.outputLevel(), false));
    }
    if (!result.outputs().isEmpty()) {
      state.fs.syncDirectory(state.dir);
    }
    // On failure the outputs stay pending, so that nothing deletes them: the edit may have
    // reached the MANIFEST even though it was not installed.
    state.logAndApply(edit.build());
    result.outputs().forEach(f -> state.pending.remove(f.fileNumber()));
    long micros = (state.ticker.read() - start) / 1000;
    state.stats.addCompaction(c.outputLevel(), micros, result.bytesRead(),
        result.bytesWritten());
    LOG.debug("{}: compacted {} files ({} bytes) into {} files ({} bytes) at level {} in {} us"
            + " ({}; {} subcompactions; {} entries dropped; filter removed {}, changed {})",
        state.dir, c.inputFileCount(), result.bytesRead(), result.outputs().size(),
        result.bytesWritten(), c.outputLevel(), micros, c.reason(), outcome.subcompactions(),
        result.entriesDropped(), outcome.filterRemoved(), outcome.filterChanged());
    List<Long> outputs = new ArrayList<>(result.outputs().size());
    result.outputs().forEach(f -> outputs.add(f.fileNumber()));
    return info(c, false, manual, outputs, result.bytesWritten(), result.entriesIn(),
        result.entriesDropped(), result.tombstonesDropped(), micros);
  }
}
