package io.strata.core.memtable;

import io.strata.api.KeyComparator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An {@link Arena} of off-heap slabs ({@link ByteBuffer#allocateDirect}), as Cassandra's {@code
 * offheap_objects} memtable keeps cell data outside the heap. The heap holds one small buffer
 * object per slab; the memory is returned when the garbage collector finds the buffer unreachable
 * (the JDK's cleaner), so a retired memtable's slabs live until a collection reaches them, and
 * count against {@code -XX:MaxDirectMemorySize} (default: the maximum heap size) until then.
 * Thread safety as {@link Arena}.
 */
final class DirectArena extends Arena {
  private static final VarHandle LONG =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle ARRAY_LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** The slabs by index; published to readers by the release store of a link, see Arena. */
  private ByteBuffer[] slabs = new ByteBuffer[16];
  private int slabCount;

  DirectArena(int slabBytes) {
    super(slabBytes);
  }

  @Override
  int addSlab(int capacity) {
    if (slabCount == slabs.length) {
      slabs = Arrays.copyOf(slabs, slabCount * 2);
    }
    // Links are read with acquire loads, which need 8-byte aligned memory.
    slabs[slabCount] = ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT);
    return slabCount++;
  }

  @Override
  long getLongAcquire(long address) {
    return (long) LONG.getAcquire(slabs[slab(address)], offset(address));
  }

  @Override
  void setLongRelease(long address, long value) {
    LONG.setRelease(slabs[slab(address)], offset(address), value);
  }

  @Override
  void putLong(long address, long value) {
    LONG.set(slabs[slab(address)], offset(address), value);
  }

  @Override
  long getLong(long address) {
    return (long) LONG.get(slabs[slab(address)], offset(address));
  }

  @Override
  void putInt(long address, int value) {
    INT.set(slabs[slab(address)], offset(address), value);
  }

  @Override
  int getInt(long address) {
    return (int) INT.get(slabs[slab(address)], offset(address));
  }

  @Override
  void put(long address, byte[] src, int offset, int length) {
    slabs[slab(address)].put(offset(address), src, offset, length);
  }

  @Override
  byte[] copy(long address, int length) {
    byte[] out = new byte[length];
    slabs[slab(address)].get(offset(address), out, 0, length);
    return out;
  }

  @Override
  int compareBytewise(long address, int length, byte[] b, int bOff, int bLen) {
    ByteBuffer slab = slabs[slab(address)];
    int from = offset(address);
    int common = Math.min(length, bLen);
    int i = 0;
    // Eight bytes at a time: big-endian longs compare as unsigned the way their bytes do.
    for (; i + 8 <= common; i += 8) {
      long x = (long) LONG_BE.get(slab, from + i);
      long y = bigEndianLong(b, bOff + i);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; i < common; i++) {
      int r = Integer.compare(slab.get(from + i) & 0xff, b[bOff + i] & 0xff);
      if (r != 0) {
        return r;
      }
    }
    return Integer.compare(length, bLen);
  }

  private static long bigEndianLong(byte[] b, int offset) {
    return (long) ARRAY_LONG_BE.get(b, offset);
  }

  @Override
  int compare(KeyComparator comparator, long address, int length, byte[] b, int bOff,
      int bLen) {
    return comparator.compare(copy(address, length), 0, length, b, bOff, bLen);
  }
}
