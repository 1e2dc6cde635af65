package io.strata.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchDataTest {
  @Test
  void formatKeyWritesTheKeyThatKeySpells() {
    byte[] key = new byte[BenchData.KEY_BYTES];
    for (long i : new long[] {0, 7, 42, 999_999, 1_000_000, 9_999_999_999_999_999L}) {
      BenchData.formatKey(i, key);
      assertThat(key).as("index %s", i).isEqualTo(BenchData.key(i));
    }
  }
}
