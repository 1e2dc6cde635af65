package io.strata.core.memtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SkipListMemTableTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] userKey(int i) {
    return bytes(String.format("key%05d", i));
  }

  /** Per user key, the versions written: sequence -> value, null value for a deletion. */
  private static final class Model {
    final TreeMap<byte[], TreeMap<Long, byte[]>> versions = new TreeMap<>(Arrays::compareUnsigned);
    final TreeMap<byte[], byte[]> entries = new TreeMap<>(CMP);

    void add(long seq, ValueType type, byte[] key, byte[] value) {
      versions.computeIfAbsent(key, k -> new TreeMap<>())
          .put(seq, type == ValueType.VALUE ? value : null);
      entries.put(InternalKeys.encode(key, seq, type), value);
    }
  }

  private static Model fill(SkipListMemTable mem, Random random, int ops, int keySpace) {
    Model model = new Model();
    long seq = 1;
    for (int i = 0; i < ops; i++) {
      byte[] key = userKey(random.nextInt(keySpace));
      seq += 1 + random.nextInt(3);
      ValueType type = random.nextInt(4) == 0 ? ValueType.DELETION : ValueType.VALUE;
      byte[] value = type == ValueType.VALUE ? bytes("v" + seq + "-" + random.nextInt(1000))
          : new byte[0];
      mem.add(seq, type, key, value);
      model.add(seq, type, key, value);
    }
    return model;
  }

  @Test
  void getSeesTheNewestVersionAtOrBelowTheSequence() {
    long seed = System.nanoTime();
    System.out.println("SkipListMemTableTest.get seed=" + seed);
    Random random = new Random(seed);
    SkipListMemTable mem = new SkipListMemTable(CMP, seed);
    Model model = fill(mem, random, 5000, 300);
    assertThat(mem.entryCount()).isEqualTo(5000);

    GetResult result = new GetResult();
    for (int i = 0; i < 20000; i++) {
      int k = random.nextInt(320); // some keys were never written
      byte[] key = userKey(k);
      long seq = random.nextInt(16000);
      result.reset();
      boolean found = mem.get(key, seq, result);

      TreeMap<Long, byte[]> versions = model.versions.get(key);
      Map.Entry<Long, byte[]> expected = versions == null ? null : versions.floorEntry(seq);
      if (expected == null) {
        assertThat(found).as("key %s at %s", k, seq).isFalse();
        assertThat(result.state()).isEqualTo(GetResult.State.NOT_FOUND);
      } else if (expected.getValue() == null) {
        assertThat(found).as("key %s at %s", k, seq).isTrue();
        assertThat(result.state()).isEqualTo(GetResult.State.DELETED);
      } else {
        assertThat(found).as("key %s at %s", k, seq).isTrue();
        assertThat(result.state()).isEqualTo(GetResult.State.FOUND);
        assertThat(result.value()).isEqualTo(expected.getValue());
      }
    }
  }

  @Test
  void getDistinguishesKeysThatArePrefixesOfEachOther() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(5, ValueType.VALUE, bytes("ab"), bytes("long"));
    mem.add(6, ValueType.VALUE, bytes("a"), bytes("short"));
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("a"), 10, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("short"));
    result.reset();
    assertThat(mem.get(bytes("a"), 5, result)).isFalse();
    result.reset();
    assertThat(mem.get(bytes(""), 10, result)).isFalse();
    assertThat(mem.get(bytes("abc"), 10, result)).isFalse();
    assertThat(mem.get(bytes("ab"), 5, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("long"));
  }

  @Test
  void getReturnsACopyOfTheValue() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(1, ValueType.VALUE, bytes("k"), bytes("value"));
    GetResult result = new GetResult();
    mem.get(bytes("k"), 1, result);
    result.value()[0] = 'X';
    result.reset();
    mem.get(bytes("k"), 1, result);
    assertThat(result.value()).isEqualTo(bytes("value"));
  }

  @Test
  void getAtTheLargestSequenceSeesEverything() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add((1L << 56) - 1, ValueType.VALUE, bytes("k"), bytes("newest"));
    mem.add(0, ValueType.VALUE, bytes("k"), bytes("oldest"));
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("k"), (1L << 56) - 1, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("newest"));
    result.reset();
    assertThat(mem.get(bytes("k"), 0, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("oldest"));
  }

  @Test
  void addRejectsDuplicatesAndBadArguments() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(3, ValueType.VALUE, bytes("k"), bytes("v"));
    assertThatThrownBy(() -> mem.add(3, ValueType.VALUE, bytes("k"), bytes("w")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate entry at sequence 3");
    assertThatThrownBy(() -> mem.add(-1, ValueType.VALUE, bytes("k"), bytes("v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> mem.add(1L << 56, ValueType.VALUE, bytes("k"), bytes("v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> mem.add(4, ValueType.VALUE, null, bytes("v")))
        .isInstanceOf(NullPointerException.class).hasMessage("userKey");
    assertThatThrownBy(() -> mem.get(bytes("k"), -2, new GetResult()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    assertThat(mem.entryCount()).isEqualTo(1);
  }

  @Test
  void memoryUsageCountsKeysValuesAndNodes() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    assertThat(mem.approximateMemoryUsageBytes()).isZero();
    long previous = 0;
    for (int i = 0; i < 100; i++) {
      mem.add(i, ValueType.VALUE, userKey(i), new byte[100]);
      long now = mem.approximateMemoryUsageBytes();
      // 8 key bytes + 8 trailer + 100 value + 48 node + 16 per level (1 to 12 levels)
      assertThat(now - previous).isBetween(116L + 48 + 16, 116L + 48 + 16 * 12);
      previous = now;
    }
    assertThat(mem.entryCount()).isEqualTo(100);
  }

  @Test
  void iteratorMatchesASortedModelBothWays() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SkipListMemTableTest.iterator seed=" + seed);
    Random random = new Random(seed);
    SkipListMemTable mem = new SkipListMemTable(CMP, seed);
    Model model = fill(mem, random, 3000, 500);
    List<byte[]> keys = new ArrayList<>(model.entries.keySet());

    try (InternalIterator it = mem.newIterator()) {
      assertThat(it.isValid()).isFalse();
      it.seekToFirst();
      for (byte[] key : keys) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(key);
        assertThat(it.value()).isEqualTo(model.entries.get(key));
        it.next();
      }
      assertThat(it.isValid()).isFalse();

      it.seekToLast();
      for (int i = keys.size() - 1; i >= 0; i--) {
        assertThat(it.key()).isEqualTo(keys.get(i));
        it.prev();
      }
      assertThat(it.isValid()).isFalse();

      // Random seeks and steps.
      int index = -1; // model position; -1 = not valid
      for (int op = 0; op < 5000; op++) {
        int choice = random.nextInt(10);
        if (choice < 2 || index < 0) {
          byte[] target = InternalKeys.encode(userKey(random.nextInt(520)),
              random.nextInt(10000), random.nextBoolean() ? ValueType.VALUE : ValueType.DELETION);
          it.seek(target);
          byte[] ceiling = model.entries.ceilingKey(target);
          index = ceiling == null ? -1 : keys.indexOf(ceiling);
        } else if (choice < 6) {
          it.next();
          index = index + 1 < keys.size() ? index + 1 : -1;
        } else {
          it.prev();
          index = index - 1;
        }
        assertThat(it.isValid()).isEqualTo(index >= 0);
        if (index >= 0) {
          assertThat(it.key()).isEqualTo(keys.get(index));
        }
      }
    }
  }

  @Test
  void iteratorOverEmptyMemTable() throws Exception {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    InternalIterator it = mem.newIterator();
    it.seekToFirst();
    assertThat(it.isValid()).isFalse();
    it.seekToLast();
    assertThat(it.isValid()).isFalse();
    it.seek(InternalKeys.encode(bytes("a"), 1, ValueType.VALUE));
    assertThat(it.isValid()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> it.seek(new byte[3])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3");
    it.close();
    it.close();
  }

  @Test
  void concurrentReadersSeeSortedPrefixesWhileTheWriterAdds() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SkipListMemTableTest.concurrent seed=" + seed);
    SkipListMemTable mem = new SkipListMemTable(CMP, seed);
    AtomicLong published = new AtomicLong(); // entries 0 .. published-1 are added
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
    int keySpace = 1 << 20;

    Thread writer = new Thread(() -> {
      Random random = new Random(seed);
      try {
        for (long i = 0; System.nanoTime() < deadline && i < 2_000_000; i++) {
          // Key of entry i is a random user key; sequence i+1 keeps internal keys unique.
          byte[] key = userKey(random.nextInt(keySpace));
          mem.add(i + 1, ValueType.VALUE, key, Arrays.copyOf(key, key.length));
          published.set(i + 1);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    });
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      final int readerId = r;
      readers.add(new Thread(() -> {
        Random random = new Random(seed + readerId);
        Random replay = new Random(seed); // the writer's key sequence
        long replayed = 0;
        List<byte[]> writtenKeys = new ArrayList<>();
        GetResult result = new GetResult();
        try {
          while (System.nanoTime() < deadline && failure.get() == null) {
            long visible = published.get();
            // Every published entry must be visible to get.
            while (replayed < visible) {
              writtenKeys.add(userKey(replay.nextInt(keySpace)));
              replayed++;
            }
            for (int i = 0; i < 200 && !writtenKeys.isEmpty(); i++) {
              byte[] key = writtenKeys.get(random.nextInt(writtenKeys.size()));
              result.reset();
              if (!mem.get(key, (1L << 56) - 1, result)
                  || !Arrays.equals(result.value(), key)) {
                throw new AssertionError("published key not found: " + new String(key));
              }
            }
            // A scan sees strictly increasing keys and at least the published entries.
            try (InternalIterator it = mem.newIterator()) {
              byte[] previous = null;
              long seen = 0;
              if (random.nextBoolean()) {
                for (it.seekToFirst(); it.isValid() && seen < 50_000; it.next(), seen++) {
                  if (previous != null && CMP.compare(previous, it.key()) >= 0) {
                    throw new AssertionError("out of order in forward scan");
                  }
                  previous = it.key();
                }
                if (!it.isValid() && seen < visible) {
                  throw new AssertionError("forward scan saw " + seen + " < " + visible);
                }
              } else {
                for (it.seekToLast(); it.isValid() && seen < 2_000; it.prev(), seen++) {
                  if (previous != null && CMP.compare(previous, it.key()) <= 0) {
                    throw new AssertionError("out of order in backward scan");
                  }
                  previous = it.key();
                }
              }
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }));
    }
    writer.start();
    readers.forEach(Thread::start);
    writer.join();
    for (Thread reader : readers) {
      reader.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("seed " + seed, failure.get());
    }
    assertThat(mem.entryCount()).isEqualTo(published.get()).isPositive();
  }
}
