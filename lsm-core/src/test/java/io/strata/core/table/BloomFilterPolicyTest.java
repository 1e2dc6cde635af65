package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.coding.Coding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BloomFilterPolicyTest {
  private static byte[] key(int i) {
    byte[] b = new byte[4];
    Coding.putFixed32(b, 0, i);
    return b;
  }

  private static boolean matches(BloomFilterPolicy p, byte[] filter, byte[] key) {
    return p.keyMayMatch(key, filter, 0, filter.length);
  }

  @Test
  void nameAndProbesAreLevelDbs() {
    assertThat(new BloomFilterPolicy(10).name()).isEqualTo("leveldb.BuiltinBloomFilter2");
    assertThat(new BloomFilterPolicy(10).numProbes()).isEqualTo(6); // (int) (10 * 0.69)
    assertThat(new BloomFilterPolicy(1).numProbes()).isEqualTo(1);
    assertThat(new BloomFilterPolicy(100).numProbes()).isEqualTo(30);
  }

  @Test
  void emptyFilterMatchesNothing() {
    BloomFilterPolicy p = new BloomFilterPolicy(10);
    byte[] filter = p.createFilter(List.of());
    assertThat(filter).hasSize(9); // 64 bits minimum plus the probe count
    assertThat(matches(p, filter, "hello".getBytes())).isFalse();
    assertThat(p.keyMayMatch("x".getBytes(), new byte[1], 0, 1)).isFalse();
  }

  @Test
  void smallFilterHoldsItsKeys() {
    BloomFilterPolicy p = new BloomFilterPolicy(10);
    byte[] filter = p.createFilter(List.of("hello".getBytes(), "world".getBytes()));
    assertThat(matches(p, filter, "hello".getBytes())).isTrue();
    assertThat(matches(p, filter, "world".getBytes())).isTrue();
    assertThat(matches(p, filter, "x".getBytes())).isFalse();
    assertThat(matches(p, filter, "foo".getBytes())).isFalse();
  }

  @Test
  void probeCountAbove30MatchesEverything() {
    BloomFilterPolicy p = new BloomFilterPolicy(10);
    byte[] filter = new byte[9];
    filter[8] = (byte) 200;
    assertThat(matches(p, filter, "anything".getBytes())).isTrue();
  }

  @Test
  void noFalseNegativesAndAboutOnePercentFalsePositives() {
    BloomFilterPolicy p = new BloomFilterPolicy(10);
    int n = 10_000;
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(key(i));
    }
    byte[] filter = p.createFilter(keys);
    assertThat(filter.length).isEqualTo((n * 10 + 7) / 8 + 1);
    for (byte[] k : keys) {
      assertThat(matches(p, filter, k)).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++) {
      if (matches(p, filter, key(i + 1_000_000_000))) {
        falsePositives++;
      }
    }
    double rate = falsePositives / 10_000.0;
    System.out.println("bloom false-positive rate at 10 bits/key: " + rate);
    assertThat(rate).isBetween(0.002, 0.02);
  }

  /** The filter bytes are a pure function of the keys (byte-identical to LevelDB's layout). */
  @Test
  void setsExactlyTheProbedBits() {
    BloomFilterPolicy p = new BloomFilterPolicy(10);
    byte[] k = "abc".getBytes();
    byte[] filter = p.createFilter(List.of(k));
    int bits = (filter.length - 1) * 8;
    int h = LevelDbHash.hash(k, 0, k.length, 0xbc9f1d34);
    int delta = Integer.rotateRight(h, 17);
    byte[] expected = new byte[filter.length];
    for (int j = 0; j < 6; j++) {
      long pos = Integer.toUnsignedLong(h) % bits;
      expected[(int) (pos / 8)] |= (byte) (1 << (pos % 8));
      h += delta;
    }
    expected[filter.length - 1] = 6;
    assertThat(filter).isEqualTo(expected);
  }

  /**
   * Filters of many keys, at several sizes and bits per key, equal LevelDB's construction with a
   * division per probe ({@code BloomFilterPolicy::CreateFilter}).
   */
  @Test
  void manyKeysSetLevelDbsBits() {
    java.util.Random rnd = new java.util.Random(11);
    for (int bitsPerKey : new int[] {1, 7, 10, 23}) {
      for (int n : new int[] {1, 5, 64, 1000}) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte[] k = new byte[1 + rnd.nextInt(24)];
          rnd.nextBytes(k);
          keys.add(k);
        }
        BloomFilterPolicy p = new BloomFilterPolicy(bitsPerKey);
        byte[] filter = p.createFilter(keys);
        long bits = Math.max(64, n * bitsPerKey);
        int bytes = (int) ((bits + 7) / 8);
        bits = bytes * 8L;
        byte[] expected = new byte[bytes + 1];
        expected[bytes] = (byte) p.numProbes();
        for (byte[] k : keys) {
          int h = LevelDbHash.hash(k, 0, k.length, 0xbc9f1d34);
          int delta = Integer.rotateRight(h, 17);
          for (int j = 0; j < p.numProbes(); j++) {
            long pos = Integer.toUnsignedLong(h) % bits;
            expected[(int) (pos / 8)] |= (byte) (1 << (pos % 8));
            h += delta;
          }
        }
        assertThat(filter).as("%s keys at %s bits per key", n, bitsPerKey).isEqualTo(expected);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void fastModMatchesTheRemainder() {
    java.util.Random rnd = new java.util.Random(7);
    long[] divisors = {1, 2, 3, 7, 8, 1000, 8 * 2047, (1L << 31) - 1, 1L << 31, (1L << 32) - 8};
    for (long d : divisors) {
      long magic = BloomFilterPolicy.fastModMagic(d);
      for (int i = 0; i < 20_000; i++) {
        int h = i < 4 ? new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[i] : rnd.nextInt();
        org.assertj.core.api.Assertions.assertThat(BloomFilterPolicy.fastMod(h, magic, d))
            .as("%s mod %s", Integer.toUnsignedLong(h), d)
            .isEqualTo(Integer.toUnsignedLong(h) % d);
      }
    }
  }
}
