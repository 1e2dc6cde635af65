package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.snappy.SnappyCompressor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValueGeneratorTest {
  private static final ValueGenerator.Pool POOL = new ValueGenerator.Pool(301, 0.5);

  @Test
  void poolIsAtLeastOneMebibyteOfWholePieces() {
    assertThat(POOL.sizeBytes()).isEqualTo(1_048_600); // 10486 pieces of 100 bytes, as db_bench
  }

  @Test
  void valuesArePrintableAndEachIsHalfRandomHalfRepeat() {
    ValueGenerator gen = new ValueGenerator(POOL);
    for (int i = 0; i < 1000; i++) {
      byte[] v = gen.generate(100);
      assertThat(v).hasSize(100);
      for (byte b : v) {
        assertThat((int) b).isBetween((int) ' ', (int) '~');
      }
      assertThat(Arrays.copyOfRange(v, 50, 100)).isEqualTo(Arrays.copyOfRange(v, 0, 50));
    }
  }

  @Test
  void snappyCompressesValuesToAboutHalf() {
    SnappyCompressor snappy = new SnappyCompressor();
    byte[] out = new byte[snappy.maxCompressedLength(100)];
    ValueGenerator gen = new ValueGenerator(POOL);
    long total = 0;
    int values = 1000;
    for (int i = 0; i < values; i++) {
      byte[] v = gen.generate(100);
      int n = snappy.compress(v, 0, v.length, out, 0, out.length);
      assertThat(n).isBetween(45, 65);
      total += n;
    }
    assertThat(total / (double) (values * 100)).isBetween(0.45, 0.6);
  }

  @Test
  void wholePoolCompressesToAboutHalfWithoutCrossValueMatches() {
    // A 4 KiB block of consecutive values, as a table block would hold them.
    SnappyCompressor snappy = new SnappyCompressor();
    ValueGenerator gen = new ValueGenerator(POOL);
    byte[] block = gen.generate(4096);
    byte[] out = new byte[snappy.maxCompressedLength(block.length)];
    int n = snappy.compress(block, 0, block.length, out, 0, out.length);
    assertThat(n / 4096.0).isBetween(0.45, 0.6);
  }

  @Test
  void wrapsToThePoolStartAndIsDeterministic() {
    ValueGenerator a = new ValueGenerator(POOL);
    ValueGenerator b = new ValueGenerator(new ValueGenerator.Pool(301, 0.5));
    byte[] first = a.generate(100);
    assertThat(b.generate(100)).isEqualTo(first);
    for (int i = 1; i < POOL.sizeBytes() / 100; i++) {
      a.generate(100);
    }
    assertThat(a.generate(100)).isEqualTo(first);
    assertThat(new ValueGenerator(new ValueGenerator.Pool(302, 0.5)).generate(100))
        .isNotEqualTo(first);
  }

  @Test
  void otherRatiosRepeatShorterOrLongerRuns() {
    byte[] v = new ValueGenerator(new ValueGenerator.Pool(7, 0.25)).generate(100);
    for (int i = 25; i < 100; i++) {
      assertThat(v[i]).isEqualTo(v[i % 25]);
    }
  }
}
