package io.strata.core.iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.DbIterator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.core.memtable.SkipListMemTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DbIteratorImplTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] userKey(int i) {
    return bytes("u" + i); // not zero-padded: prefixes and uneven lengths occur
  }

  private record Write(long sequence, byte[] key, byte[] value) {} // null value = delete

  private static DbIterator over(InternalIterator internal, long sequence) {
    return new DbIteratorImpl(internal, BytewiseComparator.INSTANCE, sequence, () -> {}, () -> true);
  }

  /** The live keys at {@code sequence}: newest write at or below it wins, deletes hide. */
  private static TreeMap<byte[], byte[]> liveAt(List<Write> writes, long sequence) {
    TreeMap<byte[], byte[]> live = new TreeMap<>(Arrays::compareUnsigned);
    for (Write w : writes) { // in sequence order
      if (w.sequence() <= sequence) {
        if (w.value() == null) {
          live.remove(w.key());
        } else {
          live.put(w.key(), w.value());
        }
      }
    }
    return live;
  }

  @Test
  void matchesTheModelAtSeveralSnapshots() throws Exception {
    long seed = System.nanoTime();
    System.out.println("DbIteratorImplTest seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 30; round++) {
      int keySpace = 1 + random.nextInt(round < 10 ? 8 : 80);
      int tables = 1 + random.nextInt(3);
      List<SkipListMemTable> mems = new ArrayList<>();
      for (int t = 0; t < tables; t++) {
        mems.add(new SkipListMemTable(CMP));
      }
      List<Write> writes = new ArrayList<>();
      long sequence = 0;
      int count = random.nextInt(400);
      for (int i = 0; i < count; i++) {
        sequence += 1 + random.nextInt(2);
        byte[] key = userKey(random.nextInt(keySpace));
        boolean delete = random.nextInt(3) == 0;
        byte[] value = delete ? null : bytes("v" + sequence);
        writes.add(new Write(sequence, key, value));
        mems.get(random.nextInt(tables)).add(sequence,
            delete ? ValueType.DELETION : ValueType.VALUE, key, delete ? new byte[0] : value);
      }
      for (int snap = 0; snap < 5; snap++) {
        long readSequence = snap == 0 ? sequence : (long) (random.nextDouble() * (sequence + 1));
        TreeMap<byte[], byte[]> live = liveAt(writes, readSequence);
        List<InternalIterator> children = new ArrayList<>();
        mems.forEach(m -> children.add(m.newIterator()));
        try (DbIterator it = over(MergingIterator.of(CMP, children), readSequence)) {
          check(it, live, random, keySpace);
        } catch (AssertionError e) {
          throw new AssertionError("seed " + seed + " round " + round + " sequence "
              + readSequence, e);
        }
      }
    }
  }

  private static void check(DbIterator it, TreeMap<byte[], byte[]> live, Random random,
      int keySpace) throws Exception {
    List<byte[]> keys = new ArrayList<>(live.keySet());
    // Full scans.
    it.seekToFirst();
    for (byte[] key : keys) {
      assertThat(it.isValid()).isTrue();
      assertThat(it.key()).isEqualTo(key);
      assertThat(it.value()).isEqualTo(live.get(key));
      it.next();
    }
    assertThat(it.isValid()).isFalse();
    it.seekToLast();
    for (int i = keys.size() - 1; i >= 0; i--) {
      assertThat(it.isValid()).isTrue();
      assertThat(it.key()).isEqualTo(keys.get(i));
      assertThat(it.value()).isEqualTo(live.get(keys.get(i)));
      it.prev();
    }
    assertThat(it.isValid()).isFalse();

    // Random moves with direction switches.
    int index = -1;
    for (int op = 0; op < 300; op++) {
      int choice = random.nextInt(20);
      if (choice == 0) {
        it.seekToFirst();
        index = keys.isEmpty() ? -1 : 0;
      } else if (choice == 1) {
        it.seekToLast();
        index = keys.size() - 1;
      } else if (choice < 5 || index < 0) {
        byte[] target = random.nextInt(10) == 0 ? new byte[0] : userKey(random.nextInt(keySpace + 2));
        it.seek(target);
        Map.Entry<byte[], byte[]> ceiling = live.ceilingEntry(target);
        index = ceiling == null ? -1 : keys.indexOf(ceiling.getKey());
      } else if (choice < 12) {
        it.next();
        index = index + 1 < keys.size() ? index + 1 : -1;
      } else {
        it.prev();
        index--;
      }
      assertThat(it.isValid()).as("op %s", op).isEqualTo(index >= 0);
      if (index >= 0) {
        assertThat(it.key()).as("op %s", op).isEqualTo(keys.get(index));
        assertThat(it.value()).as("op %s", op).isEqualTo(live.get(keys.get(index)));
      }
    }
  }

  @Test
  void keyAndValueAreFreshCopies() throws Exception {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(1, ValueType.VALUE, bytes("a"), bytes("x"));
    mem.add(2, ValueType.VALUE, bytes("b"), bytes("y"));
    try (DbIterator it = over(mem.newIterator(), 10)) {
      it.seekToLast(); // reverse direction: saved key and value
      it.key()[0] = 'Z';
      it.value()[0] = 'Z';
      assertThat(it.key()).isEqualTo(bytes("b"));
      assertThat(it.value()).isEqualTo(bytes("y"));
      it.seekToFirst(); // forward direction: the internal iterator's arrays
      it.key()[0] = 'Z';
      it.value()[0] = 'Z';
      assertThat(it.key()).isEqualTo(bytes("a"));
      assertThat(it.value()).isEqualTo(bytes("x"));
    }
  }

  @Test
  void closeIsIdempotentAndEveryOtherMethodThenFails() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    int[] open = {0};
    SortedRunIterator internal = new SortedRunIterator(new TreeMap<>(CMP), CMP, open);
    DbIterator it = new DbIteratorImpl(internal, BytewiseComparator.INSTANCE, 5,
        closes::incrementAndGet, () -> true);
    it.close();
    it.close();
    assertThat(closes).hasValue(1);
    assertThat(internal.isClosed()).isTrue();
    assertThat(open[0]).isZero();
    for (ThrowingCall call : List.<ThrowingCall>of(it::isValid, it::seekToFirst, it::seekToLast,
        () -> it.seek(bytes("a")), it::next, it::prev, it::key, it::value)) {
      assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
          .hasMessage("iterator is closed");
    }
  }

  @Test
  void failsOnceTheDatabaseIsClosed() throws Exception {
    AtomicBoolean dbOpen = new AtomicBoolean(true);
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(1, ValueType.VALUE, bytes("a"), bytes("x"));
    DbIterator it = new DbIteratorImpl(mem.newIterator(), BytewiseComparator.INSTANCE, 5,
        () -> {}, dbOpen::get);
    it.seekToFirst();
    dbOpen.set(false);
    for (ThrowingCall call : List.<ThrowingCall>of(it::isValid, it::seekToFirst, it::seekToLast,
        () -> it.seek(bytes("a")), it::next, it::prev, it::key, it::value)) {
      assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
          .hasMessage("database is closed");
    }
    it.close();
  }

  @Test
  void callerMistakes() throws Exception {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    try (DbIterator it = over(mem.newIterator(), 5)) {
      assertThatThrownBy(() -> it.seek(null)).isInstanceOf(NullPointerException.class)
          .hasMessage("target");
      assertThat(it.isValid()).isFalse();
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::prev).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> over(mem.newIterator(), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void corruptInternalKeysRaiseCorruption() throws Exception {
    byte[] good = InternalKeys.encode(bytes("a"), 1, ValueType.VALUE);
    byte[] badType = InternalKeys.encode(bytes("b"), 2, ValueType.VALUE);
    badType[1] = 7;
    byte[] tooShort = {1, 2, 3};
    for (byte[] bad : List.of(badType, tooShort)) {
      for (boolean forward : new boolean[] {true, false}) {
        InternalIterator internal = SortedRunIterator.ofRaw(
            forward ? List.of(good, bad) : List.of(bad, good), List.of(new byte[0], new byte[0]));
        try (DbIterator it = over(internal, 10)) {
          if (forward) {
            it.seekToFirst();
            assertThat(it.key()).isEqualTo(bytes("a"));
            assertThatThrownBy(it::next).isInstanceOf(CorruptionException.class)
                .satisfies(e -> {
                  assertThat(((CorruptionException) e).file()).isEqualTo("iterator");
                  assertThat(((CorruptionException) e).offset()).isEqualTo(-1);
                });
          } else {
            assertThatThrownBy(it::seekToLast).isInstanceOf(CorruptionException.class)
                .hasMessageStartingWith("iterator: ");
          }
          assertThat(it.isValid()).isFalse();
        }
      }
    }
  }

  @Test
  void hidesNewerWritesAndDeletedKeys() throws Exception {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(1, ValueType.VALUE, bytes("a"), bytes("a1"));
    mem.add(2, ValueType.VALUE, bytes("b"), bytes("b2"));
    mem.add(3, ValueType.DELETION, bytes("a"), new byte[0]);
    mem.add(4, ValueType.VALUE, bytes("c"), bytes("c4"));
    mem.add(5, ValueType.VALUE, bytes("b"), bytes("b5"));
    assertThat(scan(mem, 0)).isEmpty();
    assertThat(scan(mem, 2)).containsExactly("a=a1", "b=b2");
    assertThat(scan(mem, 3)).containsExactly("b=b2");
    assertThat(scan(mem, 5)).containsExactly("b=b5", "c=c4");
  }

  private static List<String> scan(SkipListMemTable mem, long sequence) throws Exception {
    List<String> out = new ArrayList<>();
    try (DbIterator it = over(mem.newIterator(), sequence)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(new String(it.key(), StandardCharsets.UTF_8) + "="
            + new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }
}
