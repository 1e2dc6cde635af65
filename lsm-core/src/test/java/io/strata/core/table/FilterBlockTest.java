package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** After google/leveldb table/filter_block_test.cc, with the bloom policy. */
class FilterBlockTest {
  private final BloomFilterPolicy policy = new BloomFilterPolicy(10);

  private static void add(FilterBlockBuilder b, String key) {
    byte[] k = key.getBytes();
    b.addKey(k, 0, k.length);
  }

  private boolean matches(FilterBlockReader r, long blockOffset, String key) {
    byte[] k = key.getBytes();
    return r.keyMayMatch(blockOffset, k, 0, k.length);
  }

  @Test
  void emptyBuilder() {
    byte[] block = new FilterBlockBuilder(policy).finish();
    assertThat(block).containsExactly(0, 0, 0, 0, 11);
    FilterBlockReader r = new FilterBlockReader(policy, block, block.length);
    assertThat(matches(r, 0, "foo")).isTrue();
    assertThat(matches(r, 100000, "foo")).isTrue();
  }

  @Test
  void singleChunk() {
    FilterBlockBuilder b = new FilterBlockBuilder(policy);
    b.startBlock(100);
    add(b, "foo");
    add(b, "bar");
    add(b, "box");
    b.startBlock(200);
    add(b, "box");
    b.startBlock(300);
    add(b, "hello");
    byte[] block = b.finish();
    FilterBlockReader r = new FilterBlockReader(policy, block, block.length);
    assertThat(r.numFilters()).isEqualTo(1);
    for (String k : new String[] {"foo", "bar", "box", "hello"}) {
      assertThat(matches(r, 100, k)).isTrue();
    }
    assertThat(matches(r, 100, "missing")).isFalse();
    assertThat(matches(r, 100, "other")).isFalse();
  }

  @Test
  void multiChunk() {
    FilterBlockBuilder b = new FilterBlockBuilder(policy);
    b.startBlock(0);
    add(b, "foo");
    b.startBlock(2000);
    add(b, "bar");
    b.startBlock(3100);
    add(b, "box");
    b.startBlock(9000);
    add(b, "box");
    add(b, "hello");
    byte[] block = b.finish();
    FilterBlockReader r = new FilterBlockReader(policy, block, block.length);
    assertThat(r.numFilters()).isEqualTo(5);

    assertThat(matches(r, 0, "foo")).isTrue();
    assertThat(matches(r, 2000, "bar")).isTrue();
    assertThat(matches(r, 0, "box")).isFalse();
    assertThat(matches(r, 0, "hello")).isFalse();

    assertThat(matches(r, 3100, "box")).isTrue();
    assertThat(matches(r, 3100, "foo")).isFalse();
    assertThat(matches(r, 3100, "bar")).isFalse();

    // Ranges 3 and 4 (6144..10239) hold nothing, then 9000 is in range 4: "box", "hello".
    assertThat(matches(r, 4100, "foo")).isFalse();
    assertThat(matches(r, 4100, "box")).isFalse();

    assertThat(matches(r, 9000, "box")).isTrue();
    assertThat(matches(r, 9000, "hello")).isTrue();
    assertThat(matches(r, 9000, "foo")).isFalse();
  }

  @Test
  void damagedBlockMatchesEverything() {
    FilterBlockReader r = new FilterBlockReader(policy, new byte[] {1, 2, 3}, 3);
    assertThat(matches(r, 0, "x")).isTrue();
    byte[] badOffset = {0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 11};
    r = new FilterBlockReader(policy, badOffset, badOffset.length);
    assertThat(matches(r, 0, "x")).isTrue();
  }
}
