package io.strata.core.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.merge.MergeOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The associativity every built-in operator promises ({@code MergeOperator}'s class comment):
 * partial merges of adjacent operands, in any grouping, then a full merge, give what the full
 * merge of the operands alone gives; with or without a base value.
 */
class MergeAssociativityProperties {
  private static final byte[] KEY = {'k'};

  @Property(tries = 300)
  void uint64addPartialMergesInAnyGroupingKeepTheFullMerge(
      @ForAll("counters") @Size(min = 1, max = 12) List<byte[]> operands,
      @ForAll("maybeCounter") Optional<byte[]> base, @ForAll long groupingSeed) {
    check(new UInt64AddOperator(), operands, base, groupingSeed);
  }

  @Property(tries = 300)
  void stringappendPartialMergesInAnyGroupingKeepTheFullMerge(
      @ForAll("strings") @Size(min = 1, max = 12) List<byte[]> operands,
      @ForAll("maybeString") Optional<byte[]> base, @ForAll("delimiters") String delimiter,
      @ForAll long groupingSeed) {
    check(new StringAppendOperator(delimiter), operands, base, groupingSeed);
  }

  /** Combines random adjacent pairs until one operand is left, checking at every step. */
  private static void check(MergeOperator op, List<byte[]> operands, Optional<byte[]> base,
      long groupingSeed) {
    byte[] expected = op.fullMerge(KEY, base, operands).orElseThrow();
    Random rnd = new Random(groupingSeed);
    List<byte[]> current = new ArrayList<>(operands);
    while (current.size() > 1) {
      int i = rnd.nextInt(current.size() - 1);
      byte[] combined = op.partialMerge(KEY, current.get(i), current.get(i + 1)).orElseThrow();
      current.set(i, combined);
      current.remove(i + 1);
      assertThat(op.fullMerge(KEY, base, current).orElseThrow()).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<byte[]>> counters() {
    // Mostly well-formed 8-byte operands, some malformed (counted as 0).
    Arbitrary<byte[]> good = Arbitraries.longs().map(UInt64AddOperator::encode);
    Arbitrary<byte[]> bad = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, good), net.jqwik.api.Tuple.of(1, bad)).list();
  }

  @Provide
  Arbitrary<Optional<byte[]>> maybeCounter() {
    return Arbitraries.longs().map(UInt64AddOperator::encode).optional();
  }

  @Provide
  Arbitrary<List<byte[]>> strings() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(6).list();
  }

  @Provide
  Arbitrary<Optional<byte[]>> maybeString() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(6).optional();
  }

  @Provide
  Arbitrary<String> delimiters() {
    return Arbitraries.of("", ",", "|", "::");
  }
}
