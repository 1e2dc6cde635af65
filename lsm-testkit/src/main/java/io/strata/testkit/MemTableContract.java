package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.BytewiseComparator;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.memtable.MemTableProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every memtable provider must meet, as JUnit 5 tests a provider's own test class
 * inherits by naming the provider ({@link #providerName()}) and, optionally, the write buffer size
 * its memtables are created for. Checks, against sorted models: point lookups at every sequence
 * number, merge operands, iteration both ways with seeks, range tombstones kept apart, entries
 * larger than any internal block, a non-bytewise key order, argument checks, and one writer
 * adding while several readers get and scan, for a bounded number of operations.
 *
 * <p>Random tests print their seed; {@code -Dstrata.seed=N} replays one.
 */
public abstract class MemTableContract {
  private static final InternalKeyComparator BYTEWISE =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final long MAX_SEQUENCE = (1L << 56) - 1;
  /** Bytes per entry beyond its key and value the engine allows for a shared budget. */
  private static final int ENTRY_ALLOWANCE_BYTES = 272;

  /**
   * The name of the provider under test, found through {@code ServiceLoader}.
   *
   * @return the provider's name
   */
  protected abstract String providerName();

  /**
   * The write buffer size the memtables are created for; default 4 MiB.
   *
   * @return bytes before a flush
   */
  protected long writeBufferSizeBytes() {
    return 4 << 20;
  }

  /**
   * A new empty memtable of the provider under test.
   *
   * @param comparator the user-key order
   * @return the memtable
   */
  protected final MemTable newMemTable(KeyComparator comparator) {
    Options options = Options.builder().comparator(comparator)
        .writeBufferSizeBytes(writeBufferSizeBytes()).memTable(providerName()).build();
    PluginContext context = new PluginContext(Path.of("db"), new LocalFileSystem(), options,
        new InternalKeyComparator(comparator), Ticker.systemTicker());
    return provider().create(context, Map.of()).newMemTable();
  }

  private MemTable newMemTable() {
    return newMemTable(BytewiseComparator.INSTANCE);
  }

  private MemTableProvider provider() {
    List<String> found = new ArrayList<>();
    for (MemTableProvider p : ServiceLoader.load(MemTableProvider.class)) {
      if (p.name().equals(providerName())) {
        return p;
      }
      found.add(p.name());
    }
    throw new AssertionError("no memtable provider named '" + providerName() + "'; found: "
        + found);
  }

  private static long seed(String test) {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("MemTableContract." + test + " seed=" + seed);
    return seed;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] userKey(int i) {
    return bytes(String.format(Locale.ROOT, "key%05d", i));
  }

  /** Per user key, the versions written: sequence -> value, null value for a deletion. */
  private static final class Model {
    final TreeMap<byte[], TreeMap<Long, byte[]>> versions;
    final TreeMap<byte[], byte[]> entries;

    Model(InternalKeyComparator cmp) {
      versions = new TreeMap<>(cmp.userComparator()::compare);
      entries = new TreeMap<>(cmp);
    }

    void add(long seq, ValueType type, byte[] key, byte[] value) {
      versions.computeIfAbsent(key, k -> new TreeMap<>())
          .put(seq, type == ValueType.VALUE ? value : null);
      entries.put(InternalKeys.encode(key, seq, type), value);
    }
  }

  private static Model fill(MemTable mem, InternalKeyComparator cmp, Random random, int ops,
      int keySpace) {
    Model model = new Model(cmp);
    long seq = 1;
    for (int i = 0; i < ops; i++) {
      byte[] key = userKey(random.nextInt(keySpace));
      seq += 1 + random.nextInt(3);
      ValueType type = random.nextInt(4) == 0 ? ValueType.DELETION : ValueType.VALUE;
      byte[] value = type == ValueType.VALUE
          ? bytes("v" + seq + "-" + "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 3000 : 20)))
          : new byte[0];
      mem.add(seq, type, key, value);
      model.add(seq, type, key, value);
    }
    return model;
  }

  @Test
  void providerIsFoundByNameAndRejectsUnknownOptions() {
    MemTableProvider p = provider();
    assertThat(p.name()).isEqualTo(p.name().toLowerCase(Locale.ROOT));
    Options options = Options.builder().memTable(providerName()).build();
    PluginContext context = new PluginContext(Path.of("db"), new LocalFileSystem(), options,
        BYTEWISE, Ticker.systemTicker());
    assertThatThrownBy(() -> p.create(context, Map.of("no_such_option", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option 'no_such_option' for memtable '" + p.name() + "'");
  }

  @Test
  void getSeesTheNewestVersionAtOrBelowTheSequence() {
    Random random = new Random(seed("get"));
    MemTable mem = newMemTable();
    Model model = fill(mem, BYTEWISE, random, 5000, 300);
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
        assertThat(result.sequence()).isEqualTo(expected.getKey());
      } else {
        assertThat(found).as("key %s at %s", k, seq).isTrue();
        assertThat(result.state()).isEqualTo(GetResult.State.FOUND);
        assertThat(result.value()).isEqualTo(expected.getValue());
        assertThat(result.sequence()).isEqualTo(expected.getKey());
      }
    }
  }

  @Test
  void getDistinguishesKeysThatArePrefixesOfEachOther() {
    MemTable mem = newMemTable();
    mem.add(5, ValueType.VALUE, bytes("ab"), bytes("long"));
    mem.add(6, ValueType.VALUE, bytes("a"), bytes("short"));
    mem.add(7, ValueType.VALUE, bytes("abcdefghijklmnopq"), bytes("longer"));
    mem.add(8, ValueType.VALUE, bytes("abcdefghijklmnop"), bytes("sixteen"));
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
    result.reset();
    assertThat(mem.get(bytes("abcdefghijklmnop"), 10, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("sixteen"));
    result.reset();
    assertThat(mem.get(bytes("abcdefghijklmnopq"), 10, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("longer"));
  }

  @Test
  void getReturnsACopyOfTheValueAndTheMemTableKeepsNoCallerArray() {
    MemTable mem = newMemTable();
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
    MemTable mem = newMemTable();
    mem.add(MAX_SEQUENCE, ValueType.VALUE, bytes("k"), bytes("newest"));
    mem.add(0, ValueType.VALUE, bytes("k"), bytes("oldest"));
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("k"), MAX_SEQUENCE, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("newest"));
    result.reset();
    assertThat(mem.get(bytes("k"), 0, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("oldest"));
  }

  @Test
  void getCollectsMergeOperandsDownToAPutOrDelete() {
    MemTable mem = newMemTable();
    mem.add(1, ValueType.VALUE, bytes("k"), bytes("base"));
    mem.add(2, ValueType.MERGE, bytes("k"), bytes("m2"));
    mem.add(3, ValueType.MERGE, bytes("k"), bytes("m3"));
    mem.add(4, ValueType.MERGE, bytes("j"), bytes("other"));
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("k"), 3, result)).isTrue();
    assertThat(result.state()).isEqualTo(GetResult.State.FOUND);
    assertThat(result.value()).isEqualTo(bytes("base"));
    assertThat(result.mergeOperands()).containsExactly(bytes("m3"), bytes("m2"));
    result.reset();
    assertThat(mem.get(bytes("j"), 9, result)).isFalse();
    assertThat(result.state()).isEqualTo(GetResult.State.MERGE_IN_PROGRESS);
    assertThat(result.mergeOperands()).containsExactly(bytes("other"));
  }

  /**
   * {@code add} from ranges of one array (the write path's insert from a batch's encoding) keeps
   * the same entries as {@code add} of the ranges' copies, and no reference to the array.
   */
  @Test
  void addFromRangesOfAnArrayKeepsWhatAddOfCopiesKeeps() throws Exception {
    Random random = new Random(seed("addFromRanges"));
    MemTable copies = newMemTable();
    MemTable ranges = newMemTable();
    List<byte[]> sources = new ArrayList<>();
    long seq = 1;
    for (int i = 0; i < 2000; i++) {
      byte[] key = userKey(random.nextInt(500));
      ValueType type = random.nextInt(4) == 0 ? ValueType.DELETION : ValueType.VALUE;
      byte[] value = new byte[type == ValueType.DELETION ? 0 : random.nextInt(300)];
      random.nextBytes(value);
      // The key and value at random offsets of a larger array, the value before or after.
      byte[] src = new byte[key.length + value.length + random.nextInt(20)];
      random.nextBytes(src);
      int gap = random.nextInt(src.length - key.length - value.length + 1);
      boolean keyFirst = random.nextBoolean();
      int keyOffset = keyFirst ? gap : gap + value.length;
      int valueOffset = keyFirst ? gap + key.length : gap;
      System.arraycopy(key, 0, src, keyOffset, key.length);
      System.arraycopy(value, 0, src, valueOffset, value.length);
      copies.add(seq, type, key, value);
      ranges.add(seq, type, src, keyOffset, key.length, valueOffset, value.length);
      sources.add(src);
      seq += 1 + random.nextInt(3);
    }
    for (byte[] src : sources) {
      Arrays.fill(src, (byte) 'X'); // the memtable kept copies of the ranges
    }
    assertThat(ranges.entryCount()).isEqualTo(copies.entryCount());
    assertThat(ranges.deletionCount()).isEqualTo(copies.deletionCount());
    try (InternalIterator want = copies.newIterator();
        InternalIterator got = ranges.newIterator()) {
      want.seekToFirst();
      got.seekToFirst();
      while (want.isValid()) {
        assertThat(got.isValid()).isTrue();
        assertThat(got.key()).isEqualTo(want.key());
        assertThat(got.value()).isEqualTo(want.value());
        want.next();
        got.next();
      }
      assertThat(got.isValid()).isFalse();
    }
    byte[] src = bytes("key");
    long next = seq;
    assertThatThrownBy(() -> ranges.add(next, ValueType.VALUE, src, 1, 3, 0, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ranges.add(next, ValueType.VALUE, src, 0, 3, -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ranges.add(next, ValueType.VALUE, null, 0, 0, 0, 0))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void addRejectsDuplicatesAndBadArguments() {
    MemTable mem = newMemTable();
    mem.add(3, ValueType.VALUE, bytes("k"), bytes("v"));
    assertThatThrownBy(() -> mem.add(3, ValueType.VALUE, bytes("k"), bytes("w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate entry at sequence 3");
    assertThatThrownBy(() -> mem.add(-1, ValueType.VALUE, bytes("k"), bytes("v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> mem.add(1L << 56, ValueType.VALUE, bytes("k"), bytes("v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> mem.add(4, ValueType.VALUE, null, bytes("v")))
        .isInstanceOf(NullPointerException.class).hasMessage("userKey");
    assertThatThrownBy(() -> mem.get(bytes("k"), -2, new GetResult()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    assertThat(mem.entryCount()).isEqualTo(1);
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("k"), 3, result)).isTrue();
    assertThat(result.value()).isEqualTo(bytes("v"));
  }

  @Test
  void memoryUsageCoversWhatWasAdded() {
    MemTable mem = newMemTable();
    long bytesAdded = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] value = new byte[100 + (i % 7) * 50];
      mem.add(i, ValueType.VALUE, userKey(i), value);
      bytesAdded += userKey(i).length + 8 + value.length;
      assertThat(mem.approximateMemoryUsageBytes()).isGreaterThanOrEqualTo(bytesAdded);
    }
    assertThat(mem.entryCount()).isEqualTo(2000);
  }

  /**
   * A write group's growth stays within {@link MemTable#maxGrowthBytes} of its entries' bytes,
   * counted as the engine counts them for a shared write-buffer budget: key, value and 272 bytes
   * of per-entry allowance. Groups mix small entries, entries of several KiB and range
   * tombstones.
   */
  @Test
  void growthOfAWriteGroupStaysWithinItsBound() {
    MemTable mem = newMemTable();
    Random random = new Random(17);
    long seq = 1;
    for (int group = 0; group < 400; group++) {
      long before = mem.approximateMemoryUsageBytes();
      long entryBytes = 0;
      int entries = 1 + random.nextInt(random.nextInt(8) == 0 ? 200 : 4);
      for (int e = 0; e < entries; e++) {
        byte[] key = userKey(random.nextInt(100_000));
        if (random.nextInt(50) == 0) {
          byte[] end = userKey(random.nextInt(100_000));
          mem.add(seq++, ValueType.RANGE_DELETION, key, end);
          entryBytes += key.length + end.length + ENTRY_ALLOWANCE_BYTES;
          continue;
        }
        byte[] value = new byte[random.nextInt(10) == 0 ? random.nextInt(20_000) : 100];
        mem.add(seq++, ValueType.VALUE, key, value);
        entryBytes += key.length + value.length + ENTRY_ALLOWANCE_BYTES;
      }
      long growth = mem.approximateMemoryUsageBytes() - before;
      assertThat(mem.maxGrowthBytes(entryBytes)).as("group %s", group)
          .isGreaterThanOrEqualTo(entryBytes).isGreaterThanOrEqualTo(growth);
    }
  }

  @Test
  void countsPointDeletionsForEstimates() {
    MemTable mem = newMemTable();
    for (int i = 0; i < 300; i++) {
      mem.add(i, i % 3 == 0 ? ValueType.DELETION : ValueType.VALUE, userKey(i), new byte[0]);
    }
    assertThat(mem.entryCount()).isEqualTo(300);
    assertThat(mem.deletionCount()).isEqualTo(100);
  }

  @Test
  void entriesLargerThanTheWriteBufferRoundTrip() throws Exception {
    MemTable mem = newMemTable();
    byte[] big = new byte[(int) Math.min(writeBufferSizeBytes() + 12345, 16 << 20)];
    new Random(7).nextBytes(big);
    mem.add(1, ValueType.VALUE, bytes("a"), bytes("small"));
    mem.add(2, ValueType.VALUE, bytes("b"), big);
    mem.add(3, ValueType.VALUE, bytes("c"), bytes("after"));
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("b"), 2, result)).isTrue();
    assertThat(result.value()).isEqualTo(big);
    assertThat(mem.approximateMemoryUsageBytes()).isGreaterThanOrEqualTo(big.length);
    try (InternalIterator it = mem.newIterator()) {
      it.seekToFirst();
      it.next();
      assertThat(it.value()).isEqualTo(big);
      it.next();
      assertThat(it.value()).isEqualTo(bytes("after"));
    }
  }

  @Test
  void rangeTombstonesAreKeptApart() throws Exception {
    MemTable mem = newMemTable();
    mem.add(1, ValueType.VALUE, bytes("b"), bytes("v"));
    mem.add(2, ValueType.RANGE_DELETION, bytes("c"), bytes("f"));
    mem.add(3, ValueType.RANGE_DELETION, bytes("a"), bytes("z"));
    mem.add(4, ValueType.RANGE_DELETION, bytes("c"), bytes("d"));
    assertThat(mem.rangeTombstoneCount()).isEqualTo(3);
    assertThat(mem.entryCount()).isEqualTo(4);
    GetResult result = new GetResult();
    assertThat(mem.get(bytes("c"), 10, result)).isFalse();
    assertThat(result.state()).isEqualTo(GetResult.State.NOT_FOUND);
    try (InternalIterator it = mem.newIterator()) {
      it.seekToFirst();
      assertThat(it.key()).isEqualTo(InternalKeys.encode(bytes("b"), 1, ValueType.VALUE));
      it.next();
      assertThat(it.isValid()).isFalse();
    }
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> ends = new ArrayList<>();
    try (InternalIterator it = mem.newRangeTombstoneIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        keys.add(it.key());
        ends.add(it.value());
      }
    }
    assertThat(keys).containsExactly(
        InternalKeys.encode(bytes("a"), 3, ValueType.RANGE_DELETION),
        InternalKeys.encode(bytes("c"), 4, ValueType.RANGE_DELETION),
        InternalKeys.encode(bytes("c"), 2, ValueType.RANGE_DELETION));
    assertThat(ends).containsExactly(bytes("z"), bytes("d"), bytes("f"));
  }

  @Test
  void iteratorMatchesASortedModelBothWays() throws Exception {
    checkIteratorAgainstModel(BYTEWISE, seed("iterator"));
  }

  @Test
  void iteratorFollowsANonBytewiseOrder() throws Exception {
    checkIteratorAgainstModel(new InternalKeyComparator(new ReverseBytewise()),
        seed("iteratorReverse"));
  }

  private void checkIteratorAgainstModel(InternalKeyComparator cmp, long seed) throws Exception {
    Random random = new Random(seed);
    MemTable mem = newMemTable(cmp.userComparator());
    Model model = fill(mem, cmp, random, 3000, 500);
    List<byte[]> keys = new ArrayList<>(model.entries.keySet());
    try (InternalIterator it = mem.newIterator()) {
      assertThat(it.isValid()).isFalse();
      it.seekToFirst();
      List<byte[]> values = new ArrayList<>();
      for (byte[] key : keys) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(key);
        assertThat(it.value()).isEqualTo(model.entries.get(key));
        values.add(it.value());
        it.next();
      }
      assertThat(it.isValid()).isFalse();
      // Arrays handed out stay valid after the iterator moved on.
      for (int i = 0; i < keys.size(); i++) {
        assertThat(values.get(i)).isEqualTo(model.entries.get(keys.get(i)));
      }
      it.seekToLast();
      for (int i = keys.size() - 1; i >= 0; i--) {
        assertThat(it.key()).isEqualTo(keys.get(i));
        it.prev();
      }
      assertThat(it.isValid()).isFalse();

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
          byte[] copy = it.valueCopy();
          assertThat(copy).isEqualTo(model.entries.get(keys.get(index)));
        }
      }
    }
  }

  @Test
  void iteratorOverAnEmptyMemTable() throws Exception {
    MemTable mem = newMemTable();
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
    assertThat(mem.newRangeTombstoneIterator().isValid()).isFalse();
    assertThat(mem.rangeTombstoneCount()).isZero();
  }

  /**
   * One writer adds a bounded number of entries while three readers get every key published so
   * far and scan both ways, checking order; bounded by operation counts, not by time.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void concurrentReadersSeeSortedPrefixesWhileTheWriterAdds() throws Exception {
    long seed = seed("concurrent");
    MemTable mem = newMemTable();
    int entries = 200_000;
    int keySpace = 1 << 20;
    AtomicLong published = new AtomicLong(); // entries 0 .. published-1 are added
    AtomicReference<Throwable> failure = new AtomicReference<>();

    Thread writer = new Thread(() -> {
      Random random = new Random(seed);
      try {
        for (long i = 0; i < entries && failure.get() == null; i++) {
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
          for (int round = 0; round < 300 && failure.get() == null; round++) {
            long visible = published.get();
            while (replayed < visible) {
              writtenKeys.add(userKey(replay.nextInt(keySpace)));
              replayed++;
            }
            // Every published entry must be visible to get.
            for (int i = 0; i < 200 && !writtenKeys.isEmpty(); i++) {
              byte[] key = writtenKeys.get(random.nextInt(writtenKeys.size()));
              result.reset();
              if (!mem.get(key, MAX_SEQUENCE, result) || !Arrays.equals(result.value(), key)) {
                throw new AssertionError("published key not found: " + new String(key,
                    StandardCharsets.UTF_8));
              }
            }
            // A scan sees strictly increasing keys and at least the published entries.
            try (InternalIterator it = mem.newIterator()) {
              byte[] previous = null;
              long seen = 0;
              if (random.nextBoolean()) {
                for (it.seekToFirst(); it.isValid() && seen < 20_000; it.next(), seen++) {
                  if (previous != null && BYTEWISE.compare(previous, it.key()) >= 0) {
                    throw new AssertionError("out of order in forward scan");
                  }
                  previous = it.key();
                }
                if (!it.isValid() && seen < visible) {
                  throw new AssertionError("forward scan saw " + seen + " < " + visible);
                }
              } else {
                for (it.seekToLast(); it.isValid() && seen < 500; it.prev(), seen++) {
                  if (previous != null && BYTEWISE.compare(previous, it.key()) <= 0) {
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
    assertThat(mem.entryCount()).isEqualTo(entries);
  }

  /** Reverse bytewise order, a user comparator other than the bytewise one. */
  private static final class ReverseBytewise implements KeyComparator {
    @Override
    public String name() {
      return "strata.test.ReverseBytewise";
    }

    @Override
    public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
      return Arrays.compareUnsigned(b, bOff, bOff + bLen, a, aOff, aOff + aLen);
    }

    @Override
    public byte[] findShortestSeparator(byte[] start, byte[] limit) {
      return start;
    }

    @Override
    public byte[] findShortSuccessor(byte[] key) {
      return key;
    }
  }
}
