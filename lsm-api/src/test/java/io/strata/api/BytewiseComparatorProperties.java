package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link BytewiseComparator#compare(byte[], int, int, byte[], int, int)} orders ranges as
 * unsigned lexicographic comparison ({@link Arrays#compareUnsigned}) does, for keys sharing
 * prefixes of every length on both sides of its short-key limit, at any offsets.
 */
class BytewiseComparatorProperties {
  private static final BytewiseComparator CMP = BytewiseComparator.INSTANCE;

  @Property(tries = 3000)
  void ordersRangesAsUnsignedLexicographicComparison(
      @ForAll @Size(max = 90) byte[] common,
      @ForAll @Size(max = 12) byte[] aTail,
      @ForAll @Size(max = 12) byte[] bTail,
      @ForAll @IntRange(max = 7) int aOff,
      @ForAll @IntRange(max = 7) int bOff) {
    byte[] a = placed(aOff, common, aTail);
    byte[] b = placed(bOff, common, bTail);
    int aLen = common.length + aTail.length;
    int bLen = common.length + bTail.length;

    int expected = Integer.signum(
        Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen));
    assertThat(Integer.signum(CMP.compare(a, aOff, aLen, b, bOff, bLen))).isEqualTo(expected);
    assertThat(Integer.signum(CMP.compare(b, bOff, bLen, a, aOff, aLen))).isEqualTo(-expected);
    assertThat(CMP.compare(a, aOff, aLen, a, aOff, aLen)).isZero();
  }

  @Example
  void bytesCompareUnsigned() {
    byte[] low = {0x7f};
    byte[] high = {(byte) 0x80};
    assertThat(CMP.compare(low, 0, 1, high, 0, 1)).isNegative();
    byte[] eight = {1, 2, 3, 4, 5, 6, 7, (byte) 0xff};
    byte[] eightLow = {1, 2, 3, 4, 5, 6, 7, 0};
    assertThat(CMP.compare(eight, 0, 8, eightLow, 0, 8)).isPositive();
    assertThat(CMP.compare(eightLow, 0, 7, eightLow, 0, 8)).isNegative(); // a prefix first
  }

  @Example
  void aRangeOutsideItsArrayIsRefused() {
    byte[] k = new byte[16];
    assertThatThrownBy(() -> CMP.compare(k, 10, 8, k, 0, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> CMP.compare(k, 0, 8, k, -1, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> CMP.compare(k, 0, -1, k, 0, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** {@code common} then {@code tail}, starting at {@code off} of an array with a byte after. */
  private static byte[] placed(int off, byte[] common, byte[] tail) {
    byte[] out = new byte[off + common.length + tail.length + 1];
    Arrays.fill(out, (byte) 0x5a);
    System.arraycopy(common, 0, out, off, common.length);
    System.arraycopy(tail, 0, out, off + common.length, tail.length);
    return out;
  }
}
