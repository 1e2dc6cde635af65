package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
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
import io.strata.api.testing.FuzzDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link BlockBasedTable} with arbitrary bytes as a table file held in memory: opening,
 * forward and backward iteration with and without checksums, seeks and gets must return data or
 * throw {@link CorruptionException}. The in-build run also mutates valid tables and then
 * recomputes the checksum of every block it can still locate, to reach the index, metaindex,
 * filter and data block parsers and the Snappy decoder. Jazzer's seed corpus is in
 * {@code BlockBasedTableFuzzTestInputs/table}.
 */
class BlockBasedTableFuzzTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final String NAME = "000013.ldb";
  private static final int TRAILER = BlockBasedTableBuilder.BLOCK_TRAILER_SIZE;
  private static final int MAX_PREV_STEPS = 2_000;

  static void openAndRead(byte[] data) throws IOException {
    // Snappy may expand a block up to 32 times; nothing else may allocate more than the file.
    FuzzDriver.AllocationMeter meter = new FuzzDriver.AllocationMeter(data.length, 4 << 20, 40);
    CaffeineBlockCache cache = new CaffeineBlockCache(256 << 10);
    try (BlockBasedTable table = BlockBasedTable.open(new MemFile(data), NAME, data.length,
        ICMP, cache, false)) {
      meter.step("open");
      List<byte[]> keys = new ArrayList<>();
      CorruptionException unchecked = null;
      try {
        scan(table, false, keys, data.length, meter);
      } catch (CorruptionException e) {
        unchecked = e;
      }
      scan(table, true, keys, data.length, meter);
      GetResult result = new GetResult();
      keys.add(InternalKeys.encode("zzz".getBytes(StandardCharsets.US_ASCII), 1,
          ValueType.VALUE));
      for (byte[] k : keys) {
        result.reset();
        table.get(InternalKeys.userKey(k), InternalKey.MAX_SEQUENCE, result, true, true);
        table.approximateOffsetOf(k);
        try (InternalIterator it = table.newIterator(true, false)) {
          it.seek(k);
          if (it.isValid()) {
            it.value();
          }
        }
        meter.step("get");
      }
      if (unchecked != null) {
        throw unchecked;
      }
    }
  }

  private static void scan(BlockBasedTable table, boolean verify, List<byte[]> keys, int length,
      FuzzDriver.AllocationMeter meter) throws IOException {
    try (InternalIterator it = table.newIterator(verify, true)) {
      long n = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (++n > 32L * length) {
          throw new AssertionError(n + " entries from a " + length + "-byte table");
        }
        if (keys.size() < 32) {
          keys.add(it.key());
        }
        it.value();
        meter.step("next");
      }
      int steps = 0;
      for (it.seekToLast(); it.isValid() && steps < MAX_PREV_STEPS; it.prev()) {
        it.key();
        steps++;
        meter.step("prev");
      }
    }
  }

  @BeforeAll
  static void warmUp() throws IOException {
    FuzzDriver.warmUp(seeds(), BlockBasedTableFuzzTest::openAndRead);
  }

  @FuzzTest(maxDuration = "5m")
  void table(byte[] data) throws IOException {
    try {
      openAndRead(data);
    } catch (CorruptionException expected) {
      // damaged input: the only failure allowed
    }
  }

  /** Valid tables: with and without compression and filters, one to many data blocks. */
  static List<byte[]> seeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    Object[][] shapes = {{CompressionType.NONE, 10, 80}, {CompressionType.SNAPPY, 10, 120},
        {CompressionType.NONE, 0, 3}, {CompressionType.SNAPPY, 0, 1}};
    for (Object[] shape : shapes) {
      Options options = Options.builder().compression((CompressionType) shape[0])
          .bloomBitsPerKey((Integer) shape[1]).blockSizeBytes(1024).blockRestartInterval(4)
          .build();
      MemFile f = new MemFile();
      BlockBasedTableBuilder b = new BlockBasedTableBuilder(options, ICMP, f);
      int n = (Integer) shape[2];
      for (int i = 0; i < n; i++) {
        byte[] user = String.format("user%04d", i * 3).getBytes(StandardCharsets.US_ASCII);
        b.add(InternalKeys.encode(user, 500 - i, i % 6 == 0 ? ValueType.DELETION
            : ValueType.VALUE), ("value" + i).repeat(1 + i % 9).getBytes(
            StandardCharsets.US_ASCII));
      }
      b.finish();
      seeds.add(f.contents());
    }
    return seeds;
  }

  /**
   * Recomputes the checksums of the index and metaindex blocks the footer names, then of the
   * data blocks the index names and the meta blocks the metaindex names, as far as each still
   * decodes.
   */
  static byte[] fixChecksums(byte[] t) {
    if (t.length < Footer.ENCODED_LENGTH) {
      return t;
    }
    int footer = t.length - Footer.ENCODED_LENGTH;
    int[] pos = {footer};
    try {
      BlockHandle metaindex = BlockHandle.decode(t, pos, t.length - 8, NAME, footer);
      BlockHandle index = BlockHandle.decode(t, pos, t.length - 8, NAME, footer);
      fixBlock(t, index);
      fixBlock(t, metaindex);
      for (BlockHandle h : children(t, index, true)) {
        fixBlock(t, h);
      }
      for (BlockHandle h : children(t, metaindex, false)) {
        fixBlock(t, h);
      }
    } catch (CorruptionException | RuntimeException e) {
      // what is left cannot be located: leave it as it is
    }
    return t;
  }

  private static boolean fixBlock(byte[] t, BlockHandle h) {
    if (h.offset() + h.size() + TRAILER > t.length) {
      return false;
    }
    int off = (int) h.offset();
    int n = (int) h.size();
    Coding.putFixed32(t, off + n + 1,
        Crc32c.mask(Crc32c.valueWithTrailingType(t, off, n, t[off + n])));
    return true;
  }

  private static List<BlockHandle> children(byte[] t, BlockHandle parent, boolean internalKeys)
      throws CorruptionException {
    List<BlockHandle> out = new ArrayList<>();
    if (parent.offset() + parent.size() + TRAILER > t.length || t[(int) (parent.offset()
        + parent.size())] != 0) {
      return out; // out of the file or compressed: not walked
    }
    byte[] contents = java.util.Arrays.copyOfRange(t, (int) parent.offset(),
        (int) (parent.offset() + parent.size()));
    Block block = Block.of(contents);
    BlockIterator it = internalKeys ? new BlockIterator(block, ICMP)
        : new BlockIterator(block, BytewiseComparator.INSTANCE::compare, 0);
    for (it.seekToFirst(); it.isValid() && out.size() < 10_000; it.next()) {
      out.add(BlockHandle.decode(it.valueArray(), it.valueOffset(), it.valueLength(), NAME, 0));
    }
    return out;
  }

  @Test
  void randomAndMutatedTables() throws IOException {
    long accepted = FuzzDriver.run("BlockBasedTable", seeds(), FuzzDriver.iterations(250_000),
        BlockBasedTableFuzzTest::openAndRead, BlockBasedTableFuzzTest::fixChecksums);
    assertThat(accepted).isGreaterThan(0);
  }
}
