package io.strata.api.spi.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.util.Arrays;

/**
 * Decides, during a compaction, what becomes of a key's value: keep it, remove the key, or
 * change the value (rocksdb include/rocksdb/compaction_filter.h, {@code CompactionFilter::Filter}
 * and {@code FilterV2}'s {@code kKeep}, {@code kRemove}, {@code kChangeValue}). Created by a
 * {@link CompactionFilterFactory} for one compaction and used by that compaction's thread only,
 * so an implementation need not be thread-safe.
 *
 * <p>What the engine hands it, as RocksDB does:
 *
 * <ul>
 *   <li>puts only: never a deletion marker (nor, once the engine has them, a merge operand);
 *   <li>for each user key of the compaction, its newest version only, and only when no open
 *       snapshot can see it: its sequence number is above the newest snapshot's, or no snapshot
 *       is open. A snapshot taken while the compaction runs is not protected (as in RocksDB,
 *       whose compaction takes the snapshot list when it starts);
 *   <li>never at a flush (RocksDB's default).
 * </ul>
 *
 * <p>A removed key becomes a deletion marker at the same sequence number, so that older versions
 * in levels below the compaction do not reappear; the marker is dropped at once where the
 * compaction is the bottom for that key (no older file may hold it), as any marker is. A
 * changed value replaces the value at the same sequence number.
 */
public interface CompactionFilter {
  /**
   * Decides for one entry.
   *
   * @param level the level of the compaction's first input (RocksDB's {@code level} argument)
   * @param key the user key, which the filter must not change (a fresh array it may keep)
   * @param value the value as stored (a fresh array it may keep)
   * @return what to do with the entry, never null
   * @throws IOException to fail the compaction: nothing it wrote is installed, and the database
   *     becomes read-only with this as the cause, as for any failed compaction
   */
  Decision filter(int level, byte[] key, byte[] value) throws IOException;

  /** {@return a short name for logs, e.g. {@code ttl}} */
  String name();

  /**
   * What a filter decided for one entry. Immutable.
   *
   * <p>Three kinds: {@link #KEEP}, {@link #REMOVE}, and {@link #changeValue(byte[])}.
   */
  final class Decision {
    /** What the decision does. */
    public enum Kind {
      /** The entry stays as it is. */
      KEEP,
      /** The entry is removed: replaced by a deletion marker, or dropped at the bottom. */
      REMOVE,
      /** The entry's value is replaced by {@link Decision#newValue()}. */
      CHANGE_VALUE
    }

    /** Keep the entry as it is. */
    public static final Decision KEEP = new Decision(Kind.KEEP, null);
    /** Remove the entry. */
    public static final Decision REMOVE = new Decision(Kind.REMOVE, null);

    private final Kind kind;
    private final byte[] newValue;

    private Decision(Kind kind, byte[] newValue) {
      this.kind = kind;
      this.newValue = newValue;
    }

    /**
     * Replace the entry's value.
     *
     * @param newValue the value to store instead (copied)
     * @return the decision
     * @throws NullPointerException if {@code newValue} is null
     */
    public static Decision changeValue(byte[] newValue) {
      checkNotNull(newValue, "newValue");
      return new Decision(Kind.CHANGE_VALUE, newValue.clone());
    }

    /** {@return what the decision does} */
    public Kind kind() {
      return kind;
    }

    /**
     * The value to store instead.
     *
     * @return a fresh copy of the new value
     * @throws IllegalStateException if the decision is not {@link Kind#CHANGE_VALUE}
     */
    public byte[] newValue() {
      if (kind != Kind.CHANGE_VALUE) {
        throw new IllegalStateException("a " + kind + " decision has no new value");
      }
      return newValue.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Decision d && d.kind == kind && Arrays.equals(d.newValue, newValue);
    }

    @Override
    public int hashCode() {
      return kind.hashCode() * 31 + Arrays.hashCode(newValue);
    }

    @Override
    public String toString() {
      return kind == Kind.CHANGE_VALUE ? "CHANGE_VALUE(" + newValue.length + " bytes)"
          : kind.toString();
    }
  }
}
