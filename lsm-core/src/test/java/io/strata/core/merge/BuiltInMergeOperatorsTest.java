package io.strata.core.merge;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.merge.MergeOperator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuiltInMergeOperatorsTest {
  private static final byte[] KEY = "k".getBytes(UTF_8);

  @Test
  void uint64addSumsFixed64LittleEndianModulo2To64() {
    MergeOperator op = new UInt64AddOperatorProvider().create(Map.of());
    assertThat(op.name()).isEqualTo("uint64add");
    byte[] v = op.fullMerge(KEY, Optional.of(UInt64AddOperator.encode(40)),
        List.of(UInt64AddOperator.encode(1), UInt64AddOperator.encode(1))).orElseThrow();
    assertThat(v).containsExactly(42, 0, 0, 0, 0, 0, 0, 0);
    assertThat(UInt64AddOperator.decode(op.fullMerge(KEY, Optional.empty(),
        List.of(UInt64AddOperator.encode(-1L), UInt64AddOperator.encode(2))).orElseThrow()))
        .isEqualTo(1); // wraps around
    assertThat(UInt64AddOperator.decode(op.partialMerge(KEY, UInt64AddOperator.encode(3),
        UInt64AddOperator.encode(4)).orElseThrow())).isEqualTo(7);
  }

  @Test
  void uint64addCountsAMalformedOperandOrValueAsZeroAsRocksDbDoes() {
    MergeOperator op = new UInt64AddOperator();
    byte[] v = op.fullMerge(KEY, Optional.of("garbage".getBytes(UTF_8)),
        List.of(UInt64AddOperator.encode(5), new byte[3], UInt64AddOperator.encode(6)))
        .orElseThrow();
    assertThat(UInt64AddOperator.decode(v)).isEqualTo(11);
    assertThat(UInt64AddOperator.decode(op.partialMerge(KEY, new byte[0],
        UInt64AddOperator.encode(9)).orElseThrow())).isEqualTo(9);
  }

  @Test
  void stringappendJoinsWithTheDelimiterOldestFirst() {
    MergeOperator comma = new StringAppendOperatorProvider().create(Map.of());
    assertThat(comma.name()).isEqualTo("stringappend");
    assertThat(str(comma.fullMerge(KEY, Optional.empty(), List.of(b("a"), b("b"), b("c")))))
        .isEqualTo("a,b,c");
    assertThat(str(comma.fullMerge(KEY, Optional.of(b("x")), List.of(b("a"), b("")))))
        .isEqualTo("x,a,");
    assertThat(str(comma.fullMerge(KEY, Optional.empty(), List.of(b(""), b("b")))))
        .isEqualTo(",b");
    assertThat(str(comma.partialMerge(KEY, b("a"), b("b")))).isEqualTo("a,b");
    MergeOperator semi = new StringAppendOperatorProvider().create(Map.of("delimiter", "; "));
    assertThat(str(semi.fullMerge(KEY, Optional.of(b("x")), List.of(b("a"), b("b")))))
        .isEqualTo("x; a; b");
    MergeOperator none = new StringAppendOperatorProvider().create(Map.of("delimiter", ""));
    assertThat(str(none.fullMerge(KEY, Optional.of(b("x")), List.of(b("a"), b("b")))))
        .isEqualTo("xab");
  }

  @Test
  void unknownOptionsAreRefused() {
    assertThatThrownBy(() -> new UInt64AddOperatorProvider().create(Map.of("delimiter", ",")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'delimiter' for merge operator 'uint64add'");
    assertThatThrownBy(() -> new StringAppendOperatorProvider().create(Map.of("delim", ",")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("valid options: delimiter");
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String str(Optional<byte[]> v) {
    return new String(v.orElseThrow(), UTF_8);
  }
}
