package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.rangedel.FragmentedRangeTombstones;
import io.strata.core.rangedel.RangeTombstone;
import io.strata.core.write.WriteBatchCodec;
import io.strata.api.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Range tombstones through the formats: the write batch record (tag 0xF), the memtable's second
 * list, and the table's {@code rocksdb.range_del} meta block.
 */
class RangeDelBlockTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writeBatchRecordRoundTripsIntoTheMemTablesOwnList() throws Exception {
    WriteBatch batch = new WriteBatch().put(b("a"), b("1")).deleteRange(b("b"), b("d"))
        .delete(b("e"));
    ByteBuffer enc = batch.encoded();
    byte[] rep = new byte[enc.remaining()];
    enc.get(rep);
    WriteBatchCodec.setSequence(rep, 10);
    SkipListMemTable mem = new SkipListMemTable(ICMP);
    assertThat(WriteBatchCodec.insertInto(rep, rep.length, mem, "test", 0)).isEqualTo(3);
    assertThat(mem.rangeTombstoneCount()).isEqualTo(1);
    assertThat(mem.entryCount()).isEqualTo(3);
    List<String> points = new ArrayList<>();
    try (InternalIterator it = mem.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        points.add(new String(InternalKeys.userKey(it.key()), StandardCharsets.UTF_8));
      }
    }
    assertThat(points).containsExactly("a", "e");
    try (InternalIterator it = mem.newRangeTombstoneIterator()) {
      it.seekToFirst();
      assertThat(it.isValid()).isTrue();
      assertThat(InternalKeys.userKey(it.key())).isEqualTo(b("b"));
      assertThat(InternalKeys.sequence(it.key())).isEqualTo(11);
      assertThat(InternalKeys.typeCode(it.key())).isEqualTo(0xF);
      assertThat(it.value()).isEqualTo(b("d"));
      it.next();
      assertThat(it.isValid()).isFalse();
    }
    GetResult r = new GetResult();
    assertThat(mem.get(b("b"), 100, r)).isFalse(); // tombstones are not point entries
    assertThat(mem.get(b("a"), 100, r)).isTrue();
    assertThat(r.sequence()).isEqualTo(10);
  }

  @Test
  void tableKeepsTombstonesInTheRangeDelBlock() throws Exception {
    for (CompressionType compression : CompressionType.values()) {
      MemFile f = new MemFile();
      BlockBasedTableBuilder builder = new BlockBasedTableBuilder(
          Options.builder().compression(compression).build(), ICMP, f);
      builder.add(InternalKeys.encode(b("a"), 5, ValueType.VALUE), b("1"));
      builder.addRangeTombstone(new RangeTombstone(b("m"), b("q"), 7).internalKey(), b("q"));
      builder.addRangeTombstone(new RangeTombstone(b("c"), b("n"), 9).internalKey(), b("n"));
      builder.add(InternalKeys.encode(b("z"), 6, ValueType.VALUE), b("2"));
      builder.finish();
      assertThat(builder.numEntries()).isEqualTo(2);
      try (BlockBasedTable table = BlockBasedTable.open(f, "t.ldb", f.size(), ICMP,
          new CaffeineBlockCache(0), true)) {
        List<RangeTombstone> read = new ArrayList<>();
        try (InternalIterator it = table.newRangeTombstoneIterator()) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            read.add(RangeTombstone.fromEntry(it.key(), it.value()));
          }
        }
        // Sorted by internal key, whatever the order they were added in.
        assertThat(read).containsExactly(new RangeTombstone(b("c"), b("n"), 9),
            new RangeTombstone(b("m"), b("q"), 7));
        FragmentedRangeTombstones frag =
            FragmentedRangeTombstones.fragment(read, BytewiseComparator.INSTANCE);
        assertThat(frag.maxCoveringSequence(b("m"), 100)).isEqualTo(9);
        assertThat(frag.maxCoveringSequence(b("m"), 8)).isEqualTo(7);
        assertThat(frag.maxCoveringSequence(b("p"), 100)).isEqualTo(7);
        assertThat(frag.maxCoveringSequence(b("q"), 100)).isEqualTo(-1);
        GetResult r = new GetResult();
        assertThat(table.get(b("z"), 100, r, true, false)).isTrue();
        assertThat(r.sequence()).isEqualTo(6);
      }
    }
  }

  @Test
  void tableWithoutTombstonesHasAnEmptyIterator() throws Exception {
    MemFile f = new MemFile();
    BlockBasedTableBuilder builder =
        new BlockBasedTableBuilder(Options.defaults(), ICMP, f);
    builder.add(InternalKeys.encode(b("a"), 5, ValueType.VALUE), b("1"));
    builder.finish();
    try (BlockBasedTable table = BlockBasedTable.open(f, "t.ldb", f.size(), ICMP,
        new CaffeineBlockCache(0), true);
        InternalIterator it = table.newRangeTombstoneIterator()) {
      it.seekToFirst();
      assertThat(it.isValid()).isFalse();
    }
  }
}
