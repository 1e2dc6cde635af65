package io.strata.core.table;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bloom filter over every user key of a table, kept in an extra meta block that LevelDB
 * ignores: a point lookup asks it before searching the index, so a table that cannot hold the
 * key costs one cache line instead of an index search and a per-block filter probe (LevelDB's
 * filter block is per 2 KiB of data, reachable only through the index). All probes of a key fall
 * in one 64-byte block of the filter, as in RocksDB's cache-local bloom filters. Immutable once
 * built; thread-safe.
 *
 * <p>Layout of the meta block named {@value #META_KEY} in the metaindex (stored uncompressed,
 * with the usual type byte and masked CRC32C trailer):
 *
 * <pre>
 * field     encoding                    width
 * probes    byte, 1 to 30               1
 * blocks    fixed32 little-endian       4     number of 64-byte blocks, at least 1
 * bits      64-bit words little-endian  64 * blocks
 * </pre>
 *
 * A key's 64-bit hash ({@link #hash}) picks the block from its high 32 bits and the bits from its
 * low 32 bits: bit {@code (x + j * delta) mod 512} for probe {@code j}, {@code x} the low bits and
 * {@code delta} their rotation right by 17, forced odd.
 */
final class FullFilter {
  /** The metaindex key of the block. */
  static final String META_KEY = "strata.filter.full";
  static final byte[] META_KEY_BYTES = META_KEY.getBytes(StandardCharsets.US_ASCII);

  private static final int BLOCK_BITS = 512;
  private static final int WORDS_PER_BLOCK = BLOCK_BITS / 64;
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int probes;
  private final int blocks;
  private final long[] words;

  private FullFilter(int probes, int blocks, long[] words) {
    this.probes = probes;
    this.blocks = blocks;
    this.words = words;
  }

  /** A 64-bit hash of {@code key[off, off+len)}; fixed: it decides the on-disk bits. */
  static long hash(byte[] key, int off, int len) {
    long h = 0x9E3779B97F4A7C15L ^ (len * 0xC2B2AE3D27D4EB4FL);
    int p = off;
    int end = off + len;
    while (end - p >= 8) {
      h ^= mix((long) LONG_LE.get(key, p));
      h = Long.rotateLeft(h, 27) * 0x9E3779B97F4A7C15L + 0x52DCE729L;
      p += 8;
    }
    long tail = 0;
    for (int shift = 0; p < end; p++, shift += 8) {
      tail |= (key[p] & 0xffL) << shift;
    }
    h ^= mix(tail);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long mix(long v) {
    return Long.rotateLeft(v * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
  }

  /**
   * Builds the block contents for {@code count} key hashes at {@code bitsPerKey} bits per key.
   * REQUIRES {@code bitsPerKey >= 1}.
   */
  static byte[] build(long[] hashes, int count, int bitsPerKey) {
    int probes = Math.max(1, Math.min(30, (int) Math.round(bitsPerKey * 0.69)));
    long bits = Math.max(1L, (long) count) * bitsPerKey;
    int blocks = (int) Math.max(1, (bits + BLOCK_BITS - 1) / BLOCK_BITS);
    long[] words = new long[blocks * WORDS_PER_BLOCK];
    for (int i = 0; i < count; i++) {
      long h = hashes[i];
      int base = block(h, blocks) * WORDS_PER_BLOCK;
      int x = (int) h;
      int delta = Integer.rotateRight(x, 17) | 1;
      for (int j = 0; j < probes; j++) {
        int bit = x & (BLOCK_BITS - 1);
        words[base + (bit >>> 6)] |= 1L << (bit & 63);
        x += delta;
      }
    }
    byte[] out = new byte[5 + words.length * 8];
    out[0] = (byte) probes;
    Coding.putFixed32(out, 1, blocks);
    for (int i = 0; i < words.length; i++) {
      Coding.putFixed64(out, 5 + 8 * i, words[i]);
    }
    return out;
  }

  /**
   * Parses block contents.
   *
   * @throws CorruptionException if the sizes do not add up or the probe count is out of range
   */
  static FullFilter parse(byte[] contents, String fileName, long offset)
      throws CorruptionException {
    if (contents.length < 5) {
      throw new CorruptionException(fileName, offset, "full filter block of "
          + contents.length + " bytes is shorter than its 5-byte header");
    }
    int probes = contents[0] & 0xff;
    long blocks = Integer.toUnsignedLong(Coding.getFixed32(contents, 1));
    if (probes < 1 || probes > 30 || blocks < 1
        || 5 + blocks * BLOCK_BITS / 8 != contents.length) {
      throw new CorruptionException(fileName, offset, "bad full filter header: " + probes
          + " probes, " + blocks + " blocks in " + contents.length + " bytes");
    }
    long[] words = new long[(int) blocks * WORDS_PER_BLOCK];
    for (int i = 0; i < words.length; i++) {
      words[i] = Coding.getFixed64(contents, 5 + 8 * i);
    }
    return new FullFilter(probes, (int) blocks, words);
  }

  /** False when no key with this {@link #hash} was added; true when one may have been. */
  boolean mayContain(long h) {
    int base = block(h, blocks) * WORDS_PER_BLOCK;
    int x = (int) h;
    int delta = Integer.rotateRight(x, 17) | 1;
    for (int j = 0; j < probes; j++) {
      int bit = x & (BLOCK_BITS - 1);
      if ((words[base + (bit >>> 6)] & (1L << (bit & 63))) == 0) {
        return false;
      }
      x += delta;
    }
    return true;
  }

  /** Bytes the filter holds in memory. */
  long memoryBytes() {
    return words.length * 8L;
  }

  private static int block(long h, int blocks) {
    return (int) (((h >>> 32) * blocks) >>> 32);
  }
}
