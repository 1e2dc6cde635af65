package io.strata.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GetResultTest {
  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void anOperandMetAgainIsIgnored() {
    GetResult r = new GetResult();
    r.addMergeOperand(9, b("c"));
    r.addMergeOperand(7, b("b"));
    // The same entries again, from the table an immutable memtable was flushed to.
    r.addMergeOperand(9, b("c"));
    r.addMergeOperand(7, b("b"));
    r.addMergeOperand(3, b("a"));
    assertThat(r.mergeOperands()).containsExactly(b("c"), b("b"), b("a"));
    assertThat(r.state()).isEqualTo(GetResult.State.MERGE_IN_PROGRESS);
  }

  @Test
  void aRangeTombstoneCutsTheOperandsBelowIt() {
    GetResult r = new GetResult();
    r.addMergeOperand(9, b("c"));
    r.addMergeOperand(5, b("b"));
    assertThat(r.dropMergeOperandsBelow(4)).isFalse();
    assertThat(r.state()).isEqualTo(GetResult.State.MERGE_IN_PROGRESS);
    assertThat(r.dropMergeOperandsBelow(6)).isTrue();
    assertThat(r.mergeOperands()).containsExactly(b("c"));
    assertThat(r.state()).isEqualTo(GetResult.State.DELETED);
    r.reset();
    assertThat(r.mergeOperands()).isEmpty();
    assertThat(r.dropMergeOperandsBelow(6)).isFalse();
  }
}
