package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import org.junit.jupiter.api.Test;

class BlockHandleTest {
  @Test
  void roundTrips() throws Exception {
    for (long[] v : new long[][] {{0, 0}, {1, 127}, {128, 16384}, {1L << 40, 4096},
        {Long.MAX_VALUE, Long.MAX_VALUE}}) {
      BlockHandle h = new BlockHandle(v[0], v[1]);
      byte[] enc = h.encode();
      assertThat(enc.length).isEqualTo(Coding.varintLength(v[0]) + Coding.varintLength(v[1]));
      BlockHandle back = BlockHandle.decode(enc, 0, enc.length, "f", 0);
      assertThat(back).isEqualTo(h);
      assertThat(back.encode()).isEqualTo(enc);
    }
  }

  @Test
  void truncatedOrOverlongHandlesAreCorruption() {
    byte[] enc = new BlockHandle(300, 70000).encode();
    assertThatThrownBy(() -> BlockHandle.decode(enc, 0, enc.length - 1, "t.ldb", 55))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("t.ldb at offset 55");
    byte[] huge = new byte[20];
    java.util.Arrays.fill(huge, (byte) 0xff);
    assertThatThrownBy(() -> BlockHandle.decode(huge, 0, 20, "t.ldb", 0))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void footerRoundTripsWithLevelDbMagic() throws Exception {
    Footer f = new Footer(new BlockHandle(1000, 20), new BlockHandle(1025, 300));
    byte[] enc = f.encode();
    assertThat(enc).hasSize(48);
    assertThat(enc[40] & 0xff).isEqualTo(0x57);
    assertThat(enc[47] & 0xff).isEqualTo(0xdb);
    assertThat(Coding.getFixed64(enc, 40)).isEqualTo(0xdb4775248b80fb57L);
    Footer back = Footer.decode(enc, 0, "f", 0);
    assertThat(back).isEqualTo(f);
    assertThat(back.encode()).isEqualTo(enc);
  }

  @Test
  void badMagicIsCorruption() {
    byte[] enc = new Footer(new BlockHandle(0, 1), new BlockHandle(6, 1)).encode();
    enc[44] ^= 1;
    assertThatThrownBy(() -> Footer.decode(enc, 0, "x.ldb", 952))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("x.ldb at offset 952")
        .hasMessageContaining("bad magic number");
  }

  @Test
  void nonZeroFooterPaddingIsCorruption() {
    byte[] enc = new Footer(new BlockHandle(0, 1), new BlockHandle(6, 1)).encode();
    enc[30] ^= 4; // the handles take 4 bytes; bytes 4 to 39 are zero padding
    assertThatThrownBy(() -> Footer.decode(enc, 0, "x.ldb", 952))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("x.ldb at offset 982")
        .hasMessageContaining("non-zero padding");
  }
}
