package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.airlift.compress.zstd.ZstdCompressor;
import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Zstandard blocks: written as RocksDB writes them (varint32 size, then a frame, type byte 0x7),
 * read back, and every kind of damage reported as a {@link CorruptionException} naming the file
 * and offset, never as an unchecked exception or a huge allocation.
 */
class ZstdBlockTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final String FILE = "000007.ldb";

  /** db_bench-like values: half of each is random, half repeats it, so they compress to 1/2. */
  private static TreeMap<byte[], byte[]> entries(int n, boolean compressible) {
    Random rnd = new Random(n);
    TreeMap<byte[], byte[]> m = new TreeMap<>(ICMP);
    for (int i = 0; i < n; i++) {
      byte[] uk = String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
      byte[] value = new byte[100];
      rnd.nextBytes(value);
      if (compressible) {
        System.arraycopy(value, 0, value, 50, 50);
      }
      m.put(InternalKeys.encode(uk, i + 1, ValueType.VALUE), value);
    }
    return m;
  }

  private static MemFile write(CompressionType compression, Map<byte[], byte[]> m)
      throws IOException {
    MemFile f = new MemFile();
    BlockBasedTableBuilder b = new BlockBasedTableBuilder(Options.defaults(), compression, ICMP, f);
    for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
      b.add(e.getKey(), e.getValue());
    }
    b.finish();
    return f;
  }

  @Test
  void zstdTableRoundTripsWithRocksDbBlockLayout() throws Exception {
    TreeMap<byte[], byte[]> m = entries(3000, true);
    MemFile f = write(CompressionType.ZSTD, m);
    TableLayout layout = TableLayout.read(f, FILE, f.size());
    assertThat(layout.dataBlockTypes()).isNotEmpty().containsOnly(0x7);
    // The first data block: varint32 uncompressed size, then the frame's magic 0xFD2FB528.
    BlockHandle first = layout.dataBlocks().get(0);
    byte[] stored = BlockReader.readWithTrailer(f, FILE, f.size(), first.offset(),
        first.size(), true);
    int[] pos = {0};
    long declared = Coding.getVarint32(stored, pos, (int) first.size());
    assertThat(declared).isBetween(4096L, 4096L + 1024);
    assertThat(Coding.getFixed32(stored, pos[0])).isEqualTo(0xFD2FB528);
    assertThat(BlockReader.decode(stored, (int) first.size(), FILE, first.offset()).size())
        .isEqualTo((int) declared);

    MemFile snappy = write(CompressionType.SNAPPY, m);
    assertThat(f.size()).isLessThan(snappy.size());
    assertThat(TableChecker.check(f, FILE, f.size(), ICMP).entries()).isEqualTo(m.size());
    try (BlockBasedTable t = BlockBasedTable.open(f, FILE, f.size(), ICMP,
        new CaffeineBlockCache(0), true);
        InternalIterator it = t.newIterator(true, false)) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : m.entrySet()) {
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(e.getKey());
        assertThat(it.value()).isEqualTo(e.getValue());
        it.next();
      }
      assertThat(it.isValid()).isFalse();
    }
  }

  @Test
  void incompressibleBlocksAreStoredAsIs() throws Exception {
    MemFile f = write(CompressionType.ZSTD, entries(500, false));
    assertThat(TableLayout.read(f, FILE, f.size()).dataBlockTypes()).containsOnly(0);
  }

  /** A stored zstd block: varint32 {@code declared}, then a frame of {@code contents}. */
  private static byte[] block(long declared, byte[] contents) {
    ZstdCompressor z = new ZstdCompressor();
    byte[] frame = new byte[z.maxCompressedLength(contents.length)];
    int n = z.compress(contents, 0, contents.length, frame, 0, frame.length);
    byte[] out = new byte[5 + n + 1];
    int p = Coding.putVarint32(out, 0, (int) declared);
    System.arraycopy(frame, 0, out, p, n);
    out[p + n] = 0x7; // the trailer's type byte follows the contents
    return Arrays.copyOf(out, p + n + 1);
  }

  private static void corrupted(byte[] buf, String message) {
    assertThatThrownBy(() -> BlockReader.decode(buf, buf.length - 1, FILE, 4242))
        .isInstanceOfSatisfying(CorruptionException.class, e -> {
          assertThat(e.file()).isEqualTo(FILE);
          assertThat(e.offset()).isEqualTo(4242);
        }).hasMessageContaining(message);
  }

  @Test
  void garbageDeclaredSizeIsCorruptionBeforeAnyAllocation() {
    byte[] contents = new byte[10_000];
    Arrays.fill(contents, (byte) 'x');
    // 4 GiB - 1, 1 GiB and 65 MiB: each more than the frame can hold and above the maximum.
    for (long declared : new long[] {0xffffffffL, 1L << 30, 65L << 20}) {
      corrupted(block(declared, contents), "uncompressed size " + declared);
    }
    // Within the bounds, but not what the frame header says.
    corrupted(block(20_000, contents), "frame content size 10000 differs from the block's 20000");
    corrupted(block(9_999, contents), "differs");
    // A size varint running past the block.
    corrupted(new byte[] {(byte) 0x80, (byte) 0x80, 0x7}, "bad uncompressed size varint");
    corrupted(new byte[] {0x7}, "bad uncompressed size varint");
  }

  @Test
  void badFrameIsCorruption() {
    byte[] contents = "a block of a table, a block of a table".getBytes(StandardCharsets.UTF_8);
    byte[] bad = block(contents.length, contents);
    bad[1] ^= 0x55; // inside the frame's magic number
    corrupted(bad, "corrupted zstd compressed block contents");
    byte[] garbage = new byte[64];
    new Random(1).nextBytes(garbage);
    garbage[0] = 40; // declared size 40
    garbage[63] = 0x7;
    corrupted(garbage, "corrupted zstd compressed block");
  }

  /**
   * Random damage to real zstd blocks (flipped and replaced bytes, cut-short frames): each decode
   * returns the declared number of bytes or throws CorruptionException naming the block. Bounded
   * by an iteration count; the seed is printed for a replay.
   */
  @Test
  void fuzzedZstdBlocksAreDecodedOrReportedAsCorruption() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("zstd fuzz seed " + seed);
    Random rnd = new Random(seed);
    MemFile f = write(CompressionType.ZSTD, entries(2000, true));
    TableLayout layout = TableLayout.read(f, FILE, f.size());
    int decoded = 0;
    int corrupt = 0;
    for (int round = 0; round < 3000; round++) {
      BlockHandle h = layout.dataBlocks().get(rnd.nextInt(layout.dataBlocks().size()));
      byte[] stored = BlockReader.readWithTrailer(f, FILE, f.size(), h.offset(), h.size(), true);
      int n = (int) h.size();
      switch (rnd.nextInt(4)) {
        case 0 -> stored[rnd.nextInt(n)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> {
          for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
            stored[rnd.nextInt(n)] = (byte) rnd.nextInt(256);
          }
        }
        case 2 -> stored[rnd.nextInt(Math.min(n, 8))] = (byte) rnd.nextInt(256); // size, header
        default -> {
          int cut = 1 + rnd.nextInt(n - 1);
          stored[cut] = 0x7;
          n = cut;
        }
      }
      try {
        Block b = BlockReader.decode(stored, n, FILE, h.offset());
        assertThat(b.size()).isPositive();
        decoded++;
      } catch (CorruptionException e) {
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.offset()).isEqualTo(h.offset());
        corrupt++;
      } catch (RuntimeException | Error e) {
        fail("seed " + seed + ", round " + round + ": " + e, e);
      }
    }
    assertThat(corrupt).isPositive();
    assertThat(decoded + corrupt).isEqualTo(3000);
  }
}
