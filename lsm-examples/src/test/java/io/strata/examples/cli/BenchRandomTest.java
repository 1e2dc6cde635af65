package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchRandomTest {
  @Test
  void matchesTheMinimalStandardCheckValue() {
    // Park and Miller (1988): from seed 1, the 10,000th value is 1,043,618,065.
    BenchRandom r = new BenchRandom(1);
    assertThat(r.next()).isEqualTo(16807);
    int v = 16807;
    for (int i = 2; i <= 10_000; i++) {
      v = r.next();
    }
    assertThat(v).isEqualTo(1_043_618_065);
  }

  @Test
  void fixedPointSeedsAreReplaced() {
    assertThat(new BenchRandom(0).next()).isEqualTo(16807);
    assertThat(new BenchRandom(2147483647L).next()).isEqualTo(16807);
  }

  @Test
  void uniformStaysInRange() {
    BenchRandom r = new BenchRandom(301);
    for (int i = 0; i < 100_000; i++) {
      assertThat(r.uniform(95)).isBetween(0, 94);
    }
  }
}
