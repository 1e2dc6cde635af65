package io.strata.core.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the {@code skiplist} memtable: its memory accounting per node. Its
 * behaviour (gets, iterators both ways, merges, range tombstones, concurrent readers) is checked
 * by the memtable contract, {@code SkipListMemTableContractTest} in lsm-testkit.
 */
class SkipListMemTableTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] userKey(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
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
}
