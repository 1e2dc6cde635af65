package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.table.TableBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table follows the user comparator everywhere: blocks, index shortening, lookups. */
class CustomComparatorTableTest {
  /** Descending bytewise order; no key shortening. */
  private static final KeyComparator REVERSE = new KeyComparator() {
    @Override
    public String name() {
      return "test.ReverseBytewise";
    }

    @Override
    public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
      return BytewiseComparator.INSTANCE.compare(b, bOff, bLen, a, aOff, aLen);
    }

    @Override
    public byte[] findShortestSeparator(byte[] start, byte[] limit) {
      return start;
    }

    @Override
    public byte[] findShortSuccessor(byte[] key) {
      return key;
    }
  };

  @Test
  void reverseOrderRoundTrips() throws Exception {
    InternalKeyComparator icmp = new InternalKeyComparator(REVERSE);
    Options options = Options.builder().comparator(REVERSE).compression(CompressionType.NONE)
        .build();
    MemFile f = new MemFile();
    TableBuilder b = new BlockBasedTableBuilder(options, icmp, f);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 5000; i > 0; i--) {
      byte[] k = InternalKeys.encode(String.format("k%05d", i).getBytes(), i, ValueType.VALUE);
      keys.add(k);
      b.add(k, ("v" + i).getBytes());
    }
    b.finish();
    try (BlockBasedTable t = BlockBasedTable.open(f, "r.ldb", f.size(), icmp,
        new CaffeineBlockCache(1 << 20), true)) {
      assertThat(t.properties().numDataBlocks()).isGreaterThan(5);
      for (int i = 1; i <= 5000; i += 7) {
        GetResult r = new GetResult();
        assertThat(t.get(String.format("k%05d", i).getBytes(), InternalKey.MAX_SEQUENCE, r,
            true, true)).isTrue();
        assertThat(r.value()).isEqualTo(("v" + i).getBytes());
      }
      assertThat(t.get("k00000".getBytes(), InternalKey.MAX_SEQUENCE, new GetResult(), true,
          true)).isFalse();
      try (InternalIterator it = t.newIterator(true, true)) {
        int i = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          assertThat(it.key()).isEqualTo(keys.get(i++));
        }
        assertThat(i).isEqualTo(keys.size());
        it.seek(InternalKeys.encode("k02500x".getBytes(), InternalKey.MAX_SEQUENCE,
            ValueType.VALUE));
        assertThat(InternalKeys.userKey(it.key())).isEqualTo("k02500".getBytes());
      }
    }
  }
}
