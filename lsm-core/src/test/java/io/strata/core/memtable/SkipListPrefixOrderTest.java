package io.strata.core.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keys built to stress the 16-byte prefix comparison: lengths around 8 and 16, zero bytes that
 * look like padding, 0xff bytes. Order and lookups must equal the full comparator's.
 */
class SkipListPrefixOrderTest {
  private static final byte[] ALPHABET = {0x00, 0x01, 'a', (byte) 0x7f, (byte) 0x80, (byte) 0xff};

  @Test
  void prefixComparisonAgreesWithTheComparator() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SkipListPrefixOrderTest seed=" + seed);
    Random rnd = new Random(seed);
    InternalKeyComparator icmp = new InternalKeyComparator(BytewiseComparator.INSTANCE);
    SkipListMemTable mem = new SkipListMemTable(icmp);
    List<byte[]> added = new ArrayList<>();
    Map<String, byte[]> newest = new HashMap<>();
    for (int seq = 1; seq <= 5000; seq++) {
      byte[] key = new byte[rnd.nextInt(21)];
      for (int i = 0; i < key.length; i++) {
        key[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
      }
      byte[] value = {(byte) seq};
      mem.add(seq, ValueType.VALUE, key, value);
      added.add(InternalKeys.encode(key, seq, ValueType.VALUE));
      newest.put(java.util.HexFormat.of().formatHex(key), value);
    }
    added.sort(icmp);
    try (InternalIterator it = mem.newIterator()) {
      it.seekToFirst();
      for (byte[] expected : added) {
        assertThat(it.isValid()).as("seed %s", seed).isTrue();
        assertThat(it.key()).as("seed %s", seed).isEqualTo(expected);
        it.next();
      }
      assertThat(it.isValid()).isFalse();
    }
    for (Map.Entry<String, byte[]> e : newest.entrySet()) {
      GetResult r = new GetResult();
      assertThat(mem.get(java.util.HexFormat.of().parseHex(e.getKey()), Long.MAX_VALUE >>> 8, r))
          .isTrue();
      assertThat(r.value()).as("seed %s key %s", seed, e.getKey()).isEqualTo(e.getValue());
    }
  }
}
