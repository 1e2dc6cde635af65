package io.strata.core.merge;

import io.strata.api.spi.merge.MergeOperator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsigned 64-bit addition, {@code uint64add} (RocksDB's {@code UInt64AddOperator},
 * utilities/merge_operators/uint64add.cc): values and operands are 8-byte fixed64 little-endian
 * integers; the merge of a base with operands is their sum modulo 2^64 (a missing base counts
 * as 0). Associative and commutative, so {@link #partialMerge} always combines two operands.
 *
 * <p>A malformed value or operand (any length other than 8 bytes) counts as 0 and is logged at
 * ERROR, as RocksDB's {@code DecodeInteger} does ("uint64 value corruption"); the merge goes on,
 * so one bad operand does not make the key unreadable. Stateless and thread-safe.
 */
public final class UInt64AddOperator implements MergeOperator {
  /** The operator's name, {@code uint64add}. */
  public static final String NAME = "uint64add";

  private static final Logger LOG = LoggerFactory.getLogger(UInt64AddOperator.class);

  /** Creates the operator. */
  public UInt64AddOperator() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existingValue,
      List<byte[]> operands) {
    long sum = existingValue.map(UInt64AddOperator::decode).orElse(0L);
    for (byte[] operand : operands) {
      sum += decode(operand);
    }
    return Optional.of(encode(sum));
  }

  @Override
  public Optional<byte[]> partialMerge(byte[] key, byte[] leftOperand, byte[] rightOperand) {
    return Optional.of(encode(decode(leftOperand) + decode(rightOperand)));
  }

  /**
   * Encodes a counter value.
   *
   * @param value the value, read as unsigned
   * @return its 8-byte fixed64 little-endian encoding
   */
  public static byte[] encode(long value) {
    byte[] out = new byte[8];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (value >>> (8 * i));
    }
    return out;
  }

  /**
   * Decodes a counter value, 0 for a malformed one (see the class comment).
   *
   * @param bytes an 8-byte fixed64 little-endian integer
   * @return its value, to be read as unsigned; 0 if {@code bytes} is not 8 bytes long
   */
  public static long decode(byte[] bytes) {
    if (bytes.length != 8) {
      LOG.error("uint64 value corruption, size: {} != 8; counted as 0", bytes.length);
      return 0;
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return v;
  }
}
