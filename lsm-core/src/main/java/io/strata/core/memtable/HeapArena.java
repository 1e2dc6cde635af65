package io.strata.core.memtable;

import io.strata.api.KeyComparator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An {@link Arena} of on-heap {@code byte[]} slabs. A slab is one large array, which G1 places
 * in humongous regions when it is half a region or more: allocated directly in the old
 * generation and never copied by young collections. Thread safety as {@link Arena}.
 */
final class HeapArena extends Arena {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** The slabs by index; published to readers by the release store of a link, see Arena. */
  private byte[][] slabs = new byte[16][];
  private int slabCount;

  HeapArena(int slabBytes) {
    super(slabBytes);
  }

  @Override
  int addSlab(int capacity) {
    if (slabCount == slabs.length) {
      slabs = Arrays.copyOf(slabs, slabCount * 2);
    }
    slabs[slabCount] = new byte[capacity];
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
    System.arraycopy(src, offset, slabs[slab(address)], offset(address), length);
  }

  @Override
  byte[] copy(long address, int length) {
    int from = offset(address);
    return Arrays.copyOfRange(slabs[slab(address)], from, from + length);
  }

  @Override
  int compareBytewise(long address, int length, byte[] b, int bOff, int bLen) {
    int from = offset(address);
    return Arrays.compareUnsigned(slabs[slab(address)], from, from + length, b, bOff,
        bOff + bLen);
  }

  @Override
  int compare(KeyComparator comparator, long address, int length, byte[] b, int bOff,
      int bLen) {
    return comparator.compare(slabs[slab(address)], offset(address), length, b, bOff, bLen);
  }
}
