package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.KeyComparator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory for {@link ArenaMemTable} nodes, carved out of large slabs (RocksDB's {@code Arena},
 * memory/arena.h): one Java object per slab instead of several per entry, so a full memtable is a
 * few dozen objects the garbage collector never traces into.
 *
 * <p>Addresses are longs: {@code (slab index + 1) << 32 | offset in the slab}, so that 0 is never
 * an address and can stand for "no node". Every allocation is a multiple of 8 bytes at an offset
 * that is a multiple of 8, so the 8-byte links inside it can be read and written atomically.
 *
 * <p>Slabs are {@link #slabBytes()} each; a request above a quarter of that gets a slab of its own
 * of exactly its size, so that a large value wastes no more than a small one (RocksDB does the
 * same above a quarter of its block size). Memory is never freed piece by piece: the slabs go
 * with the arena.
 *
 * <p>Thread safety: one writer ({@link #allocate} and the plain stores); any number of readers,
 * which must obtain every address they read through an acquire load ({@link #getLongAcquire}) of
 * a link the writer published with a release store ({@link #setLongRelease}) after writing the
 * node. That pair orders the slab table, the slab and the node's bytes before the reader's loads,
 * so the slab table itself needs no volatile access.
 */
abstract class Arena {
  /** Alignment of every allocation, in bytes. */
  static final int ALIGNMENT = 8;

  private final int slabBytes;
  private final AtomicLong allocatedBytes = new AtomicLong();
  // Writer-only state.
  private int currentSlab = -1;
  private int position;

  /**
   * @param slabBytes bytes per slab: a multiple of 8, at least 64
   */
  Arena(int slabBytes) {
    checkArgument(slabBytes >= 64 && slabBytes % ALIGNMENT == 0,
        "slab size must be a multiple of 8 of at least 64 bytes, was %s", slabBytes);
    this.slabBytes = slabBytes;
  }

  /** Bytes per ordinary slab. */
  final int slabBytes() {
    return slabBytes;
  }

  /** Bytes of every slab allocated so far; readable from any thread. */
  final long allocatedBytes() {
    return allocatedBytes.get();
  }

  /**
   * Reserves {@code bytes} bytes, a multiple of 8, and returns the address of the first. The
   * memory reads as zero. Writer only.
   */
  final long allocate(int bytes) {
    if (bytes > slabBytes / 4) {
      int slab = addSlab(bytes);
      allocatedBytes.lazySet(allocatedBytes.get() + bytes);
      return address(slab, 0);
    }
    if (currentSlab < 0 || position + bytes > slabBytes) {
      currentSlab = addSlab(slabBytes);
      position = 0;
      allocatedBytes.lazySet(allocatedBytes.get() + slabBytes);
    }
    long address = address(currentSlab, position);
    position += bytes;
    return address;
  }

  static long address(int slab, int offset) {
    return ((long) (slab + 1) << 32) | offset;
  }

  static int slab(long address) {
    return (int) (address >>> 32) - 1;
  }

  static int offset(long address) {
    return (int) address;
  }

  /** Adds a zeroed slab of {@code capacity} bytes to the slab table; returns its index. */
  abstract int addSlab(int capacity);

  /** The aligned 8 bytes at {@code address}, with acquire semantics. */
  abstract long getLongAcquire(long address);

  /** Stores the aligned 8 bytes at {@code address} with release semantics. */
  abstract void setLongRelease(long address, long value);

  /** Plain store of 8 bytes, for a node not yet published. */
  abstract void putLong(long address, long value);

  /** Plain little-endian load of 8 bytes, aligned or not. */
  abstract long getLong(long address);

  /** Plain store of 4 bytes, for a node not yet published. */
  abstract void putInt(long address, int value);

  /** Plain load of 4 aligned bytes. */
  abstract int getInt(long address);

  /** Copies {@code src[offset, offset+length)} to {@code address}. */
  abstract void put(long address, byte[] src, int offset, int length);

  /** A fresh copy of the {@code length} bytes at {@code address}. */
  abstract byte[] copy(long address, int length);

  /**
   * Compares the {@code length} bytes at {@code address} with {@code b[bOff, bOff+bLen)} as
   * unsigned bytes, shorter first on a common prefix ({@code BytewiseComparator}'s order).
   */
  abstract int compareBytewise(long address, int length, byte[] b, int bOff, int bLen);

  /**
   * Compares the {@code length} bytes at {@code address} with {@code b[bOff, bOff+bLen)} by
   * {@code comparator}, handing it the slab itself where the slab is an array.
   */
  abstract int compare(KeyComparator comparator, long address, int length, byte[] b, int bOff,
      int bLen);
}
