package io.strata.core;

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
 * <p>Events: the listeners hear of the compaction's begin once it is picked, of its completion
 * once it is installed, and of the input tables deleted after; all on the compaction thread,
 * with no lock held, before {@link #compactOnce} returns.
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

  CompactionJob(DbState state, Snapshots snapshots, ObsoleteFiles obsoleteFiles,
      Optional<CompactionFilterFactory> filterFactory) {
    this.state = state;
    this.filterFactory = filterFactory;
    this.snapshots = snapshots;
    this.obsoleteFiles = obsoleteFiles;
    this.outputCompression = new OutputCompression(state.options);
    this.runner = new CompactionRunner(state.fs, state.dir, state.tableFormat, state.tableCache,
        state.icmp, state.versions::newFileNumber, state.pending, outputCompression,
        // A database of a shared pool starts no thread of its own: it syncs in line.
        state.sharedUse.enabled() ? null
            : CompactionRunner.newSyncExecutor("strata-sync-" + state.dir.getFileName()));
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
    state.mutex.lock();
    try {
      state.backgroundChanged.signalAll();
    } finally {
      state.mutex.unlock();
    }
    state.events.tablesDeleted(obsoleteFiles.deleteObsoleteFiles());
    return true;
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
