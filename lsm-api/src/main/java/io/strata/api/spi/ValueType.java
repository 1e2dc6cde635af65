package io.strata.api.spi;

/**
 * The kind of an internal-key entry; the code is the low byte of the internal key's trailer and
 * never changes (google/leveldb db/dbformat.h).
 */
public enum ValueType {
  DELETION(0),
  VALUE(1);

  /** The type used to build seek keys: the largest code, so a seek lands on every entry. */
  public static final ValueType FOR_SEEK = VALUE;

  private final int code;

  ValueType(int code) {
    this.code = code;
  }

  /** The on-disk code. */
  public int code() {
    return code;
  }

  /** The type of {@code code}, or null if no type has it. */
  public static ValueType fromCode(int code) {
    switch (code) {
      case 0:
        return DELETION;
      case 1:
        return VALUE;
      default:
        return null;
    }
  }
}
