package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BlockTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] userKey(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] ikey(int i) {
    return InternalKeys.encode(userKey(i), 1000 - i % 7, ValueType.VALUE);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "x".repeat(i % 13)).getBytes(StandardCharsets.US_ASCII);
  }

  /** Block of the keys 0, 2, 4, ... 2*(n-1). */
  private static Block build(int n, int restartInterval) throws CorruptionException {
    BlockBuilder b = new BlockBuilder(restartInterval, 64);
    for (int i = 0; i < n; i++) {
      b.add(ikey(2 * i), value(2 * i));
    }
    return Block.of(b.finishToArray());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 16})
  void iteratesForwardAndBackward(int interval) throws Exception {
    int n = 500;
    Block block = build(n, interval);
    assertThat(block.numRestarts()).isEqualTo((n + interval - 1) / interval);
    BlockIterator it = new BlockIterator(block, ICMP);
    assertThat(it.isValid()).isFalse();
    int i = 0;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      assertThat(it.key()).isEqualTo(ikey(2 * i));
      assertThat(it.value()).isEqualTo(value(2 * i));
      i++;
    }
    assertThat(i).isEqualTo(n);
    i = n - 1;
    for (it.seekToLast(); it.isValid(); it.prev()) {
      assertThat(it.key()).isEqualTo(ikey(2 * i));
      assertThat(it.value()).isEqualTo(value(2 * i));
      i--;
    }
    assertThat(i).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16})
  void seeksToEveryKeyAndBetweenKeys(int interval) throws Exception {
    int n = 300;
    Block block = build(n, interval);
    BlockIterator it = new BlockIterator(block, ICMP);
    for (int k = -1; k <= 2 * n; k++) {
      // Seek to user key k at the largest sequence: lands on the first entry of key >= k.
      it.seek(InternalKeys.encode(userKey(k < 0 ? 0 : k), 1L << 40, ValueType.VALUE));
      int expect = k <= 0 ? 0 : (k + 1) / 2 * 2;
      if (expect >= 2 * n) {
        assertThat(it.isValid()).as("seek %s", k).isFalse();
        continue;
      }
      assertThat(it.isValid()).as("seek %s", k).isTrue();
      assertThat(it.key()).isEqualTo(ikey(expect));
      // And a step either way from there.
      if (expect > 0) {
        it.prev();
        assertThat(it.key()).isEqualTo(ikey(expect - 2));
        it.next();
      }
      it.next();
      if (expect + 2 < 2 * n) {
        assertThat(it.key()).isEqualTo(ikey(expect + 2));
      } else {
        assertThat(it.isValid()).isFalse();
      }
    }
    // A sequence below the entry's: the entry sorts before the target, so the next key wins.
    it.seek(InternalKeys.encode(userKey(10), 0, ValueType.DELETION));
    assertThat(it.key()).isEqualTo(ikey(12));
  }

  @Test
  void seeksFromAnyCurrentPosition() throws Exception {
    Block block = build(200, 16);
    BlockIterator it = new BlockIterator(block, ICMP);
    java.util.Random rnd = new java.util.Random(42);
    for (int r = 0; r < 2000; r++) {
      int k = rnd.nextInt(400);
      it.seek(ikey(k));
      // Keys are the even numbers below 400: an odd k lands on k + 1, or past the end.
      int expect = (k + 1) / 2 * 2;
      if (expect >= 400) {
        assertThat(it.isValid()).isFalse();
      } else {
        assertThat(it.key()).as("seek %s", k).isEqualTo(ikey(expect));
      }
    }
  }

  @Test
  void sharesPrefixes() throws Exception {
    BlockBuilder shared = new BlockBuilder(16, 64);
    BlockBuilder unshared = new BlockBuilder(1, 64);
    for (int i = 0; i < 100; i++) {
      shared.add(ikey(i), new byte[0]);
      unshared.add(ikey(i), new byte[0]);
    }
    byte[] a = shared.finishToArray();
    byte[] b = unshared.finishToArray();
    assertThat(a.length).isLessThan(b.length * 6 / 10);
    // Second entry: shares "key0000000" (10 bytes) plus nothing else of the first.
    assertThat(a[0]).isEqualTo((byte) 0);
    assertThat(a[1]).isEqualTo((byte) 19);
    int second = 3 + 19;
    assertThat(a[second]).isEqualTo((byte) 10);
    assertThat(a[second + 1]).isEqualTo((byte) 9);
  }

  @Test
  void emptyBlock() throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.currentSizeEstimate()).isEqualTo(8);
    byte[] contents = b.finishToArray();
    assertThat(contents).containsExactly(0, 0, 0, 0, 1, 0, 0, 0);
    BlockIterator it = new BlockIterator(Block.of(contents), ICMP);
    it.seekToFirst();
    assertThat(it.isValid()).isFalse();
    it.seekToLast();
    assertThat(it.isValid()).isFalse();
    it.seek(ikey(1));
    assertThat(it.isValid()).isFalse();
  }

  @Test
  void resetReusesTheBuilder() throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    b.add(ikey(1), value(1));
    byte[] first = b.finishToArray();
    b.reset();
    b.add(ikey(1), value(1));
    assertThat(b.finishToArray()).isEqualTo(first);
  }

  @Test
  void worksWithPlainBytewiseKeys() throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keys.add(String.format("k%03d", i * 3));
    }
    for (String k : keys) {
      b.add(k.getBytes(), ("v" + k).getBytes());
    }
    BlockIterator it = new BlockIterator(Block.of(b.finishToArray()),
        BytewiseComparator.INSTANCE::compare, 0);
    it.seek("k010".getBytes());
    assertThat(new String(it.key())).isEqualTo("k012");
    assertThat(new String(it.value())).isEqualTo("vk012");
    it.seek("".getBytes());
    assertThat(new String(it.key())).isEqualTo("k000");
    it.seek("z".getBytes());
    assertThat(it.isValid()).isFalse();
  }

  @Test
  void keyAndValueAreFreshArraysThatSurviveMoves() throws Exception {
    BlockIterator it = new BlockIterator(build(10, 16), ICMP);
    it.seekToFirst();
    byte[] k = it.key();
    byte[] v = it.value();
    assertThat(it.key()).isSameAs(k); // made once per entry
    it.next();
    assertThat(k).isEqualTo(ikey(0));
    assertThat(v).isEqualTo(value(0));
  }

  @Test
  void restartCountTooLargeIsCorruption() {
    byte[] bad = new byte[12];
    Coding.putFixed32(bad, 8, 5);
    assertThatThrownBy(() -> new Block(bad, bad.length, "000007.ldb", 1234))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("000007.ldb")
        .hasMessageContaining("1234")
        .hasMessageContaining("restarts");
    assertThatThrownBy(() -> new Block(new byte[3], 3, "f.ldb", 0))
        .isInstanceOf(CorruptionException.class);
    byte[] negative = new byte[8];
    Coding.putFixed32(negative, 4, -1);
    assertThatThrownBy(() -> new Block(negative, 8, "f.ldb", 0))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void entryLengthsRunningPastTheBlockAreCorruption() throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    b.add(ikey(1), value(1));
    byte[] contents = b.finishToArray();
    contents[2] = 120; // value length far past the entries
    Block block = new Block(contents, contents.length, "000009.ldb", 777);
    BlockIterator it = new BlockIterator(block, ICMP);
    assertThatThrownBy(it::seekToFirst)
        .isInstanceOf(CorruptionException.class)
        .satisfies(e -> {
          CorruptionException ce = (CorruptionException) e;
          assertThat(ce.file()).isEqualTo("000009.ldb");
          assertThat(ce.offset()).isEqualTo(777);
        });
  }

  @Test
  void garbageBlocksNeverThrowAnythingButCorruption() throws Exception {
    BlockBuilder b = new BlockBuilder(4, 64);
    for (int i = 0; i < 40; i++) {
      b.add(ikey(i), value(i));
    }
    byte[] good = b.finishToArray();
    long seed = System.nanoTime();
    System.out.println("garbage block seed " + seed);
    java.util.Random rnd = new java.util.Random(seed);
    for (int round = 0; round < 3000; round++) {
      byte[] bad = good.clone();
      for (int j = 0; j < 1 + rnd.nextInt(4); j++) {
        bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
      }
      try {
        BlockIterator it = new BlockIterator(new Block(bad, bad.length, "g.ldb", 0), ICMP);
        int steps = 0;
        for (it.seekToFirst(); it.isValid() && steps < 100; it.next()) {
          it.key();
          it.value();
          steps++;
        }
        steps = 0;
        for (it.seekToLast(); it.isValid() && steps < 100; it.prev()) {
          steps++;
        }
        it.seek(ikey(rnd.nextInt(40)));
      } catch (CorruptionException expected) {
        assertThat(expected.file()).isEqualTo("g.ldb");
      }
    }
  }
}
