package io.strata.core.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FullFilterTest {
  private static long h(String key) {
    byte[] b = key.getBytes(UTF_8);
    return FullFilter.hash(b, 0, b.length);
  }

  @Test
  void noFalseNegativesAndAboutOnePercentFalsePositivesAtTenBitsPerKey() throws Exception {
    int n = 20_000;
    long[] hashes = new long[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = h(String.format("%016d", i * 2));
    }
    byte[] contents = FullFilter.build(hashes, n, 10);
    FullFilter f = FullFilter.parse(contents, "t.ldb", 0);
    for (int i = 0; i < n; i++) {
      assertThat(f.mayContain(hashes[i])).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < n; i++) {
      if (f.mayContain(h(String.format("%016d", i * 2 + 1)))) {
        falsePositives++;
      }
    }
    assertThat(falsePositives / (double) n).isLessThan(0.025);
    assertThat(f.memoryBytes()).isBetween(n * 10L / 8, n * 10L / 8 + 64);
  }

  @Test
  void hashIsFixedAcrossRuns() {
    // The bits on disk depend on it: these values must never change.
    assertThat(h("")).isEqualTo(h(""));
    assertThat(h("a")).isNotEqualTo(h("b"));
    assertThat(h("0000000000000001")).isNotEqualTo(h("0000000000000010"));
    byte[] k = "xkeyx".getBytes(UTF_8);
    assertThat(FullFilter.hash(k, 1, 3)).isEqualTo(h("key"));
  }

  @Test
  void emptyFilterRulesEverythingOut() throws Exception {
    FullFilter f = FullFilter.parse(FullFilter.build(new long[0], 0, 10), "t.ldb", 0);
    assertThat(f.mayContain(h("anything"))).isFalse();
  }

  @Test
  void damagedHeadersAreCorruption() {
    byte[] good = FullFilter.build(new long[] {h("a")}, 1, 10);
    assertThatThrownBy(() -> FullFilter.parse(Arrays.copyOf(good, 3), "t.ldb", 77))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("t.ldb at offset 77");
    byte[] badProbes = good.clone();
    badProbes[0] = 0;
    assertThatThrownBy(() -> FullFilter.parse(badProbes, "t.ldb", 77))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("probes");
    byte[] hugeBlocks = good.clone();
    hugeBlocks[4] = 0x7f;
    assertThatThrownBy(() -> FullFilter.parse(hugeBlocks, "t.ldb", 77))
        .isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> FullFilter.parse(Arrays.copyOf(good, good.length + 8), "t.ldb", 77))
        .isInstanceOf(CorruptionException.class);
  }
}
