package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backward iteration over blocks, which serves {@link BlockIterator#prev()} from the entries of a
 * restart interval decoded once: it must agree with forward iteration reversed, and mixed moves
 * (seeks, next, prev) must agree with a sorted-map model. Every restart interval from one entry
 * to beyond the cache's entry bound, keys with long shared prefixes, blocks held in arrays and in
 * direct buffers (as views of a mapping are).
 */
class BlockIteratorBackwardTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final int MIXED_STEPS = 4_000;

  static List<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    for (int interval : new int[] {1, 2, 3, 7, 16, 33, 1_000}) {
      for (boolean view : new boolean[] {false, true}) {
        shapes.add(Arguments.of(interval, view));
      }
    }
    return shapes;
  }

  /** About {@code n} random distinct internal keys, with varied lengths and shared prefixes. */
  private static NavigableMap<byte[], byte[]> model(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    NavigableMap<byte[], byte[]> model = new TreeMap<>(ICMP::compare);
    while (model.size() < n) {
      int k = random.nextInt(n * 4);
      String user = "key" + String.format("%06d", k) + "p".repeat(random.nextInt(3) * 40)
          + (char) ('a' + random.nextInt(26));
      byte[] key = InternalKeys.encode(user.getBytes(StandardCharsets.US_ASCII),
          random.nextLong(1, 1 << 20), random.nextInt(4) == 0 ? ValueType.DELETION
              : ValueType.VALUE);
      byte[] value = new byte[random.nextInt(150)];
      random.nextBytes(value);
      model.put(key, value);
    }
    return model;
  }

  private static Block build(Map<byte[], byte[]> model, int interval, boolean view)
      throws CorruptionException {
    BlockBuilder b = new BlockBuilder(interval, 64);
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    byte[] contents = b.finishToArray();
    if (!view) {
      return Block.of(contents);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(contents.length);
    direct.put(contents).clear();
    return Block.ofView(direct, "000009.ldb", 0);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void backwardIsForwardReversed(int interval, boolean view) throws Exception {
    NavigableMap<byte[], byte[]> model = model(700, interval * 31L + (view ? 1 : 0));
    BlockIterator it = new BlockIterator(build(model, interval, view), ICMP);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      keys.add(it.key());
      values.add(it.valueCopy());
    }
    assertThat(keys).containsExactlyElementsOf(model.keySet());
    int i = keys.size();
    for (it.seekToLast(); it.isValid(); it.prev()) {
      i--;
      assertThat(it.key()).isEqualTo(keys.get(i));
      assertThat(it.value()).isEqualTo(values.get(i));
      assertThat(it.valueCopy()).isEqualTo(values.get(i));
    }
    assertThat(i).isZero();
    // From every entry reached by a seek, one step back, then forward again.
    for (int j = 1; j < keys.size(); j += 5) {
      it.seek(keys.get(j));
      it.prev();
      assertThat(it.key()).isEqualTo(keys.get(j - 1));
      it.next();
      assertThat(it.key()).isEqualTo(keys.get(j));
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void mixedMovesMatchModel(int interval, boolean view) throws Exception {
    long seed = 77L * interval + (view ? 5 : 0);
    NavigableMap<byte[], byte[]> model = model(400, seed);
    BlockIterator it = new BlockIterator(build(model, interval, view), ICMP);
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] keys = model.keySet().toArray(new byte[0][]);
    Map.Entry<byte[], byte[]> expected = null;
    for (int step = 0; step < MIXED_STEPS; step++) {
      int op = random.nextInt(10);
      if (expected == null || op == 0) {
        if (random.nextBoolean()) {
          it.seekToLast();
          expected = model.lastEntry();
        } else {
          it.seekToFirst();
          expected = model.firstEntry();
        }
      } else if (op == 1) {
        byte[] target = keys[random.nextInt(keys.length)];
        if (random.nextBoolean()) {
          target = Arrays.copyOf(target, target.length); // between keys: a later sequence
          target[target.length - 8] = (byte) 0xff;
        }
        it.seek(target);
        expected = model.ceilingEntry(target);
      } else if (op < 6) {
        it.prev();
        expected = model.lowerEntry(expected.getKey());
      } else {
        it.next();
        expected = model.higherEntry(expected.getKey());
      }
      if (expected == null) {
        assertThat(it.isValid()).as("step %s", step).isFalse();
      } else {
        assertThat(it.isValid()).as("step %s", step).isTrue();
        assertThat(it.key()).as("step %s", step).isEqualTo(expected.getKey());
        assertThat(it.value()).as("step %s", step).isEqualTo(expected.getValue());
      }
    }
  }

  /** An interval over the cache's entry bound is decoded forward for each step, still right. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void intervalBeyondCacheBound(boolean view) throws Exception {
    int n = BlockIterator.MAX_CACHED_ENTRIES + 100;
    NavigableMap<byte[], byte[]> model = new TreeMap<>(ICMP::compare);
    for (int i = 0; i < n; i++) {
      model.put(InternalKeys.encode(String.format("k%07d", i).getBytes(StandardCharsets.US_ASCII),
          5, ValueType.VALUE), new byte[] {(byte) i});
    }
    BlockIterator it = new BlockIterator(build(model, n + 1, view), ICMP);
    List<byte[]> expected = new ArrayList<>(model.descendingKeySet());
    int i = 0;
    for (it.seekToLast(); it.isValid() && i < 150; it.prev()) {
      assertThat(it.key()).isEqualTo(expected.get(i));
      i++;
    }
    assertThat(i).isEqualTo(150);
    // Below the bound from a seek: the cache holds the entries before the target.
    it.seek(expected.get(n - 300));
    for (i = n - 300; i < n; i++) {
      assertThat(it.key()).isEqualTo(expected.get(i));
      it.prev();
    }
    assertThat(it.isValid()).isFalse();
  }
}
