package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.coding.Coding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An iterator over one {@link Block}'s entries, in both directions (google/leveldb
 * {@code table/block.cc}).
 *
 * <p>Seeks binary-search the restart array, comparing the target with the restart keys in place
 * in the block's bytes (no allocation), then decode forward. The current key is rebuilt in a
 * reusable buffer; {@link #key()} and {@link #value()} make a fresh array once per
 * entry, on first call, and only then. A block held in a view of a memory-mapped file (see
 * {@link Block}) is read in place with absolute gets; its restart keys are compared through a
 * scratch buffer of the calling thread.
 *
 * <p>Backward steps (RocksDB {@code table/block_based/block.cc}, {@code DataBlockIter::PrevImpl}
 * and its {@code prev_entries_}): a {@link #prev()} that leaves a restart interval, and {@link
 * #seekToLast()}, decode the entries from the interval's restart point up to the current one once,
 * keeping each entry's offsets and full key in reusable arrays; the following {@code prev()} calls
 * (and {@code next()} calls back over the same entries) are then served from that cache, one key
 * copy each, instead of decoding forward from the restart point for every step as LevelDB does.
 * Values stay where they are in the block, as positions. A seek drops the cache. An interval
 * whose keys exceed {@code MAX_CACHED_KEY_BYTES} or {@code MAX_CACHED_ENTRIES} (only a damaged
 * block or an extreme restart interval) is not cached: each step then decodes forward again.
 *
 * <p>Entries are checked as they are decoded: lengths running past the entries area, a shared
 * prefix longer than the previous key, a restart offset outside the block or a key too short for
 * an internal key raise a {@link CorruptionException} naming the file and block offset.
 *
 * <p>Not thread-safe (confined to one reader); the block itself is shared.
 */
public final class BlockIterator implements InternalIterator {
  /** An order over keys held in array ranges. */
  @FunctionalInterface
  public interface RangeComparator {
    /** Compares {@code a[aOff, aOff+aLen)} with {@code b[bOff, bOff+bLen)}. */
    int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen);
  }

  /** Stores a long into a byte array, little-endian, as the view block reads it. */
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Most key bytes one restart interval may cache for backward steps. */
  static final int MAX_CACHED_KEY_BYTES = 256 * 1024;
  /** Most entries one restart interval may cache for backward steps. */
  static final int MAX_CACHED_ENTRIES = 8192;
  /**
   * Each thread's copy of a view block's restart key, compared in a seek's binary search: a
   * lookup makes an iterator per block it reads, and one array per iterator was a third of a
   * get's garbage. Used within one comparison only, so an iterator passed between threads
   * never shares it.
   */
  private static final ThreadLocal<byte[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[64]});
  private static final int[] NO_INTS = new int[0];
  private static final byte[] NO_BYTES = new byte[0];
  /** Ints per cached entry: offset, key offset in cacheKeys, key length, value offset, length. */
  private static final int CACHE_STRIDE = 5;

  private final RangeComparator comparator;
  private final int minKeyLength;

  private Block block;
  private byte[] data; // the block's array, or null when it is a view
  private ByteBuffer view; // the block's view, or null when it is an array
  private int restarts; // offset of the restart array: the end of the entries
  private int numRestarts;

  private int current; // offset of the current entry; == restarts when invalid
  private int nextOffset; // offset just past the current entry
  private int restartIndex; // restart block holding the current entry
  private byte[] keyBuf = new byte[32];
  private int keyLen;
  private int valueOff;
  private int valueLen;
  private byte[] keyCopy; // key() of the current entry, once made
  private byte[] valueCopy; // value() of the current entry, once made

  // Results of decodeHeader, kept in fields so the hot loop allocates nothing.
  private int hShared;
  private int hNonShared;
  private int hValueLen;
  private int hPos;

  // Entries of one restart interval decoded by a backward step; see the class comment. Valid
  // while cacheSize > 0: the current entry is then the cached entry cachePos.
  private int cacheSize;
  private int cachePos;
  private int cacheRestart; // restart index of the cached interval
  // Made by the first backward step: a point lookup makes an iterator per block it reads and
  // never steps back, and eager arrays cost it 1 KB of garbage per get.
  private int[] cacheEntries = NO_INTS;
  private byte[] cacheKeys = NO_BYTES;

  /**
   * An iterator over a block of encoded internal keys (data and index blocks).
   *
   * @throws NullPointerException if an argument is null
   */
  public BlockIterator(Block block, InternalKeyComparator comparator) {
    this(block, checkNotNull(comparator, "comparator")::compare, InternalKey.TRAILER_SIZE);
  }

  /**
   * An iterator over a block whose keys {@code comparator} orders.
   *
   * @param minKeyLength keys shorter than this are corruption (8 for internal keys, else 0)
   */
  public BlockIterator(Block block, RangeComparator comparator, int minKeyLength) {
    this.comparator = checkNotNull(comparator, "comparator");
    this.minKeyLength = minKeyLength;
    reset(block);
  }

  /** Points this iterator, unpositioned, at another block; reuses its buffers. */
  void reset(Block newBlock) {
    this.block = checkNotNull(newBlock, "block");
    this.data = newBlock.data();
    this.view = newBlock.view();
    this.restarts = newBlock.restartOffset();
    this.numRestarts = newBlock.numRestarts();
    invalidate();
  }

  private void invalidate() {
    cacheSize = 0;
    current = restarts;
    nextOffset = restarts;
    restartIndex = numRestarts;
    keyLen = 0;
    keyCopy = null;
    valueCopy = null;
  }

  @Override
  public boolean isValid() {
    return current < restarts;
  }

  @Override
  public void seekToFirst() throws CorruptionException {
    cacheSize = 0;
    if (numRestarts == 0) {
      invalidate();
      return;
    }
    seekToRestartPoint(0);
    parseNextKey();
  }

  @Override
  public void seekToLast() throws CorruptionException {
    if (numRestarts == 0) {
      invalidate();
      return;
    }
    // Decodes the last restart interval through the cache: the backward steps that usually
    // follow are then served from it.
    fillCache(numRestarts - 1, restarts);
  }

  @Override
  public void seek(byte[] target) throws CorruptionException {
    seek(target, 0, target.length);
  }

  /** Positions at the first entry whose key is {@code >= target[off, off+len)}. */
  public void seek(byte[] target, int off, int len) throws CorruptionException {
    cacheSize = 0;
    if (numRestarts == 0) {
      invalidate();
      return;
    }
    int left = 0;
    int right = numRestarts - 1;
    int currentCompare = 0;
    if (isValid()) {
      // Narrow the search with the current position: sequential seeks stay near it.
      currentCompare = comparator.compare(keyBuf, 0, keyLen, target, off, len);
      if (currentCompare < 0) {
        left = restartIndex;
      } else if (currentCompare > 0) {
        right = restartIndex;
      } else {
        return; // keys are distinct: already at the first key >= target
      }
    }
    // Last restart point whose key is < target, or 0.
    while (left < right) {
      int mid = (left + right + 1) >>> 1;
      int regionOffset = restartPoint(mid);
      if (!decodeHeader(regionOffset) || hShared != 0) {
        throw block.corruption("bad entry at restart point " + mid);
      }
      if (hNonShared < minKeyLength) {
        throw block.corruption("key of " + hNonShared + " bytes at restart point " + mid);
      }
      if (compareAt(hPos, hNonShared, target, off, len) < 0) {
        left = mid;
      } else {
        right = mid - 1;
      }
    }
    // When the current entry is before target in the same restart block, scan on from it.
    boolean skipSeek = left == restartIndex && currentCompare < 0;
    if (!skipSeek) {
      seekToRestartPoint(left);
    }
    while (parseNextKey()) {
      if (comparator.compare(keyBuf, 0, keyLen, target, off, len) >= 0) {
        return;
      }
    }
  }

  @Override
  public void next() throws CorruptionException {
    checkState(isValid(), "iterator not valid");
    if (cacheSize > 0) {
      if (cachePos + 1 < cacheSize) {
        loadCached(++cachePos);
        return;
      }
      cacheSize = 0; // the entry after the cached ones is decoded from the last of them
    }
    parseNextKey();
  }

  @Override
  public void prev() throws CorruptionException {
    checkState(isValid(), "iterator not valid");
    int index = restartIndex;
    if (cacheSize > 0) {
      if (cachePos > 0) {
        loadCached(--cachePos);
        return;
      }
      index = cacheRestart; // on the interval's first entry: the previous one is before it
      cacheSize = 0;
    }
    int original = current;
    while (restartPoint(index) >= original) {
      if (index == 0) {
        invalidate(); // no entry before the first
        return;
      }
      index--;
    }
    fillCache(index, original);
  }

  /**
   * Decodes the entries from restart point {@code index} on, up to the last one that ends at or
   * after {@code limit}, and rests on that one; caches them all for the backward steps to come,
   * unless they exceed the cache's bounds. Leaves the iterator invalid if the entries end first.
   */
  private void fillCache(int index, int limit) throws CorruptionException {
    cacheSize = 0;
    seekToRestartPoint(index);
    int n = 0;
    int keyBytes = 0;
    boolean caching = true;
    do {
      if (!parseNextKey()) {
        return;
      }
      if (caching) {
        if (n == MAX_CACHED_ENTRIES || keyLen > MAX_CACHED_KEY_BYTES - keyBytes) {
          caching = false;
          continue;
        }
        int e = n * CACHE_STRIDE;
        if (e + CACHE_STRIDE > cacheEntries.length) {
          cacheEntries = Arrays.copyOf(cacheEntries,
              Math.max(16 * CACHE_STRIDE, cacheEntries.length * 2));
        }
        if (keyBytes + keyLen > cacheKeys.length) {
          cacheKeys = Arrays.copyOf(cacheKeys, Math.min(MAX_CACHED_KEY_BYTES,
              Math.max(keyBytes + keyLen, Math.max(16 * 32, cacheKeys.length * 2))));
        }
        int[] c = cacheEntries;
        c[e] = current;
        c[e + 1] = keyBytes;
        c[e + 2] = keyLen;
        c[e + 3] = valueOff;
        c[e + 4] = valueLen;
        System.arraycopy(keyBuf, 0, cacheKeys, keyBytes, keyLen);
        keyBytes += keyLen;
        n++;
      }
    } while (nextOffset < limit);
    if (caching) {
      cacheSize = n;
      cachePos = n - 1;
      cacheRestart = index;
    }
  }

  /** Makes cached entry {@code i} the current one. */
  private void loadCached(int i) {
    int[] c = cacheEntries;
    int e = i * CACHE_STRIDE;
    int len = c[e + 2];
    System.arraycopy(cacheKeys, c[e + 1], keyBuf, 0, len); // keyBuf held it when it was cached
    keyLen = len;
    current = c[e];
    valueOff = c[e + 3];
    valueLen = c[e + 4];
    nextOffset = valueOff + valueLen;
    // At or after the interval's restart point, perhaps not its last one: a seek's hint only.
    restartIndex = cacheRestart;
    keyCopy = null;
    valueCopy = null;
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator not valid");
    byte[] k = keyCopy;
    if (k == null) {
      k = Arrays.copyOf(keyBuf, keyLen);
      keyCopy = k;
    }
    return k;
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator not valid");
    byte[] v = valueCopy;
    if (v == null) {
      v = copyOf(valueOff, valueLen);
      valueCopy = v;
    }
    return v;
  }

  @Override
  public byte[] valueCopy() {
    checkState(isValid(), "iterator not valid");
    return copyOf(valueOff, valueLen);
  }

  @Override
  public void close() {
    // Holds no resource: the block is garbage-collected or stays in the cache.
  }

  // --- in-place access for the table reader (no copies) ---

  /** The current key's bytes are {@code keyBuffer()[0, keyLength())}; valid until a move. */
  byte[] keyBuffer() {
    return keyBuf;
  }

  int keyLength() {
    return keyLen;
  }

  /**
   * The block's array; the current value is {@code [valueOffset(), +valueLength())}. Only for
   * blocks held in arrays (index and meta blocks always are); use {@link #valueCopy()} otherwise.
   *
   * @throws IllegalStateException if the block is a view of a memory-mapped file
   */
  byte[] valueArray() {
    checkState(data != null, "block %s is not held in an array", block);
    return data;
  }

  int valueOffset() {
    return valueOff;
  }

  int valueLength() {
    return valueLen;
  }

  // --- decoding ---

  /** The block's byte at {@code p}. */
  private byte byteAt(int p) {
    return data != null ? data[p] : view.get(p);
  }

  /** A fresh array of the block's {@code n} bytes at {@code p}. */
  private byte[] copyOf(int p, int n) {
    if (data != null) {
      return Arrays.copyOfRange(data, p, p + n);
    }
    byte[] out = new byte[n];
    view.get(p, out, 0, n);
    return out;
  }

  /** Compares the block's {@code n} bytes at {@code p} with {@code target[off, off+len)}. */
  private int compareAt(int p, int n, byte[] target, int off, int len) {
    if (data != null) {
      return comparator.compare(data, p, n, target, off, len);
    }
    byte[][] holder = SCRATCH.get();
    byte[] scratch = holder[0];
    if (n > scratch.length) {
      scratch = new byte[Math.max(n, scratch.length * 2)];
      holder[0] = scratch;
    }
    copyFromView(p, scratch, 0, n);
    return comparator.compare(scratch, 0, n, target, off, len);
  }

  /**
   * Copies the view block's {@code n} bytes at {@code p} into {@code dst[off...]}, eight at a
   * time: keys and key deltas are short, and a bulk get of a few bytes out of a direct buffer
   * costs more than this loop (it goes through {@code Unsafe.copyMemory} and its checks).
   */
  private void copyFromView(int p, byte[] dst, int off, int n) {
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      LONG_LE.set(dst, off + i, view.getLong(p + i));
    }
    for (; i < n; i++) {
      dst[off + i] = view.get(p + i);
    }
  }

  /** Offset of the restart point {@code index}, checked to lie within the entries area. */
  private int restartPoint(int index) throws CorruptionException {
    int at = restarts + 4 * index;
    int p = data != null ? Coding.getFixed32(data, at) : view.getInt(at);
    if (p < 0 || p > restarts) {
      throw block.corruption("restart point " + index + " at " + Integer.toUnsignedString(p)
          + " is outside the " + restarts + " bytes of entries");
    }
    return p;
  }

  private void seekToRestartPoint(int index) throws CorruptionException {
    keyLen = 0;
    restartIndex = index;
    nextOffset = restartPoint(index);
  }

  /**
   * Decodes the entry after the current one; returns false (and leaves the iterator invalid) at
   * the end of the entries.
   */
  private boolean parseNextKey() throws CorruptionException {
    current = nextOffset;
    keyCopy = null;
    valueCopy = null;
    if (current >= restarts) {
      invalidate();
      return false;
    }
    if (!decodeHeader(current)) {
      throw block.corruption("entry header at block offset " + current + " runs past the "
          + restarts + " bytes of entries");
    }
    int shared = hShared;
    int nonShared = hNonShared;
    if (shared > keyLen) {
      throw block.corruption("entry at block offset " + current + " shares " + shared
          + " bytes of a " + keyLen + "-byte key");
    }
    int p = hPos;
    int newLen = shared + nonShared;
    if (newLen > keyBuf.length) {
      keyBuf = Arrays.copyOf(keyBuf, Math.max(newLen, keyBuf.length * 2));
    }
    if (data != null) {
      System.arraycopy(data, p, keyBuf, shared, nonShared);
    } else {
      copyFromView(p, keyBuf, shared, nonShared);
    }
    keyLen = newLen;
    if (newLen < minKeyLength) {
      throw block.corruption("key of " + newLen + " bytes at block offset " + current);
    }
    valueOff = p + nonShared;
    valueLen = hValueLen;
    nextOffset = valueOff + hValueLen;
    while (restartIndex + 1 < numRestarts && restartPoint(restartIndex + 1) < current) {
      restartIndex++;
    }
    return true;
  }

  /**
   * Decodes the three lengths of the entry at {@code p} into the {@code h*} fields and checks
   * that key delta and value fit before the restart array. Returns false if they do not.
   */
  private boolean decodeHeader(int p) {
    int limit = restarts;
    if (limit - p < 3) {
      return false;
    }
    int shared = byteAt(p);
    int nonShared = byteAt(p + 1);
    int valueLength = byteAt(p + 2);
    if ((shared | nonShared | valueLength) >= 0) {
      // Fast path: all three lengths below 128, one byte each.
      p += 3;
    } else {
      hPos = p;
      shared = readVarint32(limit);
      nonShared = shared < 0 ? -1 : readVarint32(limit);
      valueLength = nonShared < 0 ? -1 : readVarint32(limit);
      if (valueLength < 0) {
        return false;
      }
      p = hPos;
    }
    // Non-negative ints: the sum fits in a long without overflow worries.
    if ((long) nonShared + valueLength > limit - p) {
      return false;
    }
    hShared = shared;
    hNonShared = nonShared;
    hValueLen = valueLength;
    hPos = p;
    return true;
  }

  /** Reads a varint32 at {@code hPos} below {@code limit}; -1 if bad or above 2^31-1. */
  private int readVarint32(int limit) {
    int p = hPos;
    int result = 0;
    for (int shift = 0; shift <= 28 && p < limit; shift += 7) {
      int b = byteAt(p++);
      if (b >= 0) {
        result |= b << shift;
        if (shift == 28 && b > 7) {
          return -1; // above 2^31-1: larger than any block
        }
        hPos = p;
        return result;
      }
      result |= (b & 0x7f) << shift;
    }
    return -1;
  }
}
