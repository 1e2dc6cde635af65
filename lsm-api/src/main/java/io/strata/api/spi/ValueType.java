package io.strata.api.spi;

/**
 * The kind of an internal-key entry; the code is the low byte of the internal key's trailer and
 * never changes (google/leveldb db/dbformat.h).
 */
public enum ValueType {
  /** A delete: the key is absent from this sequence number on (code 0). */
  DELETION(0),
  /** A put: the entry holds the key's value (code 1). */
  VALUE(1),
  /**
   * A merge operand: the entry holds an operand a {@code MergeOperator} applies to the older
   * entries of the key (code 2, RocksDB's {@code kTypeMerge}, db/dbformat.h).
   */
  MERGE(2),
  /**
   * A range deletion (code 0xF, RocksDB's {@code kTypeRangeDeletion} in db/dbformat.h): the
   * entry's user key is the inclusive begin of the deleted range and its value the exclusive end.
   * Such entries live apart from point entries: in the memtable's tombstone list and in a table's
   * {@code rocksdb.range_del} meta block, never in a data block.
   */
  RANGE_DELETION(0xF);

  /**
   * The type used to build seek keys: the largest code a data block or memtable entry holds, so
   * that a seek at a sequence number lands on every point entry at that sequence (RocksDB's
   * {@code kValueTypeForSeek}); range deletions are kept apart and never sought this way.
   */
  public static final ValueType FOR_SEEK = MERGE;

  private final int code;

  ValueType(int code) {
    this.code = code;
  }

  /** {@return the on-disk code} */
  public int code() {
    return code;
  }

  /**
   * The type of an on-disk code.
   *
   * @param code the low byte of an internal key's trailer
   * @return the type of {@code code}, or null if no type has it
   */
  public static ValueType fromCode(int code) {
    switch (code) {
      case 0:
        return DELETION;
      case 1:
        return VALUE;
      case 2:
        return MERGE;
      case 0xF:
        return RANGE_DELETION;
      default:
        return null;
    }
  }
}
