package io.strata.core.iterator;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.CorruptionException;
import io.strata.api.DbIterator;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.core.merge.MergeHelper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The user-facing iterator: turns a stream of internal entries (every version of every key, in
 * {@code InternalKeyComparator} order) into the live user keys as of one sequence number
 * (google/leveldb db/db_iter.cc).
 *
 * <p>For each user key it yields the newest entry with sequence {@code <=} the read sequence,
 * and nothing if that entry is a deletion; entries with larger sequences are invisible.
 *
 * <p>Moving forward, the internal iterator rests on the entry being yielded. Moving backward it
 * rests just before all entries of the yielded key, whose user key and value are kept in {@code
 * savedKey}/{@code savedValue}. Neither is copied: the internal iterator's arrays stay valid after
 * it moves, so only references are kept, and a step allocates nothing; {@link #key()} and {@link
 * #value()} copy.
 *
 * <p>Bounds (RocksDB's {@code iterate_lower_bound} and {@code iterate_upper_bound},
 * db/db_iter.cc): user keys outside {@code [lowerBound, upperBound)} are never yielded. A seek
 * below the lower bound seeks to it; {@code seekToLast} seeks to the upper bound and steps back;
 * the scans stop at the first user key past a bound rather than skip through what lies beyond.
 * <p>Merge operands (RocksDB db/db_iter.cc {@code MergeValuesNewToOld}, {@code
 * FindValueForCurrentKey}): when the newest visible entry of a key is a merge operand, the
 * iterator collects the key's visible operands down to a put, a delete or the key's last entry
 * and full-merges them. Forward, it then rests after the entries it consumed, with the key and
 * the merged value in {@code savedKey}/{@code savedValue} ({@code merged} is set); backward, the
 * operands come oldest first and are merged once the scan has passed the key.
 *
 * <p>Not thread-safe. Owns the internal iterator: {@link #close()} closes it and runs the
 * on-close action (which unpins what the iterator read) exactly once. {@link #refresh()} swaps
 * both for the newest state's, closing and running the old ones. After an {@link IOException}
 * while moving, the iterator is not valid until the next seek.
 */
public final class DbIteratorImpl implements DbIterator {
  /** Reported as the file of corruption found in an entry's key while iterating. */
  static final String CORRUPTION_FILE = "iterator";

  /**
   * Pins the newest state of the database for {@link #refresh()}: its entries, the sequence to
   * read them at, and what releases them.
   */
  @FunctionalInterface
  public interface Refresher {
    /**
     * Pins the newest state.
     *
     * @return the state's entries, owned by the caller from now on
     */
    View pinNewest();
  }

  /**
   * One pinned state of the database.
   *
   * @param internal the entries, every version of every key
   * @param sequence the read's sequence number, in [0, 2^56-1]
   * @param onRelease releases what {@code internal} reads; run once, after it closes
   */
  public record View(InternalIterator internal, long sequence, Runnable onRelease) {
    /**
     * Checks the components.
     *
     * @param internal the entries, every version of every key
     * @param sequence the read's sequence number, in [0, 2^56-1]
     * @param onRelease releases what {@code internal} reads
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code sequence} is out of range
     */
    public View {
      checkNotNull(internal, "internal");
      checkNotNull(onRelease, "onRelease");
      checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
          "sequence out of range: %s", sequence);
    }
  }

  private InternalIterator internal;
  private final KeyComparator userComparator;
  private long sequence;
  private Runnable onClose;
  private final BooleanSupplier dbOpen;
  /** Smallest user key to yield (inclusive), or null. */
  private final byte[] lowerBound;
  /** User key to stop before (exclusive), or null. */
  private final byte[] upperBound;
  /** Pins the newest state for {@link #refresh()}; null when reading at an explicit snapshot. */
  private final Refresher refresher;
  /** Counts the seeks, for the database's statistics. */
  private final LongAdder seeks;

  private boolean forward = true;
  private boolean valid;
  private boolean closed;
  /** A user key as {@code savedKey[0, savedKeyLength)}; may be the prefix of an internal key. */
  private byte[] savedKey;
  private int savedKeyLength;
  private byte[] savedValue;
  /** Type code of the entry last parsed by {@link #parseKey}. */
  private int parsedType;
  /** The database's merge operator; null for none. */
  private final MergeOperator mergeOperator;
  /**
   * Forward only: the current entry is a merge result, held in savedKey/savedValue, and the
   * internal iterator rests after the entries merged (on an older entry of the key, or beyond).
   */
  private boolean merged;
  /** Merge operands being collected: newest first forward, oldest first backward. */
  private final List<byte[]> operands = new ArrayList<>();

  /**
   * @param internal the entries to read, owned by this iterator from now on
   * @param userComparator the order of user keys
   * @param sequence the read's sequence number, in [0, 2^56-1]: entries above it are invisible
   * @param onClose run once by the first {@link #close()}, after the internal iterator closes
   * @param dbOpen false once the database has closed; checked by every call but close
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code sequence} is out of range
   */
  public DbIteratorImpl(InternalIterator internal, KeyComparator userComparator, long sequence,
      Runnable onClose, BooleanSupplier dbOpen) {
    this(internal, userComparator, sequence, onClose, dbOpen, new LongAdder());
  }

  /**
   * As the constructor above, counting every {@code seek}, {@code seekToFirst} and
   * {@code seekToLast} in {@code seeks}.
   */
  public DbIteratorImpl(InternalIterator internal, KeyComparator userComparator, long sequence,
      Runnable onClose, BooleanSupplier dbOpen, LongAdder seeks) {
    this(internal, userComparator, sequence, onClose, dbOpen, seeks, null);
  }

  /**
   * As the constructor above, resolving merge operands with {@code mergeOperator}.
   *
   * @param internal the entries to read, owned by this iterator from now on
   * @param userComparator the order of user keys
   * @param sequence the read's sequence number, in [0, 2^56-1]: entries above it are invisible
   * @param onClose run once by the first {@link #close()}, after the internal iterator closes
   * @param dbOpen false once the database has closed; checked by every call but close
   * @param seeks counts every {@code seek}, {@code seekToFirst} and {@code seekToLast}
   * @param mergeOperator the database's merge operator; null for none (a merge operand met then
   *     fails the move with IllegalStateException)
   * @throws NullPointerException if an argument but {@code mergeOperator} is null
   * @throws IllegalArgumentException if {@code sequence} is out of range
   */
  public DbIteratorImpl(InternalIterator internal, KeyComparator userComparator, long sequence,
      Runnable onClose, BooleanSupplier dbOpen, LongAdder seeks, MergeOperator mergeOperator) {
    this(new View(internal, sequence, onClose), userComparator, null, null, null, dbOpen, seeks,
        mergeOperator);
  }

  /**
   * An iterator over {@code view}, yielding only user keys in {@code [lowerBound, upperBound)}.
   *
   * @param view the entries to read, the read's sequence and their release; owned from now on
   * @param userComparator the order of user keys
   * @param lowerBound the smallest user key to yield (inclusive), or null for none; not copied
   * @param upperBound the user key to stop before (exclusive), or null for none; not copied
   * @param refresher pins the newest state for {@link #refresh()}, or null when the iterator
   *     reads at an explicit snapshot (refresh then throws)
   * @param dbOpen false once the database has closed; checked by every call but close
   * @param seeks counts every {@code seek}, {@code seekToFirst} and {@code seekToLast}
   * @param mergeOperator the database's merge operator; null for none (a merge operand met then
   *     fails the move with IllegalStateException)
   * @throws NullPointerException if {@code view}, {@code userComparator}, {@code dbOpen} or
   *     {@code seeks} is null
   */
  public DbIteratorImpl(View view, KeyComparator userComparator, byte[] lowerBound,
      byte[] upperBound, Refresher refresher, BooleanSupplier dbOpen, LongAdder seeks,
      MergeOperator mergeOperator) {
    checkNotNull(view, "view");
    this.mergeOperator = mergeOperator;
    this.seeks = checkNotNull(seeks, "seeks");
    this.internal = view.internal();
    this.userComparator = checkNotNull(userComparator, "userComparator");
    this.sequence = view.sequence();
    this.onClose = view.onRelease();
    this.dbOpen = checkNotNull(dbOpen, "dbOpen");
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
    this.refresher = refresher;
  }

  @Override
  public boolean isValid() {
    checkUsable();
    return valid;
  }

  @Override
  public void seekToFirst() throws IOException {
    checkUsable();
    seeks.increment();
    positionForward(lowerBound == null
        ? null : InternalKeys.encode(lowerBound, sequence, ValueType.FOR_SEEK));
  }

  @Override
  public void seekToLast() throws IOException {
    checkUsable();
    seeks.increment();
    forward = false;
    clearSaved();
    try {
      if (upperBound == null) {
        internal.seekToLast();
      } else {
        // Every entry of the upper bound's key sorts at or after this one: step before them.
        internal.seek(InternalKeys.encode(upperBound, InternalKey.MAX_SEQUENCE,
            ValueType.FOR_SEEK));
        if (internal.isValid()) {
          internal.prev();
        } else {
          internal.seekToLast();
        }
      }
      findPrevUserEntry();
    } catch (IOException | RuntimeException e) {
      invalidate();
      throw e;
    }
  }

  /** @throws NullPointerException if {@code target} is null */
  @Override
  public void seek(byte[] target) throws IOException {
    checkNotNull(target, "target");
    checkUsable();
    seeks.increment();
    byte[] start = lowerBound != null
        && userComparator.compare(target, 0, target.length, lowerBound, 0, lowerBound.length) < 0
        ? lowerBound : target;
    positionForward(InternalKeys.encode(start, sequence, ValueType.FOR_SEEK));
  }

  /** Seeks the internal iterator to {@code internalTarget} (null: the first entry), forward. */
  private void positionForward(byte[] internalTarget) throws IOException {
    forward = true;
    clearSaved();
    try {
      if (internalTarget == null) {
        internal.seekToFirst();
      } else {
        internal.seek(internalTarget);
      }
      if (internal.isValid()) {
        findNextUserEntry(false);
      } else {
        valid = false;
      }
    } catch (IOException | RuntimeException e) {
      invalidate();
      throw e;
    }
  }

  @Override
  public void next() throws IOException {
    checkUsable();
    checkState(valid, "iterator is not valid");
    try {
      if (!forward) {
        forward = true;
        // The internal iterator rests just before the entries of savedKey: step into them, and
        // let the skipping below pass them.
        if (internal.isValid()) {
          internal.next();
        } else {
          internal.seekToFirst();
        }
      } else if (merged) {
        // The merge already stepped past the entries it used; savedKey skips the rest.
        merged = false;
      } else {
        // Skip the rest of the current key's entries.
        byte[] key = internal.key();
        saveKey(key, key.length - InternalKey.TRAILER_SIZE);
        internal.next();
      }
      if (!internal.isValid()) {
        valid = false;
        clearSaved();
        return;
      }
      findNextUserEntry(true);
    } catch (IOException | RuntimeException e) {
      invalidate();
      throw e;
    }
  }

  @Override
  public void prev() throws IOException {
    checkUsable();
    checkState(valid, "iterator is not valid");
    try {
      if (forward) {
        // Step back until the user key changes, then scan backward as usual.
        if (merged) {
          // The internal iterator is past the key's merged entries (or at its end): go back to
          // the key's first entry, then before it.
          merged = false;
          internal.seek(InternalKeys.encode(Arrays.copyOf(savedKey, savedKeyLength),
              InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
          if (!internal.isValid()) {
            internal.seekToLast();
          }
        } else {
          byte[] key = internal.key();
          saveKey(key, key.length - InternalKey.TRAILER_SIZE);
        }
        while (true) {
          internal.prev();
          if (!internal.isValid()) {
            valid = false;
            clearSaved();
            return;
          }
          byte[] k = internal.key();
          checkLength(k);
          if (userComparator.compare(k, 0, k.length - InternalKey.TRAILER_SIZE, savedKey, 0,
              savedKeyLength) < 0) {
            break;
          }
        }
        forward = false;
      }
      findPrevUserEntry();
    } catch (IOException | RuntimeException e) {
      invalidate();
      throw e;
    }
  }

  /**
   * The current user key, a fresh array.
   *
   * @throws IllegalStateException if not valid
   */
  @Override
  public byte[] key() {
    checkUsable();
    checkState(valid, "iterator is not valid");
    if (forward && !merged) {
      byte[] key = internal.key();
      return Arrays.copyOf(key, key.length - InternalKey.TRAILER_SIZE);
    }
    return Arrays.copyOf(savedKey, savedKeyLength);
  }

  /**
   * The current value, a fresh array.
   *
   * @throws IllegalStateException if not valid
   */
  @Override
  public byte[] value() {
    checkUsable();
    checkState(valid, "iterator is not valid");
    return forward && !merged ? internal.valueCopy() : savedValue.clone();
  }

  @Override
  public void refresh() {
    checkUsable();
    checkState(refresher != null,
        "iterator reads at an explicit snapshot; refresh would leave it: create a new iterator");
    View view = refresher.pinNewest();
    InternalIterator oldInternal = internal;
    Runnable oldRelease = onClose;
    internal = view.internal();
    sequence = view.sequence();
    onClose = view.onRelease();
    invalidate();
    try {
      oldInternal.close();
    } finally {
      oldRelease.run();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    valid = false;
    clearSaved();
    try {
      internal.close();
    } finally {
      onClose.run();
    }
  }

  /**
   * Forward: from the internal iterator's entry on, finds the first visible live entry, skipping
   * the entries of user keys {@code <= savedKey} when {@code skipping}. REQUIRES internal valid.
   */
  private void findNextUserEntry(boolean skipping) throws IOException {
    do {
      byte[] key = internal.key();
      if (upperBound != null && key.length >= InternalKey.TRAILER_SIZE
          && userComparator.compare(key, 0, key.length - InternalKey.TRAILER_SIZE, upperBound, 0,
              upperBound.length) >= 0) {
        break; // past the upper bound: nothing more to yield forward
      }
      if (parseKey(key)) {
        int userLength = key.length - InternalKey.TRAILER_SIZE;
        if (parsedType == ValueType.DELETION.code()) {
          // Hide every older entry of this key.
          saveKey(key, userLength);
          skipping = true;
        } else if (!skipping || userComparator.compare(key, 0, userLength, savedKey, 0,
            savedKeyLength) > 0) {
          if (parsedType == ValueType.MERGE.code()) {
            mergeForward(key, userLength);
            return;
          }
          valid = true;
          clearSaved();
          return;
        }
      }
      internal.next();
    } while (internal.isValid());
    clearSaved();
    valid = false;
  }

  /**
   * Forward, on the newest visible entry of a key, a merge operand: collects the key's older
   * operands down to a put, a delete or its last entry, full-merges them into savedValue, and
   * leaves the internal iterator after what it used (RocksDB's {@code MergeValuesNewToOld}).
   */
  private void mergeForward(byte[] key, int userLength) throws IOException {
    byte[] userKey = Arrays.copyOf(key, userLength);
    operands.clear();
    operands.add(internal.value());
    // An immutable memtable and the table its flush wrote may both be read: the same entry
    // then comes twice in a row, and is taken once.
    long lastSequence = InternalKeys.trailer(key, 0, key.length) >>> 8;
    Optional<byte[]> base = Optional.empty();
    internal.next();
    while (internal.isValid()) {
      byte[] k = internal.key();
      checkLength(k);
      if (userComparator.compare(k, 0, k.length - InternalKey.TRAILER_SIZE, userKey, 0,
          userLength) != 0) {
        break;
      }
      parseKey(k); // older than a visible entry: visible too
      if (parsedType == ValueType.MERGE.code()) {
        long entrySequence = InternalKeys.trailer(k, 0, k.length) >>> 8;
        if (entrySequence != lastSequence) {
          operands.add(internal.value());
          lastSequence = entrySequence;
        }
        internal.next();
        continue;
      }
      if (parsedType == ValueType.VALUE.code()) {
        base = Optional.of(internal.value());
      }
      break; // a put or a delete: the older entries are hidden; next() skips them
    }
    byte[] value = MergeHelper.fullMerge(mergeOperator, userKey, base, operands,
        CORRUPTION_FILE);
    operands.clear();
    saveKey(userKey, userLength);
    savedValue = value;
    merged = true;
    valid = true;
  }

  /**
   * Backward: scans back over the entries before the internal iterator's position until it has
   * collected the newest visible entry of the previous live user key (into savedKey/savedValue)
   * and stepped before all that key's entries. Merge operands are collected oldest first, over
   * the put (kept in {@code base}) or delete before them, and full-merged at the end.
   */
  private void findPrevUserEntry() throws IOException {
    int valueType = ValueType.DELETION.code();
    byte[] base = null;
    operands.clear();
    long lastOperandSequence = -1; // an entry met twice in a row (see mergeForward) counts once
    while (internal.isValid()) {
      byte[] key = internal.key();
      if (lowerBound != null && key.length >= InternalKey.TRAILER_SIZE
          && userComparator.compare(key, 0, key.length - InternalKey.TRAILER_SIZE, lowerBound, 0,
              lowerBound.length) < 0) {
        break; // below the lower bound: what is saved, if anything, is the answer
      }
      if (parseKey(key)) {
        int userLength = key.length - InternalKey.TRAILER_SIZE;
        if (valueType != ValueType.DELETION.code()
            && userComparator.compare(key, 0, userLength, savedKey, 0, savedKeyLength) < 0) {
          break; // reached the entries of an earlier key with a live value saved
        }
        valueType = parsedType;
        if (valueType == ValueType.DELETION.code()) {
          clearSaved();
          operands.clear();
          base = null;
        } else if (valueType == ValueType.MERGE.code()) {
          saveKey(key, userLength);
          long entrySequence = InternalKeys.trailer(key, 0, key.length) >>> 8;
          if (operands.isEmpty() || entrySequence != lastOperandSequence) {
            operands.add(internal.value());
          }
          lastOperandSequence = entrySequence;
        } else {
          saveKey(key, userLength);
          savedValue = internal.value();
          operands.clear();
          base = savedValue;
        }
      }
      internal.prev();
    }
    if (valueType == ValueType.DELETION.code()) {
      valid = false;
      clearSaved();
      forward = true;
    } else {
      if (valueType == ValueType.MERGE.code()) {
        savedValue = MergeHelper.fullMergeOldestFirst(mergeOperator,
            Arrays.copyOf(savedKey, savedKeyLength), Optional.ofNullable(base),
            new ArrayList<>(operands), CORRUPTION_FILE);
      }
      operands.clear();
      valid = true;
    }
  }

  /**
   * Decodes the trailer of {@code key} into the parsed fields.
   *
   * @return whether the entry is visible at the read's sequence
   * @throws CorruptionException if the key is shorter than 8 bytes or its type is unknown
   */
  private boolean parseKey(byte[] key) throws CorruptionException {
    checkLength(key);
    long trailer = InternalKeys.trailer(key, 0, key.length);
    int type = (int) (trailer & 0xff);
    if (type != ValueType.VALUE.code() && type != ValueType.DELETION.code()
        && type != ValueType.MERGE.code()) {
      throw new CorruptionException(CORRUPTION_FILE, -1,
          "unknown value type " + type + " in internal key of " + key.length + " bytes");
    }
    parsedType = type;
    return (trailer >>> 8) <= sequence;
  }

  private static void checkLength(byte[] key) throws CorruptionException {
    if (key.length < InternalKey.TRAILER_SIZE) {
      throw new CorruptionException(CORRUPTION_FILE, -1,
          "internal key shorter than 8 bytes: " + key.length);
    }
  }

  private void saveKey(byte[] key, int userLength) {
    savedKey = key;
    savedKeyLength = userLength;
  }

  private void clearSaved() {
    merged = false;
    savedKey = null;
    savedKeyLength = 0;
    savedValue = null;
  }

  private void invalidate() {
    valid = false;
    forward = true;
    clearSaved();
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
    if (!dbOpen.getAsBoolean()) {
      throw new IllegalStateException("database is closed");
    }
  }
}
