package io.strata.core.iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.core.memtable.SkipListMemTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MergingIteratorTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] userKey(int i) {
    return ("k" + i).getBytes(StandardCharsets.UTF_8); // not zero-padded: prefixes occur
  }

  @Test
  void mergesRandomChildrenLikeASortedModel() throws Exception {
    long seed = System.nanoTime();
    System.out.println("MergingIteratorTest seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 60; round++) {
      int childCount = random.nextInt(8);
      int keySpace = 1 + random.nextInt(60);
      TreeMap<byte[], byte[]> model = new TreeMap<>(CMP);
      List<InternalIterator> children = new ArrayList<>();
      long sequence = 0;
      for (int c = 0; c < childCount; c++) {
        int size = random.nextInt(4) == 0 ? 0 : random.nextInt(80);
        if (random.nextBoolean()) {
          SkipListMemTable mem = new SkipListMemTable(CMP);
          for (int i = 0; i < size; i++) {
            byte[] key = userKey(random.nextInt(keySpace));
            ValueType type = random.nextInt(5) == 0 ? ValueType.DELETION : ValueType.VALUE;
            byte[] value = ("v" + sequence).getBytes(StandardCharsets.UTF_8);
            mem.add(++sequence, type, key, value);
            model.put(InternalKeys.encode(key, sequence, type), value);
          }
          children.add(mem.newIterator());
        } else {
          TreeMap<byte[], byte[]> run = new TreeMap<>(CMP);
          for (int i = 0; i < size; i++) {
            byte[] key = InternalKeys.encode(userKey(random.nextInt(keySpace)), ++sequence,
                ValueType.VALUE);
            byte[] value = ("v" + sequence).getBytes(StandardCharsets.UTF_8);
            run.put(key, value);
            model.put(key, value);
          }
          children.add(new SortedRunIterator(run, CMP, null));
        }
      }
      long maxSequence = sequence + 2;
      ModelCursor cursor = new ModelCursor(new ArrayList<>(model.keySet()),
          new ArrayList<>(model.values()), CMP);
      try (InternalIterator merged = MergingIterator.of(CMP, children)) {
        assertThat(merged.isValid()).isFalse();
        cursor.checkScans(merged);
        cursor.run(merged, random, 400, () -> InternalKeys.encode(
            userKey(random.nextInt(keySpace + 2)), (long) (random.nextDouble() * maxSequence),
            random.nextBoolean() ? ValueType.VALUE : ValueType.DELETION));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + " round " + round, e);
      }
    }
  }

  @Test
  void ofReturnsEmptyOrTheOnlyChild() throws Exception {
    InternalIterator empty = MergingIterator.of(CMP, List.of());
    assertThat(empty).isInstanceOf(EmptyIterator.class);
    empty.seekToFirst();
    assertThat(empty.isValid()).isFalse();
    assertThatThrownBy(empty::key).isInstanceOf(IllegalStateException.class);

    InternalIterator only = new SortedRunIterator(new TreeMap<>(CMP), CMP, null);
    assertThat(MergingIterator.of(CMP, List.of(only))).isSameAs(only);
  }

  @Test
  void closeClosesEveryChildOnce() {
    int[] open = {0};
    List<InternalIterator> children = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      children.add(new SortedRunIterator(new TreeMap<>(CMP), CMP, open));
    }
    InternalIterator merged = MergingIterator.of(CMP, children);
    assertThat(open[0]).isEqualTo(3);
    merged.close();
    merged.close();
    assertThat(open[0]).isZero();
  }

  @Test
  void directionSwitchesAtEveryPositionOfInterleavedChildren() throws Exception {
    // Three children taking every third key, and the same user key in several children.
    TreeMap<byte[], byte[]> model = new TreeMap<>(CMP);
    List<TreeMap<byte[], byte[]>> runs = List.of(new TreeMap<>(CMP), new TreeMap<>(CMP),
        new TreeMap<>(CMP));
    for (int i = 0; i < 30; i++) {
      byte[] key = InternalKeys.encode(userKey(i / 3), 100 - i, ValueType.VALUE);
      runs.get(i % 3).put(key, new byte[] {(byte) i});
      model.put(key, new byte[] {(byte) i});
    }
    List<byte[]> keys = new ArrayList<>(model.keySet());
    List<InternalIterator> children = new ArrayList<>();
    runs.forEach(r -> children.add(new SortedRunIterator(r, CMP, null)));
    try (InternalIterator merged = MergingIterator.of(CMP, children)) {
      for (int i = 0; i < keys.size(); i++) {
        merged.seek(keys.get(i));
        assertThat(merged.key()).isEqualTo(keys.get(i));
        if (i > 0) {
          merged.prev();
          assertThat(merged.key()).isEqualTo(keys.get(i - 1));
          merged.next();
          assertThat(merged.key()).isEqualTo(keys.get(i));
        }
        merged.next();
        if (i + 1 < keys.size()) {
          assertThat(merged.key()).isEqualTo(keys.get(i + 1));
          merged.prev();
          assertThat(merged.key()).isEqualTo(keys.get(i));
        } else {
          assertThat(merged.isValid()).isFalse();
        }
      }
    }
  }

  @Test
  void aFailingChildLeavesTheMergeInvalid() throws Exception {
    TreeMap<byte[], byte[]> run = new TreeMap<>(CMP);
    run.put(InternalKeys.encode(userKey(1), 1, ValueType.VALUE), new byte[0]);
    run.put(InternalKeys.encode(userKey(3), 2, ValueType.VALUE), new byte[0]);
    InternalIterator failing = new SortedRunIterator(run, CMP, null) {
      @Override
      public void next() throws IOException {
        throw new IOException("disk on fire");
      }
    };
    TreeMap<byte[], byte[]> other = new TreeMap<>(CMP);
    other.put(InternalKeys.encode(userKey(2), 3, ValueType.VALUE), new byte[0]);
    InternalIterator merged = MergingIterator.of(CMP,
        List.of(failing, new SortedRunIterator(other, CMP, null)));
    merged.seekToFirst();
    assertThatThrownBy(merged::next).isInstanceOf(IOException.class).hasMessage("disk on fire");
    assertThat(merged.isValid()).isFalse();
    merged.seekToLast();
    assertThat(merged.key()).isEqualTo(InternalKeys.encode(userKey(3), 2, ValueType.VALUE));
  }

}
