package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchKeysTest {
  @Test
  void formatsLikePercent016d() {
    for (int k : new int[] {0, 7, 42, 999_999, 1_000_000, Integer.MAX_VALUE}) {
      assertThat(new String(BenchKeys.key(k), US_ASCII)).isEqualTo(String.format("%016d", k));
    }
  }

  @Test
  void formatOverwritesTheWholeBuffer() {
    byte[] key = BenchKeys.key(123_456_789);
    BenchKeys.format(5, key);
    assertThat(new String(key, US_ASCII)).isEqualTo("0000000000000005");
  }
}
