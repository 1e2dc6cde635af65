package io.strata.core.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableReadStats;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uncompressed data blocks of a memory-mapped table read as views of the mapping: the values
 * they give, the checksum still verified (damage reported with file and offset), and the mapping
 * kept until the last lookup or iterator using a view is done.
 */
class MappedBlockViewTest {
  private static final int ENTRIES = 5000;
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(Options.defaults().comparator());

  @TempDir Path dir;
  private final LocalFileSystem fs = new LocalFileSystem();

  private Path write(CompressionType compression) throws Exception {
    Options options = Options.builder().compression(compression).build();
    Path path = dir.resolve("000007.ldb");
    try (WritableFile out = fs.newWritableFile(path)) {
      TableBuilder b = new BlockBasedTableBuilder(options, ICMP, out);
      for (int i = 0; i < ENTRIES; i++) {
        b.add(InternalKeys.encode(key(i), i + 1, ValueType.VALUE), value(i));
      }
      b.finish();
    }
    return path;
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "x".repeat(i % 97)).getBytes(UTF_8);
  }

  private BlockBasedTable open(Path path) throws Exception {
    ReadableFile file = fs.newReadableFile(path);
    assertThat(file.isMemoryMapped()).isTrue();
    return BlockBasedTable.open(file, path.getFileName().toString(), file.size(), ICMP,
        new CaffeineBlockCache(8 << 20), false);
  }

  /** Offset of the {@code n}th data block (0-based), from the table's index. */
  private static long blockOffset(BlockBasedTable t, int n) {
    return t.approximateOffsetOf(InternalKeys.encode(firstKeyOfBlock(t, n),
        InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
  }

  /** A user key in data block {@code n}: the first key of it, found by scanning. */
  private static byte[] firstKeyOfBlock(BlockBasedTable t, int n) {
    try {
      Block b = t.dataBlock(n, false, false, TableReadStats.NONE);
      BlockIterator it = new BlockIterator(b, ICMP);
      it.seekToFirst();
      byte[] k = it.key();
      return java.util.Arrays.copyOf(k, k.length - InternalKey.TRAILER_SIZE);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void uncompressedBlocksAreViewsAndGiveTheWrittenValues() throws Exception {
    try (BlockBasedTable t = open(write(CompressionType.NONE))) {
      assertThat(t.usesViews()).isTrue();
      t.enterViews();
      try {
        assertThat(t.dataBlock(0, true, true, TableReadStats.NONE).isView()).isTrue();
      } finally {
        t.exitViews();
      }
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < ENTRIES; i++) {
          GetResult r = new GetResult();
          assertThat(t.get(key(i), InternalKey.MAX_SEQUENCE, r, true, true)).isTrue();
          assertThat(r.value()).isEqualTo(value(i));
        }
      }
      int n = 0;
      try (InternalIterator it = t.newIterator(true, true)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          assertThat(it.value()).isEqualTo(value(n));
          n++;
        }
        for (it.seekToLast(); it.isValid(); it.prev()) {
          n--;
          assertThat(it.key()).startsWith(key(n));
        }
        it.seek(InternalKeys.encode(key(4321), InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
        assertThat(it.valueCopy()).isEqualTo(value(4321));
      }
      assertThat(n).isZero();
    }
  }

  @Test
  void compressedBlocksOfAMappedFileAreCopiedAndCached() throws Exception {
    CaffeineBlockCache cache = new CaffeineBlockCache(8 << 20);
    Path path = write(CompressionType.SNAPPY);
    ReadableFile file = fs.newReadableFile(path);
    try (BlockBasedTable t = BlockBasedTable.open(file, "000007.ldb", file.size(), ICMP, cache,
        true)) {
      t.enterViews();
      try {
        assertThat(t.dataBlock(0, true, true, TableReadStats.NONE).isView()).isFalse();
      } finally {
        t.exitViews();
      }
      for (int i = 0; i < ENTRIES; i += 3) {
        GetResult r = new GetResult();
        assertThat(t.get(key(i), InternalKey.MAX_SEQUENCE, r, true, true)).isTrue();
        assertThat(r.value()).isEqualTo(value(i));
      }
      assertThat(cache.hits()).isPositive();
    }
  }

  @Test
  void aDamagedMappedBlockIsACorruptionNamingFileAndOffset() throws Exception {
    Path path = write(CompressionType.NONE);
    long offset;
    byte[] inThirdBlock;
    try (BlockBasedTable t = open(path)) {
      assertThat(t.numDataBlocks()).isGreaterThan(3);
      offset = blockOffset(t, 2);
      inThirdBlock = firstKeyOfBlock(t, 2);
    }
    assertThat(offset).isPositive();
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.seek(offset + 10);
      int b = f.read();
      f.seek(offset + 10);
      f.write(b ^ 0x08);
    }
    try (BlockBasedTable t = open(path)) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> t.get(inThirdBlock, InternalKey.MAX_SEQUENCE, new GetResult(),
            true, true))
            .isInstanceOf(CorruptionException.class)
            .hasMessageContaining("000007.ldb at offset " + offset)
            .hasMessageContaining("checksum mismatch");
      }
      try (InternalIterator it = t.newIterator(true, false)) {
        it.seekToFirst();
        assertThatThrownBy(() -> {
          while (it.isValid()) {
            it.next();
          }
        }).isInstanceOf(CorruptionException.class)
            .hasMessageContaining("000007.ldb at offset " + offset);
      }
      // Blocks before the damaged one still read.
      GetResult r = new GetResult();
      assertThat(t.get(key(0), InternalKey.MAX_SEQUENCE, r, true, true)).isTrue();
      assertThat(r.value()).isEqualTo(value(0));
    }
  }

  @Test
  void aDamagedRestartArrayInAnUnverifiedViewIsACorruptionNamingFileAndOffset()
      throws Exception {
    Path path = write(CompressionType.NONE);
    long offset;
    long size;
    byte[] inSecondBlock;
    try (BlockBasedTable t = open(path)) {
      offset = blockOffset(t, 1);
      size = blockOffset(t, 2) - offset - BlockBasedTableBuilder.BLOCK_TRAILER_SIZE;
      inSecondBlock = firstKeyOfBlock(t, 1);
    }
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.seek(offset + size - 4); // the restart count: far more restarts than fit
      f.write(new byte[] {(byte) 0xff, (byte) 0xff, 0, 0});
    }
    try (BlockBasedTable t = open(path)) {
      assertThatThrownBy(() -> t.get(inSecondBlock, InternalKey.MAX_SEQUENCE, new GetResult(),
          false, true))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("000007.ldb at offset " + offset)
          .hasMessageContaining("restarts do not fit");
    }
  }

  @Test
  void stepsAcrossBlocksInBothDirectionsReadTheWrittenEntries() throws Exception {
    try (BlockBasedTable t = open(write(CompressionType.NONE));
        InternalIterator it = t.newIterator(true, false)) {
      int blocks = t.numDataBlocks();
      assertThat(blocks).isGreaterThan(10);
      for (int n = 1; n < blocks; n++) {
        // Land on block n's first entry, step back into block n-1, then forward again.
        byte[] first = firstKeyOfBlock(t, n);
        int i = Integer.parseInt(new String(first, UTF_8).substring(3));
        it.seek(InternalKeys.encode(first, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
        assertThat(it.value()).isEqualTo(value(i));
        it.prev();
        assertThat(it.key()).startsWith(key(i - 1));
        assertThat(it.value()).isEqualTo(value(i - 1));
        it.next();
        assertThat(it.key()).startsWith(key(i));
        it.next();
        assertThat(it.valueCopy()).isEqualTo(value(i + 1));
      }
    }
  }

  @Test
  void theCloseActionRunsOnceAfterTheIteratorHasLetGoOfTheTable() throws Exception {
    Path path = write(CompressionType.NONE);
    AtomicInteger closes = new AtomicInteger();
    ReadableFile counted = counting(fs.newReadableFile(path), closes);
    BlockBasedTable t = BlockBasedTable.open(counted, "000007.ldb", counted.size(), ICMP,
        new CaffeineBlockCache(0), false);
    AtomicInteger actions = new AtomicInteger();
    AtomicInteger closesAtAction = new AtomicInteger(-1);
    InternalIterator it = t.newIterator(true, false, TableReadStats.NONE, () -> {
      actions.incrementAndGet();
      closesAtAction.set(closes.get());
    });
    int n = 0;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      assertThat(it.value()).isEqualTo(value(n));
      n++;
    }
    assertThat(n).isEqualTo(ENTRIES);
    t.close(); // the mapping stays while the iterator uses views
    assertThat(closes).hasValue(0);
    it.close();
    it.close();
    assertThat(actions).hasValue(1);
    assertThat(closesAtAction).as("the table's file was let go of before the action").hasValue(1);
  }

  /** {@code mapped}, counting its closes in {@code closes}. */
  private static ReadableFile counting(ReadableFile mapped, AtomicInteger closes) {
    return new ReadableFile() {
      @Override
      public long size() throws java.io.IOException {
        return mapped.size();
      }

      @Override
      public void readFully(long position, byte[] dst, int offset, int length)
          throws java.io.IOException {
        mapped.readFully(position, dst, offset, length);
      }

      @Override
      public int read(long position, byte[] dst, int offset, int length)
          throws java.io.IOException {
        return mapped.read(position, dst, offset, length);
      }

      @Override
      public boolean isMemoryMapped() {
        return true;
      }

      @Override
      public ByteBuffer mappedView(long position, int length) throws java.io.IOException {
        return mapped.mappedView(position, length);
      }

      @Override
      public void close() throws java.io.IOException {
        closes.incrementAndGet();
        mapped.close();
      }
    };
  }

  @Test
  void closingKeepsTheMappingUntilTheLastIteratorIsDone() throws Exception {
    Path path = write(CompressionType.NONE);
    AtomicInteger closes = new AtomicInteger();
    ReadableFile mapped = fs.newReadableFile(path);
    ReadableFile counted = counting(mapped, closes);
    BlockBasedTable t = BlockBasedTable.open(counted, "000007.ldb", counted.size(), ICMP,
        new CaffeineBlockCache(0), false);
    InternalIterator it = t.newIterator(true, false);
    it.seekToFirst();
    t.close();
    assertThat(closes).hasValue(0);
    assertThatThrownBy(() -> t.get(key(1), InternalKey.MAX_SEQUENCE, new GetResult(), true,
        true)).isInstanceOf(ClosedChannelException.class);
    // The open iterator still reads its block and the next ones: the file is still mapped.
    int n = 0;
    for (; it.isValid(); it.next()) {
      assertThat(it.value()).isEqualTo(value(n));
      n++;
    }
    assertThat(n).isEqualTo(ENTRIES);
    it.close();
    assertThat(closes).hasValue(1);
    assertThatThrownBy(() -> mapped.mappedView(0, 1)).isInstanceOf(ClosedChannelException.class);
    t.close(); // idempotent
    assertThat(closes).hasValue(1);
  }

  @Test
  void aTableWithoutViewsClosesItsFileAtOnce() throws Exception {
    Path path = write(CompressionType.NONE);
    ReadableFile file = fs.newReadableFileInUse(path);
    BlockBasedTable t = BlockBasedTable.open(file, "000007.ldb", file.size(), ICMP,
        new CaffeineBlockCache(0), false);
    assertThat(t.usesViews()).isFalse();
    InternalIterator it = t.newIterator(true, false);
    it.seekToFirst();
    t.close();
    assertThatThrownBy(() -> file.read(0, new byte[1], 0, 1))
        .isInstanceOf(ClosedChannelException.class);
    it.close();
  }
}
