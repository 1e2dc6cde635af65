package io.strata.core.table;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each decoder of table bytes reports damage itself, as a {@link CorruptionException} naming the
 * file and the offset it was given, with no caller-mistake exception inside.
 */
class DecoderCorruptionTest {
  private static final String FILE = "000042.ldb";

  private static void damaged(ThrowingCallable decode, long offset, String message) {
    assertThatThrownBy(decode).isInstanceOfSatisfying(CorruptionException.class, e -> {
      assertThat(e.file()).isEqualTo(FILE);
      assertThat(e.offset()).isEqualTo(offset);
    }).hasMessageContaining(message).hasNoCause();
  }

  @Test
  void blockHandle() {
    damaged(() -> BlockHandle.decode(new byte[] {(byte) 0x80}, 0, 1, FILE, 700), 700,
        "bad block handle offset");
    damaged(() -> BlockHandle.decode(new byte[] {5, (byte) 0xff}, 0, 2, FILE, 700), 700,
        "bad block handle size");
  }

  @Test
  void footer() throws Exception {
    byte[] footer = new Footer(new BlockHandle(0, 10), new BlockHandle(20, 30)).encode();
    byte[] badMagic = footer.clone();
    badMagic[Footer.ENCODED_LENGTH - 1] ^= 1;
    damaged(() -> Footer.decode(badMagic, 0, FILE, 5000), 5000, "bad magic number");
    byte[] badPadding = footer.clone();
    badPadding[30] = 1;
    damaged(() -> Footer.decode(badPadding, 0, FILE, 5000), 5030, "non-zero padding byte");
    // The index handle's size, 30, is one byte; a flipped continuation bit runs it on into the
    // zero padding with the same value.
    byte[] longVarint = footer.clone();
    longVarint[3] |= (byte) 0x80;
    damaged(() -> Footer.decode(longVarint, 0, FILE, 5000), 5000, "shortest encoding takes 4");
    Footer decoded = Footer.decode(footer, 0, FILE, 40);
    damaged(() -> decoded.checkHandlesEndBefore(40, FILE), 40, "runs past the footer");
  }

  @Test
  void block() {
    damaged(() -> new Block(new byte[3], 3, FILE, 900), 900, "shorter than the restart count");
    damaged(() -> new Block(new byte[] {0, 0, 0, 0, 9, 0, 0, 0}, 8, FILE, 900), 900,
        "restarts do not fit");
  }

  @Test
  void blockEntries() throws Exception {
    // One entry: shared 0, non-shared 3, value 0, key "abc" (too short for an internal key);
    // then one restart point at 0.
    byte[] contents = {0, 3, 0, 'a', 'b', 'c', 0, 0, 0, 0, 1, 0, 0, 0};
    Block b = new Block(contents, contents.length, FILE, 1200);
    BlockIterator it = new BlockIterator(b,
        new InternalKeyComparator(BytewiseComparator.INSTANCE));
    damaged(it::seekToFirst, 1200, "key of 3 bytes");
    // The entry's value length runs past the entries.
    byte[] overlong = {0, 1, 9, 'a', 0, 0, 0, 0, 1, 0, 0, 0};
    BlockIterator raw = new BlockIterator(new Block(overlong, overlong.length, FILE, 1300),
        BytewiseComparator.INSTANCE::compare, 0);
    damaged(raw::seekToFirst, 1300, "runs past");
  }

  @Test
  void fullFilter() {
    damaged(() -> FullFilter.parse(new byte[4], FILE, 1500), 1500, "shorter than its 5-byte");
    damaged(() -> FullFilter.parse(new byte[] {0, 1, 0, 0, 0}, FILE, 1500), 1500,
        "bad full filter header");
  }

  @Test
  void propertiesBlock() throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    b.add("strata.num.entries".getBytes(US_ASCII), new byte[] {(byte) 0x80});
    byte[] raw = b.finishToArray();
    Block block = new Block(raw, raw.length, FILE, 1700);
    damaged(() -> TablePropertiesBlock.parse(block, 1, FILE, 1700), 1700, "not a varint64");
  }
}
