package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.table.TableBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockBasedTableTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final String NAME = "000042.ldb";

  /** Random entries in internal-key order: several versions per key, some deletions. */
  private static NavigableMap<byte[], byte[]> randomEntries(long seed, int userKeys) {
    Random rnd = new Random(seed);
    NavigableMap<byte[], byte[]> m = new TreeMap<>(ICMP);
    long seq = 1;
    while (m.size() < userKeys * 5 / 4) {
      byte[] uk = new byte[4 + rnd.nextInt(20)];
      rnd.nextBytes(uk);
      uk[0] = (byte) (rnd.nextInt(26) + 'a'); // shared prefixes between neighbours
      int versions = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1;
      for (int v = 0; v < versions; v++) {
        boolean delete = rnd.nextInt(10) == 0;
        byte[] value = new byte[delete ? 0 : rnd.nextInt(120)];
        for (int i = 0; i < value.length; i++) {
          value[i] = (byte) ('a' + rnd.nextInt(4)); // compressible
        }
        m.put(InternalKeys.encode(uk, seq++, delete ? ValueType.DELETION : ValueType.VALUE),
            value);
      }
    }
    return m;
  }

  private static Options options(CompressionType compression, int bloomBits) {
    return Options.builder().compression(compression).bloomBitsPerKey(bloomBits).build();
  }

  private static MemFile write(Options options, Map<byte[], byte[]> entries) throws IOException {
    MemFile f = new MemFile();
    TableBuilder b = new BlockBasedTableBuilder(options, ICMP, f);
    for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    b.finish();
    assertThat(b.numEntries()).isEqualTo(entries.size());
    assertThat(b.fileSizeBytes()).isEqualTo(f.size());
    return f;
  }

  private static BlockBasedTable open(MemFile f, CaffeineBlockCache cache, boolean paranoid)
      throws IOException {
    return BlockBasedTable.open(f, NAME, f.size(), ICMP, cache, paranoid);
  }

  /** What a get at {@code seq} must see: the newest entry of the key with sequence <= seq. */
  private static Map.Entry<byte[], byte[]> expected(NavigableMap<byte[], byte[]> m,
      byte[] userKey, long seq) {
    Map.Entry<byte[], byte[]> e = m.ceilingEntry(InternalKeys.encode(userKey, seq,
        ValueType.VALUE));
    if (e == null || !Arrays.equals(InternalKeys.userKey(e.getKey()), userKey)) {
      return null;
    }
    return e;
  }

  @ParameterizedTest
  @CsvSource({"NONE, 0", "NONE, 10", "SNAPPY, 0", "SNAPPY, 10"})
  void roundTrip(CompressionType compression, int bloomBits) throws Exception {
    long seed = new Random().nextLong();
    System.out.println("table round trip " + compression + " bloom " + bloomBits + " seed "
        + seed);
    NavigableMap<byte[], byte[]> m = randomEntries(seed, 10_000);
    MemFile f = write(options(compression, bloomBits), m);
    CaffeineBlockCache cache = new CaffeineBlockCache(1 << 20);
    try (BlockBasedTable t = open(f, cache, false)) {
      assertThat(t.hasFilter()).isEqualTo(bloomBits > 0);
      assertThat(t.properties().numDataBlocks()).isGreaterThan(20);
      if (compression == CompressionType.SNAPPY) {
        long raw = write(options(CompressionType.NONE, bloomBits), m).size();
        assertThat(f.size()).isLessThan(raw * 3 / 4);
      }

      // Point lookups of every key at the newest sequence and at each entry's own sequence.
      GetResult r = new GetResult();
      for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
        byte[] uk = InternalKeys.userKey(e.getKey());
        for (long seq : new long[] {InternalKey.MAX_SEQUENCE, InternalKeys.sequence(e.getKey())}) {
          r.reset();
          Map.Entry<byte[], byte[]> want = expected(m, uk, seq);
          boolean found = t.get(uk, seq, r, true, true);
          assertThat(found).isTrue();
          if (InternalKeys.typeCode(want.getKey()) == ValueType.VALUE.code()) {
            assertThat(r.state()).isEqualTo(GetResult.State.FOUND);
            assertThat(r.value()).isEqualTo(want.getValue());
          } else {
            assertThat(r.state()).isEqualTo(GetResult.State.DELETED);
          }
        }
        // Below the entry's sequence: an older version of the key, or nothing.
        long older = InternalKeys.sequence(e.getKey()) - 1;
        r.reset();
        boolean found = t.get(uk, older, r, false, true);
        assertThat(found).isEqualTo(expected(m, uk, older) != null);
      }
      // Absent keys.
      Random rnd = new Random(seed + 1);
      for (int i = 0; i < 2000; i++) {
        byte[] uk = new byte[5 + rnd.nextInt(10)];
        rnd.nextBytes(uk);
        if (expected(m, uk, InternalKey.MAX_SEQUENCE) != null) {
          continue;
        }
        r.reset();
        assertThat(t.get(uk, InternalKey.MAX_SEQUENCE, r, false, true)).isFalse();
        assertThat(r.state()).isEqualTo(GetResult.State.NOT_FOUND);
      }

      List<byte[]> keys = new ArrayList<>(m.keySet());
      try (InternalIterator it = t.newIterator(true, false)) {
        int i = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          assertThat(it.key()).isEqualTo(keys.get(i));
          assertThat(it.value()).isEqualTo(m.get(keys.get(i)));
          i++;
        }
        assertThat(i).isEqualTo(keys.size());
        i = keys.size() - 1;
        for (it.seekToLast(); it.isValid(); it.prev()) {
          assertThat(it.key()).isEqualTo(keys.get(i));
          i--;
        }
        assertThat(i).isEqualTo(-1);
        for (int s = 0; s < 3000; s++) {
          byte[] target;
          if (rnd.nextBoolean()) {
            target = keys.get(rnd.nextInt(keys.size()));
          } else {
            byte[] uk = new byte[1 + rnd.nextInt(10)];
            rnd.nextBytes(uk);
            target = InternalKeys.encode(uk, rnd.nextInt(100_000), ValueType.VALUE);
          }
          it.seek(target);
          byte[] want = m.ceilingKey(target);
          if (want == null) {
            assertThat(it.isValid()).isFalse();
            continue;
          }
          assertThat(it.key()).isEqualTo(want);
          it.prev();
          byte[] before = m.lowerKey(want);
          if (before == null) {
            assertThat(it.isValid()).isFalse();
          } else {
            assertThat(it.key()).isEqualTo(before);
            it.next();
            it.next();
            byte[] after = m.higherKey(want);
            if (after == null) {
              assertThat(it.isValid()).isFalse();
            } else {
              assertThat(it.key()).isEqualTo(after);
            }
          }
        }
      }
    }
  }

  @Test
  void emptyTable() throws Exception {
    MemFile f = write(options(CompressionType.SNAPPY, 10), new TreeMap<>(ICMP));
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), true)) {
      InternalIterator it = t.newIterator(true, true);
      it.seekToFirst();
      assertThat(it.isValid()).isFalse();
      it.seekToLast();
      assertThat(it.isValid()).isFalse();
      it.seek(InternalKeys.encode("a".getBytes(), 1, ValueType.VALUE));
      assertThat(it.isValid()).isFalse();
      assertThat(t.get("a".getBytes(), 5, new GetResult(), true, true)).isFalse();
      assertThat(t.properties().numDataBlocks()).isZero();
    }
  }

  @Test
  void propertiesBlockRecordsEntriesTombstonesAndTheSequenceRange() throws Exception {
    NavigableMap<byte[], byte[]> entries = randomEntries(7, 2000);
    long deletions = entries.keySet().stream()
        .filter(k -> (InternalKeys.trailer(k, 0, k.length) & 0xff) == 0).count();
    long[] seqs = entries.keySet().stream()
        .mapToLong(k -> InternalKeys.trailer(k, 0, k.length) >>> 8).sorted().toArray();
    MemFile f = write(options(CompressionType.SNAPPY, 10), entries);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), true)) {
      assertThat(t.properties().numEntries()).isEqualTo(entries.size());
      assertThat(t.properties().numDeletions()).isEqualTo(deletions).isPositive();
      assertThat(t.properties().smallestSequence()).isEqualTo(seqs[0]);
      assertThat(t.properties().largestSequence()).isEqualTo(seqs[seqs.length - 1]);
      assertThat(t.properties().numDataBlocks()).isPositive();
    }
    MemFile empty = write(options(CompressionType.NONE, 0), new TreeMap<>(ICMP));
    try (BlockBasedTable t = open(empty, new CaffeineBlockCache(0), true)) {
      assertThat(t.properties().numEntries()).isZero();
      assertThat(t.properties().hasSequenceRange()).isFalse();
    }
  }

  @Test
  void indexKeysAreShortenedSeparators() throws Exception {
    NavigableMap<byte[], byte[]> m = new TreeMap<>(ICMP);
    byte[] big = new byte[5000]; // one entry per block
    m.put(InternalKeys.encode("the quick brown fox".getBytes(), 5, ValueType.VALUE), big);
    m.put(InternalKeys.encode("the who".getBytes(), 6, ValueType.VALUE), big);
    MemFile f = write(options(CompressionType.NONE, 0), m);
    byte[] bytes = f.contents();
    String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    // The separator "the r" with the (MAX_SEQUENCE, VALUE) trailer; the last key's successor "u".
    byte[] sep = InternalKeys.encode("the r".getBytes(), InternalKey.MAX_SEQUENCE,
        ValueType.VALUE);
    assertThat(s).contains(new String(sep, java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] succ = InternalKeys.encode("u".getBytes(), InternalKey.MAX_SEQUENCE,
        ValueType.VALUE);
    assertThat(s).contains(new String(succ, java.nio.charset.StandardCharsets.ISO_8859_1));
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), true)) {
      GetResult r = new GetResult();
      assertThat(t.get("the who".getBytes(), 10, r, true, false)).isTrue();
      assertThat(t.get("the r".getBytes(), 10, new GetResult(), true, false)).isFalse();
    }
  }

  @Test
  void filterSkipsBlocksOfAbsentKeys() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(7, 5000);
    MemFile f = write(options(CompressionType.NONE, 10), m);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), false)) {
      int readsAfterOpen = f.reads;
      Random rnd = new Random(8);
      int lookups = 0;
      for (int i = 0; i < 2000; i++) {
        byte[] uk = new byte[8];
        rnd.nextBytes(uk);
        uk[0] = (byte) ('a' + rnd.nextInt(26)); // lands inside the table's key range
        if (expected(m, uk, InternalKey.MAX_SEQUENCE) == null) {
          assertThat(t.get(uk, InternalKey.MAX_SEQUENCE, new GetResult(), false, false))
              .isFalse();
          lookups++;
        }
      }
      int blockReads = f.reads - readsAfterOpen;
      assertThat(blockReads).isLessThan(lookups / 30); // about 1% false positives
    }
  }

  /**
   * A table written with a filter carries LevelDB's per-block filter (for LevelDB) and the
   * whole-table filter; the reader checks both at open but holds only the whole-table one, the
   * only one its gets probe.
   */
  @Test
  void aTableWithBothFiltersHoldsOnlyTheWholeTableOne() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(11, 5000);
    long userKeys = m.keySet().stream().map(k -> Arrays.toString(InternalKeys.userKey(k)))
        .distinct().count();
    MemFile f = write(options(CompressionType.NONE, 10), m);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), false)) {
      assertThat(t.hasFilter()).isTrue();
      // The whole-table filter alone: 10 bits per distinct user key, in 64-byte blocks.
      assertThat(t.filterMemoryBytes()).isBetween(userKeys * 10 / 8, userKeys * 10 / 8 + 64);
    }
    try (BlockBasedTable t = open(write(options(CompressionType.NONE, 0), m),
        new CaffeineBlockCache(0), false)) {
      assertThat(t.hasFilter()).isFalse();
      assertThat(t.filterMemoryBytes()).isZero();
    }
  }

  @Test
  void blockCacheServesTheSecondRead() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(3, 2000);
    MemFile f = write(options(CompressionType.SNAPPY, 10), m);
    CaffeineBlockCache cache = new CaffeineBlockCache(1 << 20);
    try (BlockBasedTable t = open(f, cache, false)) {
      byte[] uk = InternalKeys.userKey(m.firstKey());
      int reads = f.reads;
      t.get(uk, InternalKey.MAX_SEQUENCE, new GetResult(), false, true);
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isZero();
      assertThat(f.reads).isEqualTo(reads + 1);
      assertThat(cache.usageBytes()).isGreaterThan(0);
      GetResult r = new GetResult();
      t.get(uk, InternalKey.MAX_SEQUENCE, r, true, true);
      assertThat(cache.hits()).isEqualTo(1);
      assertThat(f.reads).isEqualTo(reads + 1);

      // fillCache false: read, not kept.
      byte[] last = InternalKeys.userKey(m.lastKey());
      t.get(last, InternalKey.MAX_SEQUENCE, new GetResult(), false, false);
      t.get(last, InternalKey.MAX_SEQUENCE, new GetResult(), false, false);
      assertThat(f.reads).isEqualTo(reads + 3);
    }
    // A second table on the same cache gets its own id: no collision at equal offsets.
    MemFile other = write(options(CompressionType.SNAPPY, 10), randomEntries(4, 2000));
    try (BlockBasedTable t2 = BlockBasedTable.open(other, "000043.ldb", other.size(), ICMP,
        cache, false)) {
      try (InternalIterator it = t2.newIterator(false, true)) {
        it.seekToFirst();
        assertThat(it.key()).isEqualTo(randomEntries(4, 2000).firstKey());
      }
    }
  }

  @Test
  void approximateOffsetsGrowWithKeys() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(5, 5000);
    MemFile f = write(options(CompressionType.NONE, 10), m);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), false)) {
      assertThat(t.approximateOffsetOf(m.firstKey())).isZero();
      long prev = 0;
      int i = 0;
      for (byte[] k : m.keySet()) {
        if (i++ % 97 == 0) {
          long off = t.approximateOffsetOf(k);
          assertThat(off).isGreaterThanOrEqualTo(prev);
          prev = off;
        }
      }
      long end = t.approximateOffsetOf(InternalKeys.encode(new byte[] {(byte) 0xff, (byte) 0xff},
          1, ValueType.VALUE));
      assertThat(end).isGreaterThan(f.size() * 8 / 10).isLessThan(f.size());
    }
  }

  // --- damage ---

  @Test
  void flippedByteInADataBlockIsCorruptionWhenVerifying() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(11, 3000);
    for (CompressionType c : CompressionType.values()) {
      byte[] bytes = write(options(c, 10), m).contents();
      bytes[100] ^= 0x40; // inside the first data block, at offset 0
      MemFile f = new MemFile(bytes);
      try (BlockBasedTable t = open(f, new CaffeineBlockCache(1 << 20), false)) {
        byte[] uk = InternalKeys.userKey(m.firstKey());
        assertThatThrownBy(() -> t.get(uk, InternalKey.MAX_SEQUENCE, new GetResult(), true, true))
            .isInstanceOf(CorruptionException.class)
            .hasMessageContaining(NAME + " at offset 0")
            .hasMessageContaining("checksum mismatch");
        InternalIterator it = t.newIterator(true, true);
        assertThatThrownBy(it::seekToFirst).isInstanceOf(CorruptionException.class)
            .satisfies(e -> assertThat(((CorruptionException) e).offset()).isZero());
      }
      // Paranoid checks verify even when the caller does not ask.
      try (BlockBasedTable t = open(new MemFile(bytes), new CaffeineBlockCache(0), true)) {
        byte[] uk = InternalKeys.userKey(m.firstKey());
        assertThatThrownBy(() -> t.get(uk, InternalKey.MAX_SEQUENCE, new GetResult(), false,
            false)).isInstanceOf(CorruptionException.class);
      }
    }
  }

  @Test
  void randomDamageNeverEscapesAsAnotherException() throws Exception {
    NavigableMap<byte[], byte[]> m = randomEntries(13, 1500);
    long seed = new Random().nextLong();
    System.out.println("random damage seed " + seed);
    Random rnd = new Random(seed);
    for (CompressionType c : CompressionType.values()) {
      byte[] good = write(options(c, 10), m).contents();
      for (int round = 0; round < 200; round++) {
        byte[] bad = good.clone();
        int at = rnd.nextInt(bad.length);
        bad[at] = (byte) rnd.nextInt(256);
        try (BlockBasedTable t = open(new MemFile(bad), new CaffeineBlockCache(0), false)) {
          try (InternalIterator it = t.newIterator(false, false)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
              it.value();
            }
          }
          int i = 0;
          for (byte[] k : m.keySet()) {
            if (i++ % 16 == 0) {
              t.get(InternalKeys.userKey(k), InternalKey.MAX_SEQUENCE, new GetResult(), false,
                  false);
            }
          }
        } catch (CorruptionException expected) {
          assertThat(expected.file()).isEqualTo(NAME);
        }
      }
    }
  }

  @Test
  void truncatedFileIsCorruption() throws Exception {
    byte[] good = write(options(CompressionType.SNAPPY, 10), randomEntries(17, 1000)).contents();
    MemFile tiny = new MemFile(Arrays.copyOf(good, 30));
    assertThatThrownBy(() -> open(tiny, new CaffeineBlockCache(0), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("too short");
    assertThat(tiny.closed).isTrue();
    MemFile cut = new MemFile(Arrays.copyOf(good, good.length - 100));
    assertThatThrownBy(() -> open(cut, new CaffeineBlockCache(0), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(NAME);
    // The MANIFEST says more bytes than the file has.
    MemFile shorter = new MemFile(Arrays.copyOf(good, good.length - 10));
    assertThatThrownBy(() -> BlockBasedTable.open(shorter, NAME, good.length, ICMP,
        new CaffeineBlockCache(0), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void garbageFooterIsCorruption() throws Exception {
    byte[] good = write(options(CompressionType.SNAPPY, 10), randomEntries(19, 1000)).contents();
    byte[] bad = good.clone();
    Random rnd = new Random(23);
    for (int i = bad.length - 48; i < bad.length; i++) {
      bad[i] = (byte) rnd.nextInt(256);
    }
    assertThatThrownBy(() -> open(new MemFile(bad), new CaffeineBlockCache(0), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("bad magic number")
        .satisfies(e -> assertThat(((CorruptionException) e).offset())
            .isEqualTo(good.length - 48));
    // Right magic, garbage handles: an index "block" far outside the file.
    byte[] footer = new Footer(new BlockHandle(0, 10), new BlockHandle(1L << 50, 1L << 40))
        .encode();
    byte[] bad2 = good.clone();
    System.arraycopy(footer, 0, bad2, bad2.length - 48, 48);
    // Reported at the footer, where the damage is, not at the garbage offset.
    assertThatThrownBy(() -> open(new MemFile(bad2), new CaffeineBlockCache(0), false))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("index block handle (offset 1125899906842624, size 1099511627776)"
            + " runs past the footer")
        .satisfies(e -> assertThat(((CorruptionException) e).offset())
            .isEqualTo(good.length - 48));
  }

  /** Appends {@code contents} as a raw block with a valid trailer; returns its handle. */
  private static BlockHandle appendBlock(MemFile f, byte[] contents) {
    BlockHandle h = new BlockHandle(f.size(), contents.length);
    f.append(contents, 0, contents.length);
    byte[] trailer = new byte[5];
    Coding.putFixed32(trailer, 1, Crc32c.mask(Crc32c.valueWithTrailingType(contents, 0,
        contents.length, (byte) 0)));
    f.append(trailer, 0, 5);
    return h;
  }

  @Test
  void hugeBlockHandleInTheIndexIsCorruptionNotOutOfMemory() throws Exception {
    MemFile f = new MemFile();
    BlockBuilder data = new BlockBuilder(16, 64);
    byte[] key = InternalKeys.encode("k".getBytes(), 1, ValueType.VALUE);
    data.add(key, "v".getBytes());
    appendBlock(f, data.finishToArray());
    BlockHandle meta = appendBlock(f, new BlockBuilder(16, 64).finishToArray());
    BlockBuilder index = new BlockBuilder(1, 64);
    index.add(key, new BlockHandle(0, Long.MAX_VALUE / 2).encode());
    BlockHandle idx = appendBlock(f, index.finishToArray());
    byte[] footer = new Footer(meta, idx).encode();
    f.append(footer, 0, footer.length);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(1 << 20), false)) {
      assertThatThrownBy(() -> t.get("k".getBytes(), 5, new GetResult(), false, true))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("lies outside")
          .hasMessageContaining(NAME);
      assertThatThrownBy(() -> t.newIterator(false, false).seekToFirst())
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void unknownBlockTypeIsCorruption() throws Exception {
    MemFile f = new MemFile();
    BlockBuilder data = new BlockBuilder(16, 64);
    byte[] key = InternalKeys.encode("k".getBytes(), 1, ValueType.VALUE);
    data.add(key, "v".getBytes());
    byte[] contents = data.finishToArray();
    f.append(contents, 0, contents.length);
    byte[] trailer = new byte[5];
    trailer[0] = 9; // no such type (0x7 is zstd)
    Coding.putFixed32(trailer, 1, Crc32c.mask(Crc32c.valueWithTrailingType(contents, 0,
        contents.length, (byte) 9)));
    f.append(trailer, 0, 5);
    BlockHandle meta = appendBlock(f, new BlockBuilder(16, 64).finishToArray());
    BlockBuilder index = new BlockBuilder(1, 64);
    index.add(key, new BlockHandle(0, contents.length).encode());
    BlockHandle idx = appendBlock(f, index.finishToArray());
    byte[] footer = new Footer(meta, idx).encode();
    f.append(footer, 0, footer.length);
    try (BlockBasedTable t = open(f, new CaffeineBlockCache(0), false)) {
      assertThatThrownBy(() -> t.get("k".getBytes(), 5, new GetResult(), true, true))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("bad block type 9");
    }
  }

  @Test
  void builderRejectsKeysOutOfOrder() throws Exception {
    TableBuilder b = new BlockBasedTableBuilder(Options.defaults(), ICMP, new MemFile());
    b.add(InternalKeys.encode("b".getBytes(), 1, ValueType.VALUE), new byte[0]);
    assertThatThrownBy(() -> b.add(InternalKeys.encode("a".getBytes(), 1, ValueType.VALUE),
        new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
    b.abandon();
    assertThatThrownBy(b::finish).isInstanceOf(IllegalStateException.class);
  }
}
