package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An open key-value database: byte-array keys and values ordered by the database's
 * {@link KeyComparator}. Open one with {@code io.strata.core.Strata.open(Path, Options)}.
 *
 * <p>Thread-safe: any number of threads may read and write at once; concurrent writers are
 * committed in groups. Caller mistakes (a null key or value, a closed database) throw
 * {@link NullPointerException} naming the parameter or {@link IllegalStateException}. Disk
 * trouble throws {@link IOException}; damaged data throws {@link CorruptionException}. After a
 * failed write-ahead-log append, fsync, flush or compaction the database refuses further writes
 * with an {@code IOException} whose cause is the original failure; reads go on.
 */
public interface Db extends Closeable {
  /**
   * Sets {@code key} to {@code value}; {@code sync=false}.
   *
   * @param key the key, not null
   * @param value the value, not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  default void put(byte[] key, byte[] value) throws IOException {
    put(WriteOptions.DEFAULT, key, value);
  }

  /**
   * Sets {@code key} to {@code value}: a one-record {@link #write(WriteOptions, WriteBatch)}.
   *
   * @param options whether to fsync the log before returning
   * @param key the key, not null
   * @param value the value, not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  void put(WriteOptions options, byte[] key, byte[] value) throws IOException;

  /**
   * Removes {@code key} if present; {@code sync=false}.
   *
   * @param key the key, not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  default void delete(byte[] key) throws IOException {
    delete(WriteOptions.DEFAULT, key);
  }

  /**
   * Removes {@code key} if present: a one-record {@link #write(WriteOptions, WriteBatch)}
   * writing a deletion marker.
   *
   * @param options whether to fsync the log before returning
   * @param key the key, not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  void delete(WriteOptions options, byte[] key) throws IOException;

  /**
   * Merges {@code operand} into {@code key}; {@code sync=false}.
   *
   * @param key the key, not null
   * @param operand the merge operand, not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   * @throws IllegalStateException if the database has no merge operator, or is closed; nothing
   *     is written
   */
  default void merge(byte[] key, byte[] operand) throws IOException {
    merge(WriteOptions.DEFAULT, key, operand);
  }

  /**
   * Merges {@code operand} into {@code key}: a one-record {@link #write(WriteOptions,
   * WriteBatch)} writing a merge operand, which the database's merge operator (see {@code
   * Options.Builder.mergeOperator}) applies to the key's value when it is read (RocksDB's {@code
   * DB::Merge}).
   *
   * @param options whether to fsync the log before returning
   * @param key the key, not null
   * @param operand the merge operand, not null
   * @throws NullPointerException naming a null argument
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   * @throws IllegalStateException if the database has no merge operator, or is closed; nothing
   *     is written
   */
  default void merge(WriteOptions options, byte[] key, byte[] operand) throws IOException {
    checkNotNull(options, "options");
    write(options, new WriteBatch().merge(key, operand));
  }

  /**
   * Removes every key in {@code [begin, end)}; {@code sync=false}.
   *
   * @param begin the first key removed, not null
   * @param end the first key past the range (kept), not null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  default void deleteRange(byte[] begin, byte[] end) throws IOException {
    deleteRange(WriteOptions.DEFAULT, begin, end);
  }

  /**
   * Removes every key {@code k} with {@code begin <= k < end} by the database's comparator: a
   * one-record {@link #write(WriteOptions, WriteBatch)} writing a range tombstone (RocksDB's
   * {@code DB::DeleteRange}, include/rocksdb/db.h). The cost is one record whatever the range
   * holds; reads skip the covered keys, and compactions drop them. A range with {@code begin >=
   * end} is empty: the call succeeds and deletes nothing. RocksDB returns OK for {@code begin ==
   * end} but InvalidArgument for {@code begin > end}, found when the memtable applies the batch
   * (db/write_batch.cc, {@code MemTableInserter::DeleteRangeCF}), after the log write; here a
   * batch is checked before it is logged and knows no comparator, so both are accepted no-ops.
   *
   * @param options whether to fsync the log before returning
   * @param begin the first key removed, not null
   * @param end the first key past the range (kept), not null
   * @throws NullPointerException if {@code begin} or {@code end} is null
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  default void deleteRange(WriteOptions options, byte[] begin, byte[] end) throws IOException {
    write(options, new WriteBatch().deleteRange(begin, end));
  }

  /**
   * Removes, by one version edit, every table file whose keys (range tombstones included) all
   * lie in {@code [begin, end]}, as RocksDB's {@code DeleteFilesInRange}
   * (include/rocksdb/convenience.h): fast, since nothing is read or rewritten, but not a
   * delete. Caveats, as RocksDB states them: keys in the range held by files that only partly
   * overlap it, or in the memtables, stay; and since a removed file may have hidden older
   * versions of its keys held in other files (lower levels), those older versions may reappear.
   * Follow it with {@link #deleteRange(byte[], byte[])} over the same range to remove what is
   * left. Snapshots and open iterators keep the files they pinned readable.
   *
   * @param begin the first key of the range (inclusive), not null
   * @param end the last key of the range (inclusive), not null
   * @return the number of files removed
   * @throws NullPointerException if {@code begin} or {@code end} is null
   * @throws IOException if writing the MANIFEST fails, or the database is closed or stopped by a
   *     background error
   */
  int deleteFilesInRange(byte[] begin, byte[] end) throws IOException;

  /**
   * Applies {@code batch} atomically; {@code sync=false}.
   *
   * @param batch the records to apply, in order
   * @throws IOException as {@link #write(WriteOptions, WriteBatch)}
   */
  default void write(WriteBatch batch) throws IOException {
    write(WriteOptions.DEFAULT, batch);
  }

  /**
   * Applies every record of {@code batch} atomically, in order. The batch may be reused after.
   *
   * <p>When this returns, the batch is in the write-ahead log, handed to the operating system
   * (it survives a crash of the process), and with {@code options.sync()} also fsynced (it
   * survives power loss). With {@code options.disableWal()} it is in the memtable only, and lost
   * by a crash before that memtable is flushed ({@link #flush()}).
   *
   * @param options whether to fsync the log before returning
   * @param batch the records to apply, in order
   * @throws IOException if the log append or fsync fails (on a full disk, with "No space left
   *     on device" among the messages of its causes) or anything else fails the write, or if the
   *     database is read-only after an earlier failure. The database is then read-only, with the
   *     first failure as the cause; whether the failed batch is there after a reopen is unknown.
   * @throws IllegalStateException if the database is closed, or {@code batch} holds a merge and
   *     the database has no merge operator (then nothing is written)
   */
  void write(WriteOptions options, WriteBatch batch) throws IOException;

  /**
   * Reads {@code key} in the latest state.
   *
   * @param key the key, not null
   * @return the value of {@code key}, or null when absent
   * @throws IOException if reading a table fails; {@link CorruptionException} if it is damaged
   */
  default byte[] get(byte[] key) throws IOException {
    return get(ReadOptions.DEFAULT, key);
  }

  /**
   * Reads {@code key} as {@code options} sees it.
   *
   * @param options the snapshot to read at, checksum checking and caching
   * @param key the key, not null
   * @return the value of {@code key}, or null when absent
   * @throws IOException if reading a table fails; {@link CorruptionException} if it is damaged
   */
  byte[] get(ReadOptions options, byte[] key) throws IOException;

  /**
   * Reads every key of {@code keys} at one point in time: the latest state, as
   * {@link #multiGet(ReadOptions, List)} with {@link ReadOptions#DEFAULT}.
   *
   * @param keys the keys to read, not null, none null; duplicates allowed
   * @return the value of each key, or null where absent, in the order of {@code keys}
   * @throws NullPointerException if {@code keys} or one of its keys is null (naming the index)
   * @throws IOException if reading a table fails; {@link CorruptionException} if it is damaged
   * @throws IllegalStateException if the database is closed
   */
  default List<byte[]> multiGet(List<byte[]> keys) throws IOException {
    return multiGet(ReadOptions.DEFAULT, keys);
  }

  /**
   * Reads every key of {@code keys} at one point in time (RocksDB's {@code MultiGet},
   * include/rocksdb/db.h): one sequence number (the snapshot's, or the last published) and one
   * set of files serve all keys, which are looked up in key order, so that keys in the same
   * table block follow one another.
   *
   * @param options the snapshot to read at, checksum checking and caching
   * @param keys the keys to read, not null, none null; duplicates allowed
   * @return a new list, the value of each key or null where absent, in the order of {@code keys}
   * @throws NullPointerException if {@code options}, {@code keys} or one of its keys is null
   *     (naming the index)
   * @throws IOException if reading a table fails; {@link CorruptionException} if it is damaged
   * @throws IllegalStateException if the database is closed
   */
  List<byte[]> multiGet(ReadOptions options, List<byte[]> keys) throws IOException;

  /**
   * The sequence number of the last write published to readers (RocksDB's
   * {@code GetLatestSequenceNumber}): each record of a batch takes one, starting at 1 in a new
   * database; 0 when nothing was written yet. A snapshot taken now reads at it.
   *
   * @return the last published sequence number, in [0, 2^56-1]
   * @throws IllegalStateException if the database is closed
   */
  long getLatestSequenceNumber();

  /**
   * Makes an openable copy of the database as it is at one moment, in the new directory
   * {@code dir} (RocksDB's {@code Checkpoint::CreateCheckpoint},
   * include/rocksdb/utilities/checkpoint.h). The memtable is flushed first, so that writes made
   * with {@link WriteOptions#disableWal()} are included; then the table files are hard-linked
   * (copied where linking fails, e.g. across file systems), and the MANIFEST, the OPTIONS file
   * and the live logs are copied up to their size at that moment, with a fresh {@code CURRENT}.
   * The copy holds every write acknowledged before the call, and is the state at one sequence
   * number. Safe while writes and compactions go on; blocks writers only while it records the
   * sizes it copies. The copy's files are synced, and its directory.
   *
   * @param dir the directory to create; its parent must exist; best on the same file system
   *     as the database, where tables are linked rather than copied
   * @throws NullPointerException if {@code dir} is null
   * @throws java.nio.file.FileAlreadyExistsException if {@code dir} exists; nothing is written
   * @throws IOException if the flush, a link, a copy or a sync fails; what was written of
   *     {@code dir} is then removed again
   * @throws IllegalStateException if the database is closed
   */
  void checkpoint(Path dir) throws IOException;

  /** {@return a new iterator over the latest state, unpositioned; close it} */
  default DbIterator newIterator() {
    return newIterator(ReadOptions.DEFAULT);
  }

  /**
   * An iterator over the state {@code options} sees; close it.
   *
   * @param options the snapshot to read at, checksum checking and caching
   * @return a new iterator, unpositioned
   */
  DbIterator newIterator(ReadOptions options);

  /** {@return a snapshot of the current state; close it to release} */
  Snapshot getSnapshot();

  /**
   * Compacts the key range {@code [begin, end]} (both inclusive; a null bound is open) through
   * every level, flushing the memtable first, so that deleted and overwritten data in the range
   * is dropped where no snapshot needs it. Blocks until done.
   *
   * @param begin the first user key of the range, or null for no lower bound
   * @param end the last user key of the range, or null for no upper bound
   * @throws IOException if the flush or a compaction fails (the database is then read-only)
   */
  void compactRange(byte[] begin, byte[] end) throws IOException;

  /**
   * A property of the database's state, LevelDB-style. Every name it answers:
   *
   * <ul>
   *   <li>{@code strata.stats}: files, bytes and compaction figures per level, the strategy,
   *       files by writer, bytes written, gets and write stalls, as text
   *   <li>{@code strata.num-files-at-level<N>}: file count of level N, for N in {@code [0, 7)}
   *   <li>{@code strata.sstables}: every live table per level with its size, key range,
   *       sequence range where recorded, and writer
   *   <li>{@code strata.total-sst-files-size}: bytes of the live tables
   *   <li>{@code strata.approximate-memory-usage}: bytes held by memtables
   *   <li>{@code strata.total-bytes-written}: bytes written to logs, tables and the MANIFEST
   *       since open
   *   <li>{@code strata.user-bytes-written}: bytes of keys and values written by callers since
   *       open
   *   <li>{@code strata.tables-consulted-per-get}: tables read per {@code get} since open, on
   *       average, with three decimals
   *   <li>{@code strata.strategy}: the compaction strategy's name; {@code strata.strategy-options}
   *       its options ({@code key=value, ...}, or {@code defaults})
   *   <li>{@code strata.strategy-switch}: the strategy's name and the switch the MANIFEST
   *       records, e.g. {@code leveled (switched from tiered)} or {@code tiered (since the
   *       database was created)}
   *   <li>{@code strata.strategy-change}: what this open changed, e.g. {@code compaction strategy
   *       switched from tiered to leveled}, or the empty string when it kept the database's
   *       strategy and options. A database keeps its strategy: an open switches it only when
   *       its {@link Options} name another (see the {@code Options} class comment)
   *   <li>{@code strata.recovery}: what this open dropped from the write-ahead logs it replayed
   *       (see {@link WalRecoveryMode}), one line per log with the offset, records and bytes
   *       and where the log is kept ({@code lost/}); empty if nothing was dropped
   * </ul>
   *
   * @param name the property's name, one of the above
   * @return the property's value; empty for an unknown name
   */
  Optional<String> getProperty(String name);

  /**
   * A snapshot of the database's counters and state: bytes written, flushes and compactions per
   * level, read counters, write stalls, memtable and log sizes, pending compaction. Cheap (no
   * I/O, no lock held for long) and thread-safe; the counters run from this open.
   *
   * @return the current statistics
   * @throws IllegalStateException if the database is closed
   */
  Statistics statistics();

  /**
   * Writes the memtable to a table (rocksdb {@code Flush}): if it holds any entry, switches it
   * and waits until its table is installed and {@link EventListener#onFlushCompleted} was
   * delivered; a no-op when it is empty (after waiting for a flush already in progress).
   *
   * @throws IOException if the flush fails, or the database is read-only after an earlier
   *     background error (with that error as the cause)
   * @throws IllegalStateException if the database is closed
   */
  void flush() throws IOException;

  /**
   * Waits until no flush or compaction is scheduled or needed: the tree has settled as the
   * compaction strategy wants it, and the events of the work waited for were delivered.
   *
   * @throws IOException if background work failed (the database is then read-only), with that
   *     failure as the cause, or the wait was interrupted ({@link java.io.InterruptedIOException})
   * @throws IllegalStateException if the database is closed
   */
  void waitForCompactions() throws IOException;

  /**
   * As {@link #waitForCompactions()}, for at most {@code timeout}.
   *
   * @param timeout the longest time to wait
   * @return true if the tree settled, false if {@code timeout} passed first
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IOException if background work failed (the database is then read-only), with that
   *     failure as the cause, or the wait was interrupted ({@link java.io.InterruptedIOException})
   * @throws IllegalStateException if the database is closed
   */
  boolean waitForCompactions(Duration timeout) throws IOException;

  /**
   * For each range, the approximate bytes of table files holding its keys (memtable data not
   * counted), from index-block offsets as LevelDB's {@code GetApproximateSizes}.
   *
   * @param ranges the key ranges to measure
   * @return the approximate size of each range, in bytes, in the order of {@code ranges}
   * @throws IOException if reading a table's index fails
   */
  long[] getApproximateSizes(List<Range> ranges) throws IOException;

  /**
   * Waits for background work in progress, closes files and releases the {@code LOCK}. Writes not
   * yet flushed stay in the write-ahead log and are replayed at the next open. Idempotent.
   *
   * <p>Also returns after a failed write. Writes in flight are waited for up to 60 seconds; one
   * still stuck in the file system after that fails once the file system lets it go.
   */
  @Override
  void close() throws IOException;
}
