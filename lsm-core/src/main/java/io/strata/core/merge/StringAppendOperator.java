package io.strata.core.merge;

import static com.google.common.base.Preconditions.checkNotNull;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.spi.merge.MergeOperator;
import java.util.List;
import java.util.Optional;

/**
 * String append with a delimiter, {@code stringappend} (RocksDB's {@code StringAppendOperator},
 * utilities/merge_operators/string_append/stringappend.cc): the merge of a base with operands is
 * the base and the operands, oldest first, joined by the delimiter; without a base, the operands
 * alone. Associative, so {@link #partialMerge} joins two operands with the delimiter. The
 * delimiter may be empty (plain concatenation); default {@code ","}. Immutable and thread-safe.
 */
public final class StringAppendOperator implements MergeOperator {
  /** The operator's name, {@code stringappend}. */
  public static final String NAME = "stringappend";
  /** The default delimiter, {@code ","}, as RocksDB's. */
  public static final String DEFAULT_DELIMITER = ",";

  private final byte[] delimiter;

  /**
   * Creates the operator.
   *
   * @param delimiter put between two appended values, encoded as UTF-8; may be empty
   * @throws NullPointerException if {@code delimiter} is null
   */
  public StringAppendOperator(String delimiter) {
    this.delimiter = checkNotNull(delimiter, "delimiter").getBytes(UTF_8);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existingValue,
      List<byte[]> operands) {
    int size = existingValue.map(v -> v.length).orElse(-delimiter.length);
    for (byte[] operand : operands) {
      size += operand.length + delimiter.length;
    }
    byte[] out = new byte[size];
    int pos = 0;
    if (existingValue.isPresent()) {
      pos = append(out, pos, existingValue.get());
    }
    boolean first = existingValue.isEmpty();
    for (byte[] operand : operands) {
      if (!first) {
        pos = append(out, pos, delimiter);
      }
      first = false;
      pos = append(out, pos, operand);
    }
    return Optional.of(out);
  }

  @Override
  public Optional<byte[]> partialMerge(byte[] key, byte[] leftOperand, byte[] rightOperand) {
    byte[] out = new byte[leftOperand.length + delimiter.length + rightOperand.length];
    int pos = append(out, 0, leftOperand);
    pos = append(out, pos, delimiter);
    append(out, pos, rightOperand);
    return Optional.of(out);
  }

  private static int append(byte[] dst, int pos, byte[] src) {
    System.arraycopy(src, 0, dst, pos, src.length);
    return pos + src.length;
  }
}
