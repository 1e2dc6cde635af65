package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaffeineBlockCacheTest {
  private static Block block(int valueBytes) throws Exception {
    BlockBuilder b = new BlockBuilder(16, 64);
    b.add("key".getBytes(), new byte[valueBytes]);
    return Block.of(b.finishToArray());
  }

  @Test
  void hitsAfterPutAndCountsLookups() throws Exception {
    CaffeineBlockCache cache = new CaffeineBlockCache(1 << 20);
    long id = cache.newId();
    Block b = block(100);
    assertThat(cache.get(id, 0)).isNull();
    cache.put(id, 0, b);
    assertThat(cache.get(id, 0)).isSameAs(b);
    assertThat(cache.get(id, 4096)).isNull();
    assertThat(cache.get(cache.newId(), 0)).isNull(); // another table's block 0
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(3);
    assertThat(cache.usageBytes()).isEqualTo(b.weightBytes());
    assertThat(cache.capacityBytes()).isEqualTo(1 << 20);
  }

  @Test
  void idsAreDistinct() {
    CaffeineBlockCache cache = new CaffeineBlockCache(100);
    assertThat(cache.newId()).isNotEqualTo(cache.newId());
  }

  @Test
  void staysWithinCapacityInBytes() throws Exception {
    CaffeineBlockCache cache = new CaffeineBlockCache(100_000);
    long id = cache.newId();
    Block b = block(4000);
    for (int i = 0; i < 200; i++) {
      cache.put(id, i * 5000L, b);
    }
    assertThat(cache.usageBytes()).isLessThanOrEqualTo(100_000).isGreaterThan(50_000);
  }

  @Test
  void capacityZeroCachesNothing() throws Exception {
    CaffeineBlockCache cache = new CaffeineBlockCache(0);
    long id = cache.newId();
    cache.put(id, 0, block(10));
    assertThat(cache.get(id, 0)).isNull();
    assertThat(cache.usageBytes()).isZero();
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void negativeCapacityIsACallerMistake() {
    assertThatThrownBy(() -> new CaffeineBlockCache(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
