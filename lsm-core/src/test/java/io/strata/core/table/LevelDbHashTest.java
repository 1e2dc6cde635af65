package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelDbHashTest {
  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static int hash(byte[] data, int seed) {
    return LevelDbHash.hash(data, 0, data.length, seed);
  }

  /** The vectors of google/leveldb util/hash_test.cc (SignedUnsignedIssue). */
  @Test
  void matchesLevelDbVectors() {
    int seed = 0xbc9f1d34;
    assertThat(hash(new byte[0], seed)).isEqualTo(0xbc9f1d34);
    assertThat(hash(bytes(0x62), seed)).isEqualTo(0xef1345c4);
    assertThat(hash(bytes(0xc3, 0x97), seed)).isEqualTo(0x5b663814);
    assertThat(hash(bytes(0xe2, 0x99, 0xa5), seed)).isEqualTo(0x323c078f);
    assertThat(hash(bytes(0xe1, 0x80, 0xb9, 0x32), seed)).isEqualTo(0xed21633a);
    byte[] data5 = bytes(
        0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
    assertThat(hash(data5, 0x12345678)).isEqualTo(0xf333dabb);
  }

  @Test
  void hashesOnlyTheGivenRange() {
    byte[] padded = bytes(0xff, 0xe2, 0x99, 0xa5, 0xff);
    assertThat(LevelDbHash.hash(padded, 1, 3, 0xbc9f1d34)).isEqualTo(0x323c078f);
  }
}
