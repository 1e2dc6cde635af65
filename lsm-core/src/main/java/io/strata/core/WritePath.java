package io.strata.core;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.WriteStallCause;
import io.strata.api.WriteStallCondition;
import io.strata.api.WriteStallInfo;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * The writer queue, group commit and making room for writes (google/leveldb
 * {@code DBImpl::Write}, {@code BuildBatchGroup}, {@code MakeRoomForWrite}). Thread-safe: the
 * queue is guarded by {@code DbState.mutex}.
 *
 * <p>Writes queue in {@code writers}; the writer at the head is the leader: it makes room
 * (switching a full memtable, pacing itself by the strategy's {@link WriteStall}), gathers the
 * batches queued behind it into one group, and, without {@code mutex}, appends the group as one
 * log record (fsynced if any member asked for sync), then inserts it into the memtable. Only the
 * leader touches the log and inserts, so the memtable has one writer. The group's last sequence
 * number is published after the insert; readers read at the published sequence, so they never
 * see half a group.
 *
 * <p>With shared resources, the leader also reserves its group's bytes in the shared
 * write-buffer budget after building the group and before the append ({@code
 * reserveWriteBuffer}), and settles the reservation after the insert ({@code SharedUse}).
 *
 * <p>Anything a leader meets (an IOException, a RuntimeException, an Error) fails its group, is
 * recorded as the background error, and takes the group's writers off the queue, so that close
 * never waits for a writer that is gone.
 */
final class WritePath {
  private static final Logger LOG = DbState.LOG;
  /** Bytes a write group may reach (LevelDB's 1 MiB); small leaders add at most 128 KiB. */
  private static final int MAX_GROUP_BYTES = 1 << 20;
  private static final int SMALL_BATCH_BYTES = 128 << 10;
  /**
   * The largest group encoded in the leaders' reused array; a larger one gets an array of its
   * own, so the reused one stays small.
   */
  private static final int MAX_SCRATCH_BYTES = 64 << 10;
  /** How long close waits for the writes in flight: far longer than a write, even a synced one. */
  private static final long CLOSE_WAIT_FOR_WRITERS_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final DbState state;
  private final WalFiles walFiles;
  private final BackgroundWork background;
  /** Paces writes in a slowdown. Guarded by {@code state.mutex}. */
  @GuardedBy("state.mutex")
  private final WriteController writeController;
  @GuardedBy("state.mutex")
  private final ArrayDeque<Writer> writers = new ArrayDeque<>();
  /** The write-stall condition writers met last, and its cause (meaningless while NORMAL). */
  @GuardedBy("state.mutex")
  private WriteStallCondition stallCondition = WriteStallCondition.NORMAL;
  @GuardedBy("state.mutex")
  private WriteStallCause stallCause = WriteStallCause.STRATEGY;
  /**
   * The compaction debt of {@code debtVersion}, in bytes. It is a function of the Version alone,
   * and a Version never changes, so a slowdown works it out once per Version rather than once
   * per write: it walks every file of every level, which cost the writer a fifth of its time in
   * a slowdown over a 10M-key tree.
   */
  @GuardedBy("state.mutex")
  private Version debtVersion;
  @GuardedBy("state.mutex")
  private long debt;
  /**
   * The group the leader is committing, summed by {@code buildGroup} over its writers: encoded
   * bytes with one header per writer (what the group limits count), bytes of the records alone,
   * records, and the user's key and value bytes. Fields rather than a result object, so that a
   * write allocates nothing for them; only the leader reads or writes them.
   */
  @GuardedBy("state.mutex")
  private long groupSizeBytes;
  @GuardedBy("state.mutex")
  private long groupRecordsBytes;
  @GuardedBy("state.mutex")
  private long groupCount;
  @GuardedBy("state.mutex")
  private long groupKeyValueBytes;
  /**
   * Where a group of up to {@link #MAX_SCRATCH_BYTES} is encoded, reused from group to group.
   * Owned by the leader: written under {@code mutex}, read by the leader after releasing it for
   * the append and insert, done with before the leader leaves the queue (so before the next one
   * starts).
   */
  private byte[] scratch = new byte[256];

  WritePath(DbState state, WalFiles walFiles, BackgroundWork background) {
    this.state = state;
    this.walFiles = walFiles;
    this.background = background;
    this.writeController = new WriteController(state.options.delayedWriteRateBytesPerSecond());
  }

  /** Applies {@code batch} atomically, as one member of a group commit. */
  void write(WriteOptions options, WriteBatch batch) throws IOException {
    write(new Writer(batch, (byte) 0, null, null, batch.count(), batch.recordsSizeBytes(),
        batch.keyValueBytes(), options.sync(), options.disableWal()));
  }

  /**
   * Applies one put, delete or merge of {@code key}, as one member of a group commit, with the
   * bytes {@code new WriteBatch().put(key, value)} would hold, but no batch: the record is
   * encoded straight into the group's rep (the leaders' reused {@code scratch} array, unless the
   * group passes 64 KiB). The arrays are read until this returns, as a batch would have
   * copied them when built.
   *
   * @param tag {@link WriteBatch#TAG_PUT}, {@link WriteBatch#TAG_DELETE} or
   *     {@link WriteBatch#TAG_MERGE}
   * @param value the value or operand; ignored for a delete
   * @throws IllegalArgumentException as {@link WriteBatchCodec#recordSizeBytes}
   */
  void writeSingle(WriteOptions options, byte tag, byte[] key, byte[] value) throws IOException {
    int recordBytes = WriteBatchCodec.recordSizeBytes(tag, key, value);
    long keyValueBytes = key.length + (tag == WriteBatch.TAG_DELETE ? 0L : value.length);
    write(new Writer(null, tag, key, value, 1, recordBytes, keyValueBytes, options.sync(),
        options.disableWal()));
  }

  private void write(Writer w) throws IOException {
    state.mutex.lock();
    try {
      writers.addLast(w);
      awaitTurn(w);
      if (w.done) {
        if (w.error != null) {
          throw new IOException("write failed: " + w.error.getMessage(), w.error);
        }
        return;
      }
      // Whatever is thrown from here on, the writers through last leave the queue: a writer
      // left at its head would stall every later write and close.
      Writer last = w;
      boolean grouped = false;
      IOException error = null;
      try {
        makeRoomForWrite(false, w.sizeBytes());
        Writer end = buildGroup(w);
        long reserved = reserveWriteBuffer();
        grouped = true;
        last = end;
        try {
          commitGroup(w, last);
        } finally {
          state.sharedUse.settle(reserved, state.mem);
        }
      } catch (IOException e) {
        error = e;
        state.recordBackgroundError(e);
      } catch (RuntimeException | Error e) {
        if (state.closed && !grouped) {
          // Closed while this writer waited for room ("database is closed"): nothing written.
          removeWriter(w, w, null);
          throw e;
        }
        // The log or the memtable may hold part of the group: no later write may follow it.
        error = new IOException("write failed: " + e, e);
        state.recordBackgroundError(error);
      }
      removeWriter(w, last, error);
      if (error != null) {
        throw error;
      }
    } finally {
      state.mutex.unlock();
    }
  }

  /** Waits until {@code w} is done or at the head of the queue. REQUIRES mutex held. */
  private void awaitTurn(Writer w) {
    while (!w.done && w != writers.peekFirst()) {
      if (w.cv == null) {
        // Made only when the writer has to wait: a writer alone never does.
        w.cv = state.mutex.newCondition();
      }
      w.cv.awaitUninterruptibly();
    }
  }

  /**
   * Appends the group of the writers from {@code leader} through {@code last} (as summed by
   * {@link #buildGroup}) to the log as one record (synced if the leader asked, else flushed to
   * the operating system; not at all if {@code disableWal}), inserts it into the memtable, and
   * publishes its sequence numbers.
   * REQUIRES mutex held, by the leader; released during the append and insert, and held again
   * when this returns or throws. On failure nothing is published.
   */
  private void commitGroup(Writer leader, Writer last) throws IOException {
    boolean sync = leader.sync;
    boolean disableWal = leader.disableWal;
    long firstSequence = state.versions.lastSequence() + 1;
    int length = Math.toIntExact(WriteBatch.HEADER_SIZE + groupRecordsBytes);
    byte[] rep;
    if (length <= MAX_SCRATCH_BYTES) {
      // Encoded in the reused array: no allocation, and memory the cache holds. Used only until
      // this returns; the next leader starts after.
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, 2 * scratch.length)];
      }
      rep = scratch;
    } else {
      rep = new byte[length];
    }
    encodeGroup(rep, leader, last, firstSequence);
    long count = groupCount;
    long userBytes = groupKeyValueBytes;
    LogWriter logWriter = walFiles.current();
    LogWriter prevLog = null;
    if (sync) {
      walFiles.syncNewLogEntries();
      prevLog = walFiles.takeUnsyncedPrevLog();
    }
    MemTable m = state.mem;
    state.mutex.unlock();
    try {
      if (prevLog != null) {
        // Earlier unsynced writes first: a synced write must not survive without them.
        try {
          prevLog.sync();
        } finally {
          prevLog.close();
        }
      }
      if (!disableWal) {
        logWriter.addRecord(rep, 0, length);
        if (sync) {
          logWriter.sync();
        } else {
          logWriter.flush(); // to the OS: the write survives a process crash
        }
      }
      WriteBatchCodec.insertEncoded(rep, length, m);
    } finally {
      state.mutex.lock();
    }
    if (!disableWal) {
      walFiles.appended(sync, length + 7L);
      state.stats.walBytes.add(length + 7L);
    }
    state.versions.setLastSequence(firstSequence + count - 1);
    state.stats.userBytes.add(userBytes);
  }

  /**
   * Writes into {@code rep} the records of the writers from {@code leader} through {@code last}
   * in queue order, under a header of sequence {@code firstSequence} and the group's count: the
   * payload of a group commit (as {@link WriteBatchCodec#concat}), 12 + {@code
   * groupRecordsBytes} bytes. REQUIRES mutex held, by the leader.
   */
  private void encodeGroup(byte[] rep, Writer leader, Writer last, long firstSequence) {
    Coding.putFixed64(rep, 0, firstSequence);
    Coding.putFixed32(rep, 8, Math.toIntExact(groupCount));
    int offset = WriteBatch.HEADER_SIZE;
    if (leader == last) {
      leader.copyRecordsTo(rep, offset);
      return;
    }
    for (Writer w : writers) {
      w.copyRecordsTo(rep, offset);
      offset += w.recordsBytes;
      if (w == last) {
        break;
      }
    }
  }

  /** Pops the writers from the head through {@code last}, completing all but the leader. */
  private void removeWriter(Writer leader, Writer last, IOException error) {
    while (true) {
      Writer ready = writers.pollFirst();
      if (ready != leader) {
        ready.error = error;
        ready.done = true;
        ready.signal();
      }
      if (ready == last) {
        break;
      }
    }
    Writer next = writers.peekFirst();
    if (next != null) {
      next.signal();
    }
  }

  /**
   * Gathers the leader's batch and those queued behind it; returns the last writer taken, and
   * sums the group into {@code groupSizeBytes}, {@code groupRecordsBytes}, {@code groupCount}
   * and {@code groupKeyValueBytes}. REQUIRES mutex held, by the leader.
   */
  private Writer buildGroup(Writer leader) {
    long size = leader.sizeBytes();
    long maxSize = size <= SMALL_BATCH_BYTES ? size + SMALL_BATCH_BYTES : MAX_GROUP_BYTES;
    long recordsBytes = leader.recordsBytes;
    long count = leader.count;
    long keyValueBytes = leader.keyValueBytes;
    Writer last = leader;
    if (writers.size() > 1) { // a writer alone skips the walk
      boolean first = true;
      for (Writer w : writers) {
        if (first) {
          first = false; // the leader itself
          continue;
        }
        if (w.isTurn() || (w.sync && !leader.sync) || w.disableWal != leader.disableWal) {
          // A memtable switch request leads its own turn; a sync write must not ride in a group
          // that will not be synced; logged and unlogged writes go in separate groups, as the
          // group is one log record or none.
          break;
        }
        size += w.sizeBytes();
        if (size > maxSize) {
          size -= w.sizeBytes();
          break;
        }
        recordsBytes += w.recordsBytes;
        count += w.count;
        keyValueBytes += w.keyValueBytes;
        last = w;
      }
    }
    groupSizeBytes = size;
    groupRecordsBytes = recordsBytes;
    groupCount = count;
    groupKeyValueBytes = keyValueBytes;
    return last;
  }

  /**
   * Makes room in the memtable for a write of about {@code bytes}, pacing by the strategy
   * (google/leveldb {@code MakeRoomForWrite}, with RocksDB's delayed write rate in a slowdown:
   * {@link WriteController}); notes the write-stall condition met, and counts the time writers
   * are delayed or blocked by cause. {@code force} (a flush request, not a write) switches even
   * a memtable with room and is never counted as stalled. REQUIRES mutex held, by the leader.
   */
  private void makeRoomForWrite(boolean force, long bytes) throws IOException {
    boolean allowDelay = !force;
    WriteStallCause counted = null; // the cause this write was last counted as stalled by
    while (true) {
      if (state.closed) {
        throw new IllegalStateException("database is closed");
      }
      if (state.bgError != null) {
        throw state.readOnly();
      }
      Version current = state.versions.current();
      WriteStall stall = state.strategy.writeStall(current);
      WriteStallCause strategyCause =
          stall == WriteStall.NONE ? null : state.strategy.writeStallCause(current);
      if (stall == WriteStall.NONE && !force) {
        writeController.reset();
      }
      if (allowDelay && stall != WriteStall.NONE) {
        // Pace this write to the delayed write rate rather than stop it later for long.
        allowDelay = false;
        setStallCondition(conditionOf(stall), strategyCause);
        long start = state.ticker.read();
        if (current != debtVersion) {
          debt = compactionDebt(current);
          debtVersion = current;
        }
        long wait = writeController.delayNanos(bytes, debt, start);
        if (wait > 0) {
          state.stats.slowdowns.increment();
          state.stats.countStall(strategyCause);
          counted = strategyCause;
          state.mutex.unlock();
          try {
            pause(start + wait);
          } finally {
            state.mutex.lock();
          }
          state.stats.addStallMicros(strategyCause, (state.ticker.read() - start) / 1000);
        }
      } else if (!force
          && state.mem.approximateMemoryUsageBytes() <= state.options.writeBufferSizeBytes()
          && !(state.imm == null && state.mem.entryCount() > 0 && state.sharedUse.shouldFlush())) {
        // (With shared resources, a memtable is also switched early when the budget asks.)
        setStallCondition(conditionOf(stall), strategyCause);
        return;
      } else if (state.imm != null) {
        // The previous memtable is still being flushed.
        WriteStallCause cause = force ? null : WriteStallCause.MEMTABLES;
        if (cause != null) {
          setStallCondition(WriteStallCondition.STOP, cause);
          counted = countStall(cause, counted);
        }
        state.awaitBackground(cause);
      } else if (stall == WriteStall.STOP) {
        LOG.info("{}: writes stopped by the {} strategy until compaction catches up", state.dir,
            state.strategy.name());
        WriteStallCause cause = force ? null : strategyCause;
        if (cause != null) {
          setStallCondition(WriteStallCondition.STOP, cause);
          counted = countStall(cause, counted);
        }
        background.maybeScheduleCompaction();
        state.awaitBackground(cause);
      } else {
        switchMemTable();
        force = false;
      }
    }
  }

  /**
   * Starts a new log, makes the active memtable the immutable one and schedules its flush.
   * REQUIRES mutex held, {@code imm} null, and no insert in flight (by the leader, or with the
   * writer queue empty).
   */
  private void switchMemTable() throws IOException {
    try {
      walFiles.newLog();
    } catch (IOException e) {
      // Sticky like any log failure: a failed directory fsync must not be tried again.
      state.recordBackgroundError(e);
      throw e;
    } catch (RuntimeException | Error e) {
      IOException error = new IOException("starting a new log failed: " + e, e);
      state.recordBackgroundError(error);
      throw error;
    }
    state.imm = state.mem;
    state.mem = state.memTableFactory.newMemTable();
    state.sharedUse.switched();
    background.scheduleFlush();
  }

  /**
   * Reserves the shared write-buffer budget's bytes for the group {@link #buildGroup} summed (nothing without shared
   * resources), before anything is written. While the budget is full, switches this database's
   * memtable if it may, else waits for flushes to free memory, counted as a
   * {@link WriteStallCause#WRITE_BUFFER_MANAGER} stall. REQUIRES mutex held, by the leader;
   * released while waiting.
   *
   * @return the bytes reserved, for {@link SharedUse#settle}
   * @throws IllegalStateException if the database is closed meanwhile; nothing was written
   */
  private long reserveWriteBuffer() throws IOException {
    if (!state.sharedUse.enabled()) {
      return 0;
    }
    long estimate = SharedUse.estimate(groupSizeBytes, groupCount);
    long bytes = state.mem.maxGrowthBytes(estimate);
    boolean counted = false;
    boolean interrupted = false;
    while (!state.sharedUse.tryReserve(bytes)) {
      if (state.closed) {
        throw new IllegalStateException("database is closed");
      }
      if (state.bgError != null) {
        throw state.readOnly();
      }
      if (state.imm == null && state.mem.entryCount() > 0) {
        switchMemTable(); // flush early: what this database holds is what it can free
        bytes = state.mem.maxGrowthBytes(estimate);
        continue;
      }
      WriteStallCause cause = WriteStallCause.WRITE_BUFFER_MANAGER;
      setStallCondition(WriteStallCondition.STOP, cause);
      if (!counted) {
        state.stats.countStall(cause);
        counted = true;
      }
      long start = state.ticker.read();
      state.mutex.unlock();
      try {
        state.sharedUse.awaitFreed();
      } catch (InterruptedException e) {
        interrupted = true; // like every wait of a writer: not cut short; the status is kept
      } finally {
        state.mutex.lock();
        state.stats.addStallMicros(cause, (state.ticker.read() - start) / 1000);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return bytes;
  }

  /**
   * Switches the active memtable if it holds entries, no flush is pending and no writer is
   * queued (a queued leader switches on its own when the budget asks); for the shared
   * write-buffer budget, on a background thread. A failure is recorded as the background error.
   */
  void switchForBudget() {
    state.mutex.lock();
    try {
      if (!state.closed && state.bgError == null && state.imm == null
          && state.mem.entryCount() > 0 && writers.isEmpty()) {
        switchMemTable();
      }
    } catch (IOException e) {
      // Recorded as the background error by switchMemTable; writers fail with it.
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * Waits until the ticker reads {@code deadline}, with the resolution of
   * {@link LockSupport#parkNanos} (tens of microseconds), where {@code Thread.sleep} would round
   * a wait under a millisecond up to one. Like every wait of a writer here, not cut short by an
   * interrupt: the write goes on, and the interrupt status is kept.
   */
  private void pause(long deadline) {
    boolean interrupted = false;
    for (long left = deadline - state.ticker.read(); left > 0;
        left = deadline - state.ticker.read()) {
      LockSupport.parkNanos(left);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The debt the delayed write rate follows: pending compaction bytes plus level 0's bytes. */
  private long compactionDebt(Version v) {
    long debt = state.strategy.estimatedPendingCompactionBytes(v);
    for (FileMetaData f : v.files(0)) {
      debt += f.fileSizeBytes();
    }
    return debt;
  }

  private static WriteStallCondition conditionOf(WriteStall stall) {
    switch (stall) {
      case SLOWDOWN:
        return WriteStallCondition.SLOWDOWN;
      case STOP:
        return WriteStallCondition.STOP;
      default:
        return WriteStallCondition.NORMAL;
    }
  }

  /** Counts a write blocked by {@code cause} once per cause in a row; the cause counted. */
  private WriteStallCause countStall(WriteStallCause cause, WriteStallCause counted) {
    if (cause != counted) {
      state.stats.countStall(cause);
    }
    return cause;
  }

  /**
   * Notes the write-stall condition writers meet now, and hands a change to the listeners'
   * thread (rocksdb {@code WriteStallNotification}). {@code cause} is ignored for NORMAL.
   * REQUIRES mutex held.
   */
  private void setStallCondition(WriteStallCondition condition, WriteStallCause cause) {
    assert state.mutex.isHeldByCurrentThread();
    if (condition == stallCondition) {
      if (condition != WriteStallCondition.NORMAL) {
        stallCause = cause;
      }
      return;
    }
    WriteStallInfo info = new WriteStallInfo(stallCondition, condition,
        condition == WriteStallCondition.NORMAL ? stallCause : cause);
    stallCondition = condition;
    if (condition != WriteStallCondition.NORMAL) {
      stallCause = cause;
    }
    state.stats.writeStallCondition = condition;
    state.events.writeStallChangedAsync(info);
  }

  /** Switches a non-empty memtable and waits until it is flushed. */
  void flushMemTable() throws IOException {
    state.mutex.lock();
    try {
      while (state.imm != null && state.bgError == null && !state.closed) {
        state.awaitBackground(null);
      }
      if (state.mem.entryCount() == 0) {
        return;
      }
      // Go through the writer queue so no leader is inserting while the memtable switches.
      Writer w = Writer.turn();
      writers.addLast(w);
      awaitTurn(w);
      try {
        makeRoomForWrite(true, 0);
      } finally {
        removeWriter(w, w, null);
      }
      while (state.imm != null && state.bgError == null && !state.closed) {
        state.awaitBackground(null);
      }
      if (state.bgError != null) {
        throw state.readOnly();
      }
    } finally {
      state.mutex.unlock();
    }
  }

  /** An action run while writes are held back; may do I/O. */
  interface BlockedAction {
    void run() throws IOException;
  }

  /**
   * The number of the log being written and the bytes appended to it: its records' end, which
   * for a log written through a memory mapping is short of the file's size. Stable while
   * writers are blocked ({@link #runWithWritersBlocked}).
   *
   * @return {number, bytes}
   */
  long[] currentLog() {
    state.mutex.lock();
    try {
      LogWriter log = walFiles.current();
      return new long[] {walFiles.logFileNumber(), log == null ? 0 : log.sizeBytes()};
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * Runs {@code action} while no write is in flight: it takes a turn at the head of the writer
   * queue, as a memtable switch request does, so no leader is appending to the log or inserting,
   * and every write before it is published. {@code action} runs without {@code mutex}, and may
   * take it or {@code metadataLock}; writers queue behind it meanwhile.
   */
  void runWithWritersBlocked(BlockedAction action) throws IOException {
    state.mutex.lock();
    try {
      Writer w = Writer.turn();
      writers.addLast(w);
      awaitTurn(w);
      try {
        state.mutex.unlock();
        try {
          action.run();
        } finally {
          state.mutex.lock();
        }
      } finally {
        removeWriter(w, w, null);
      }
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * Lets the writers in flight finish, for close; queued ones wake, see the close and fail.
   * Every writer leaves the queue whatever its write throws, so this ends unless a leader is
   * stuck in the file system; then close goes on after the bound, and that leader fails on the
   * closed log once the file system lets it go. REQUIRES mutex held, {@code closed} set.
   */
  void awaitWritersForClose() {
    assert state.mutex.isHeldByCurrentThread() && state.closed;
    long deadline = state.ticker.read() + CLOSE_WAIT_FOR_WRITERS_NANOS;
    while (!writers.isEmpty()) {
      if (state.ticker.read() - deadline >= 0) {
        LOG.warn("{}: closing with {} write(s) still in flight after {} s", state.dir,
            writers.size(), TimeUnit.NANOSECONDS.toSeconds(CLOSE_WAIT_FOR_WRITERS_NANOS));
        break;
      }
      writers.peekFirst().signal();
      try {
        state.backgroundChanged.await(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /**
   * One queued write (google/leveldb {@code DBImpl::Writer}), or a turn taken at the head of the
   * queue by a memtable switch request or a blocked action (no records). Guarded by mutex.
   */
  private static final class Writer {
    /** The caller's batch, or null. */
    final WriteBatch batch;
    /** The record of a single-record write ({@link #writeSingle}): key null for none. */
    final byte tag;
    final byte[] key;
    final byte[] value;
    final int count;
    /** Bytes of the records alone, without the header. */
    final int recordsBytes;
    final long keyValueBytes;
    final boolean sync;
    /** The batch skips the log ({@code WriteOptions.disableWal}). */
    final boolean disableWal;
    /** Made when the writer first waits, so that a writer alone allocates none. */
    Condition cv;
    boolean done;
    IOException error;

    Writer(WriteBatch batch, byte tag, byte[] key, byte[] value, int count, int recordsBytes,
        long keyValueBytes, boolean sync, boolean disableWal) {
      this.batch = batch;
      this.tag = tag;
      this.key = key;
      this.value = value;
      this.count = count;
      this.recordsBytes = recordsBytes;
      this.keyValueBytes = keyValueBytes;
      this.sync = sync;
      this.disableWal = disableWal;
    }

    /** A turn at the head of the queue, with no records. */
    static Writer turn() {
      return new Writer(null, (byte) 0, null, null, 0, 0, 0, false, false);
    }

    boolean isTurn() {
      return batch == null && key == null;
    }

    /** Encoded bytes with the header: what the batch adds to the log on its own. */
    long sizeBytes() {
      return WriteBatch.HEADER_SIZE + (long) recordsBytes;
    }

    void copyRecordsTo(byte[] dst, int offset) {
      if (key != null) {
        WriteBatchCodec.putRecord(dst, offset, tag, key, value);
      } else {
        batch.copyRecordsTo(dst, offset);
      }
    }

    /** Wakes the writer if it waits. */
    void signal() {
      if (cv != null) {
        cv.signal();
      }
    }
  }
}
