package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.BytewiseComparator;
import io.strata.api.KeyComparator;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.memtable.MemTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A memtable whose entries live in large slabs rather than in Java objects: a concurrent skip
 * list laid out in an {@link Arena}, after RocksDB's {@code InlineSkipList}
 * (memtable/inlineskiplist.h) over its {@code Arena} (memory/arena.h). A full memtable is a few
 * dozen slab objects, whatever its entry count, so the garbage collector neither traces nor copies
 * its entries; {@link SkipListMemTable} holds four objects per entry.
 *
 * <p>Node layout, every field little-endian, the node 8-byte aligned; a node's address is that
 * of its key-length field, and its tower lies below it, as in RocksDB's {@code Node::Next(n)} at
 * {@code next_[-n]}:
 *
 * <pre>
 * field                  encoding                      width
 * next[height-1] .. next[0]  node addresses, 0 = none  8 bytes each, at address - 8 * (level + 1)
 * key length             int32: user key length + 8    4
 * value length           int32                         4
 * internal key           user key | fixed64(seq << 8 | type)  key length
 * value                  bytes                         value length
 * padding                zero                          to a multiple of 8
 * </pre>
 *
 * <p>A tower's height is drawn at insert time, each extra level with probability 1/{@value
 * #BRANCHING}, up to {@value #MAX_HEIGHT}, from a generator seeded with a fixed value. The head's
 * tower is an on-heap array. Order: {@link InternalKeyComparator}, user key ascending, then
 * sequence descending. With {@link BytewiseComparator} searches compare the slab's bytes with the
 * target in place; with another comparator, on-heap slabs are handed to it in place and off-heap
 * ones are copied per comparison.
 *
 * <p>Memory: {@link #approximateMemoryUsageBytes} is the bytes of every slab allocated (the whole
 * of the slab being filled included), the memory this memtable really holds, so the engine
 * flushes it at most one slab past the write buffer size.
 *
 * <p>Thread safety: one writer at a time ({@link #add}; the engine serializes writers), any number
 * of concurrent lock-free readers. The writer writes a whole node, then links it level by level
 * from the bottom up with release stores; readers load links with acquire loads, so a reader that
 * reaches a node sees its bytes and lower links. A reader sees every node whose insertion
 * finished before its read began, may or may not see one being inserted meanwhile, and always
 * sees a sorted list. Nodes are never removed.
 */
public final class ArenaMemTable implements MemTable {
  /** Tallest tower; 4^12 = 16M entries keep the expected search cost logarithmic. */
  static final int MAX_HEIGHT = 12;
  /** One in {@code BRANCHING} nodes of a level also appears in the level above. */
  static final int BRANCHING = 4;
  /** Bytes of the key-length and value-length fields. */
  static final int HEADER_BYTES = 8;
  /** The address that stands for "no node". */
  static final long NIL = 0;
  /** The address of the head sentinel; its tower is {@link #headNext}. */
  static final long HEAD = -1;
  /** Slab size of the range-tombstone list: tombstones are few. */
  private static final int RANGE_DEL_SLAB_BYTES = 64 << 10;

  private static final long DEFAULT_SEED = 0xdeadbeefL;
  private static final VarHandle HEAD_NEXT = MethodHandles.arrayElementVarHandle(long[].class);

  private final Arena arena;
  private final KeyComparator userComparator;
  /** Whether keys are in bytewise order, compared in place without the comparator. */
  private final boolean bytewise;
  private final long[] headNext = new long[MAX_HEIGHT];
  /** Height of the tallest tower; readers may see a stale value, which is still correct. */
  private volatile int maxHeight = 1;
  private final AtomicLong entryCount = new AtomicLong();
  private final AtomicLong deletionCount = new AtomicLong();
  /** The range tombstones, as RocksDB's second skip list; null in that list itself. */
  private final ArenaMemTable rangeDelTable;

  // Writer-only state.
  private final long[] splice = new long[MAX_HEIGHT];
  /** The last node of each level (head where a level is empty): appends start from here. */
  private final long[] tail = new long[MAX_HEIGHT];
  /** The largest entry, or NIL while empty. */
  private long last = NIL;
  private long randomState = DEFAULT_SEED;

  /**
   * An empty memtable.
   *
   * @param comparator the order of the entries
   * @param slabBytes bytes per slab: a multiple of 8, from 64 to 1 GiB; entries above a quarter
   *     of it get a slab of their own
   * @param offHeap whether the slabs are direct buffers outside the heap rather than arrays
   * @throws NullPointerException if {@code comparator} is null
   * @throws IllegalArgumentException if {@code slabBytes} is out of range
   */
  public ArenaMemTable(InternalKeyComparator comparator, int slabBytes, boolean offHeap) {
    this(comparator, slabBytes, offHeap, true);
  }

  private ArenaMemTable(InternalKeyComparator comparator, int slabBytes, boolean offHeap,
      boolean withRangeDels) {
    checkNotNull(comparator, "comparator");
    checkArgument(slabBytes >= 64 && slabBytes <= (1 << 30) && slabBytes % Arena.ALIGNMENT == 0,
        "slab size must be a multiple of 8 in [64, 2^30] bytes, was %s", slabBytes);
    this.arena = offHeap ? new DirectArena(slabBytes) : new HeapArena(slabBytes);
    this.userComparator = comparator.userComparator();
    this.bytewise = userComparator instanceof BytewiseComparator;
    this.rangeDelTable = withRangeDels ? new ArenaMemTable(comparator,
        Math.min(slabBytes, RANGE_DEL_SLAB_BYTES), offHeap, false) : null;
    Arrays.fill(tail, HEAD);
  }

  /** {@return whether the slabs are off the heap} */
  public boolean offHeap() {
    return arena instanceof DirectArena;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key and value are copied into the slabs; the arrays are not kept.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code sequence} is outside [0, 2^56-1], the entry is
   *     larger than 2^30 bytes, or an entry with the same user key, sequence and type is present
   *     (the memtable is then unchanged)
   */
  @Override
  public void add(long sequence, ValueType type, byte[] userKey, byte[] value) {
    checkNotNull(type, "type");
    checkNotNull(userKey, "userKey");
    checkNotNull(value, "value");
    insert(sequence, type, userKey, 0, userKey.length, value, 0, value.length);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key and value are copied from {@code src} into the slabs, with no intermediate array.
   *
   * @throws IllegalArgumentException if {@code sequence} is outside [0, 2^56-1], the entry is
   *     larger than 2^30 bytes, or an entry with the same user key, sequence and type is present
   *     (the memtable is then unchanged)
   */
  @Override
  public void add(long sequence, ValueType type, byte[] src, int keyOffset, int keyLength,
      int valueOffset, int valueLength) {
    checkNotNull(type, "type");
    checkNotNull(src, "src");
    Objects.checkFromIndexSize(keyOffset, keyLength, src.length);
    Objects.checkFromIndexSize(valueOffset, valueLength, src.length);
    insert(sequence, type, src, keyOffset, keyLength, src, valueOffset, valueLength);
  }

  /** Adds the entry of user key {@code key[keyOffset, +userLength)} and value likewise. */
  private void insert(long sequence, ValueType type, byte[] key, int keyOffset, int userLength,
      byte[] value, int valueOffset, int valueLength) {
    checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
        "sequence out of range: %s", sequence);
    if (type == ValueType.RANGE_DELETION && rangeDelTable != null) {
      rangeDelTable.insert(sequence, type, key, keyOffset, userLength, value, valueOffset,
          valueLength);
      return;
    }
    long payload = (long) HEADER_BYTES + userLength + InternalKey.TRAILER_SIZE + valueLength;
    checkArgument(payload <= (1 << 30), "entry of %s bytes is larger than 2^30", payload);
    long trailer = (sequence << 8) | type.code();
    long successor;
    if (last != NIL && compareNode(last, key, keyOffset, userLength, trailer) < 0) {
      // An append after the largest entry (sequential loads): the tails are the splice, so the
      // insert costs one comparison instead of a search.
      System.arraycopy(tail, 0, splice, 0, MAX_HEIGHT);
      successor = NIL;
    } else {
      successor = findGreaterOrEqual(key, keyOffset, userLength, trailer, splice);
      checkArgument(successor == NIL
          || compareNode(successor, key, keyOffset, userLength, trailer) != 0,
          "duplicate entry at sequence %s", sequence);
    }

    int height = randomHeight();
    int towerBytes = 8 * height;
    int size = (int) ((towerBytes + payload + Arena.ALIGNMENT - 1) & -Arena.ALIGNMENT);
    long node = arena.allocate(size) + towerBytes;
    int keyLength = userLength + InternalKey.TRAILER_SIZE;
    arena.putInt(node, keyLength);
    arena.putInt(node + 4, valueLength);
    arena.put(node + HEADER_BYTES, key, keyOffset, userLength);
    arena.putLong(node + HEADER_BYTES + userLength, trailer);
    arena.put(node + HEADER_BYTES + keyLength, value, valueOffset, valueLength);

    int currentMax = maxHeight;
    if (height > currentMax) {
      for (int level = currentMax; level < height; level++) {
        splice[level] = HEAD;
      }
      // Readers that see the new height before the node find NIL at the new levels of head,
      // and simply descend.
      maxHeight = height;
    }
    for (int level = 0; level < height; level++) {
      arena.putLong(link(node, level), next(splice[level], level));
      setNext(splice[level], level, node); // release: publishes the node's bytes
      if (splice[level] == tail[level]) {
        tail[level] = node;
      }
    }
    if (successor == NIL) {
      last = node;
    }
    entryCount.lazySet(entryCount.get() + 1);
    if (type == ValueType.DELETION) {
      deletionCount.lazySet(deletionCount.get() + 1);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A found value is a fresh copy the caller owns. Allocates nothing else, except one key copy
   * per comparison with an off-heap slab and a comparator other than the bytewise one.
   *
   * @throws NullPointerException if {@code userKey} or {@code result} is null
   * @throws IllegalArgumentException if {@code sequence} is outside [0, 2^56-1]
   */
  @Override
  public boolean get(byte[] userKey, long sequence, GetResult result) {
    checkNotNull(userKey, "userKey");
    checkNotNull(result, "result");
    checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
        "sequence out of range: %s", sequence);
    long trailer = (sequence << 8) | ValueType.FOR_SEEK.code();
    long node = findGreaterOrEqual(userKey, userKey.length, trailer, null);
    // Merge operands are collected newest first and the walk goes on to the key's older entries
    // (level 0 links every node), until a put or a delete ends it.
    for (; node != NIL; node = next(node, 0)) {
      int userLength = keyLength(node) - InternalKey.TRAILER_SIZE;
      if (compareUserKey(node, userLength, userKey, userKey.length) != 0) {
        return false;
      }
      long entryTrailer = arena.getLong(node + HEADER_BYTES + userLength);
      int type = (int) entryTrailer & 0xff;
      long entrySequence = entryTrailer >>> 8;
      if (type == ValueType.MERGE.code()) {
        result.addMergeOperand(entrySequence, value(node));
        continue;
      }
      if (type == ValueType.VALUE.code()) {
        result.setFound(value(node));
      } else {
        result.setDeleted();
      }
      result.setSequence(entrySequence);
      return true;
    }
    return false;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The iterator's {@code key()} and {@code value()} are copies out of the slabs, made once
   * per position. It sees every entry added before each of its moves.
   */
  @Override
  public InternalIterator newIterator() {
    return new ArenaIterator(this);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tombstones are kept in a second memtable of this class, ordered by internal key.
   */
  @Override
  public InternalIterator newRangeTombstoneIterator() {
    return rangeDelTable.newIterator();
  }

  @Override
  public long rangeTombstoneCount() {
    return rangeDelTable.entryCount.get();
  }

  /** {@inheritDoc} The bytes of every slab allocated, range tombstones' included. */
  @Override
  public long approximateMemoryUsageBytes() {
    return arena.allocatedBytes()
        + (rangeDelTable == null ? 0 : rangeDelTable.arena.allocatedBytes());
  }

  /** {@inheritDoc} Range tombstones included. */
  @Override
  public long entryCount() {
    return entryCount.get() + (rangeDelTable == null ? 0 : rangeDelTable.entryCount.get());
  }

  @Override
  public long deletionCount() {
    return deletionCount.get();
  }

  /**
   * {@inheritDoc} The usage counts whole slabs, and an entry that does not fit the rest of a slab
   * starts the next one, leaving at most a quarter of a slab unused: the growth is at most the
   * entries' bytes and a third, plus one slab partly filled, plus the range tombstones' first
   * slab.
   */
  @Override
  public long maxGrowthBytes(long entryBytes) {
    checkArgument(entryBytes >= 0, "entryBytes must be >= 0, was %s", entryBytes);
    return entryBytes + entryBytes / 3 + arena.slabBytes()
        + (rangeDelTable == null ? 0 : rangeDelTable.arena.slabBytes());
  }

  /** The address of {@code node}'s link at {@code level}. */
  private static long link(long node, int level) {
    return node - 8L * (level + 1);
  }

  /** The node after {@code node} at {@code level}, or NIL; an acquire load. */
  long next(long node, int level) {
    return node == HEAD ? (long) HEAD_NEXT.getAcquire(headNext, level)
        : arena.getLongAcquire(link(node, level));
  }

  private void setNext(long node, int level, long next) {
    if (node == HEAD) {
      HEAD_NEXT.setRelease(headNext, level, next);
    } else {
      arena.setLongRelease(link(node, level), next);
    }
  }

  /** The internal key's length of {@code node}, in bytes. */
  int keyLength(long node) {
    return arena.getInt(node);
  }

  /** A fresh copy of {@code node}'s internal key. */
  byte[] key(long node) {
    return arena.copy(node + HEADER_BYTES, keyLength(node));
  }

  /** A fresh copy of {@code node}'s value. */
  byte[] value(long node) {
    return arena.copy(node + HEADER_BYTES + keyLength(node), arena.getInt(node + 4));
  }

  private int compareUserKey(long node, int userLength, byte[] target, int targetUserLength) {
    return compareUserKey(node, userLength, target, 0, targetUserLength);
  }

  private int compareUserKey(long node, int userLength, byte[] target, int targetOffset,
      int targetUserLength) {
    return bytewise
        ? arena.compareBytewise(node + HEADER_BYTES, userLength, target, targetOffset,
            targetUserLength)
        : arena.compare(userComparator, node + HEADER_BYTES, userLength, target, targetOffset,
            targetUserLength);
  }

  /**
   * Compares {@code node}'s internal key with the target whose user key is {@code target[0,
   * targetUserLength)} and whose trailer is {@code targetTrailer}.
   */
  private int compareNode(long node, byte[] target, int targetOffset, int targetUserLength,
      long targetTrailer) {
    int userLength = keyLength(node) - InternalKey.TRAILER_SIZE;
    int r = compareUserKey(node, userLength, target, targetOffset, targetUserLength);
    if (r != 0) {
      return r;
    }
    // Larger trailer (newer) sorts first.
    return Long.compareUnsigned(targetTrailer,
        arena.getLong(node + HEADER_BYTES + userLength));
  }

  /**
   * The first node {@code >=} the target, or NIL; fills {@code prev[level]} (when not null) with
   * the last node {@code <} the target at each level below the current height.
   */
  long findGreaterOrEqual(byte[] target, int targetUserLength, long targetTrailer, long[] prev) {
    return findGreaterOrEqual(target, 0, targetUserLength, targetTrailer, prev);
  }

  private long findGreaterOrEqual(byte[] target, int targetOffset, int targetUserLength,
      long targetTrailer, long[] prev) {
    long x = HEAD;
    int level = maxHeight - 1;
    long known = NIL; // a node already found >= target: skip comparing it again lower down
    while (true) {
      long next = next(x, level);
      if (next != NIL && next != known
          && compareNode(next, target, targetOffset, targetUserLength, targetTrailer) < 0) {
        x = next;
      } else {
        if (prev != null) {
          prev[level] = x;
        }
        if (level == 0) {
          return next;
        }
        known = next;
        level--;
      }
    }
  }

  /** The last node {@code <} the target, or {@link #HEAD} if there is none. */
  long findLessThan(byte[] target, int targetUserLength, long targetTrailer) {
    long x = HEAD;
    int level = maxHeight - 1;
    while (true) {
      long next = next(x, level);
      if (next == NIL || compareNode(next, target, 0, targetUserLength, targetTrailer) >= 0) {
        if (level == 0) {
          return x;
        }
        level--;
      } else {
        x = next;
      }
    }
  }

  /** The last node, or {@link #HEAD} if the list is empty. */
  long findLast() {
    long x = HEAD;
    int level = maxHeight - 1;
    while (true) {
      long next = next(x, level);
      if (next == NIL) {
        if (level == 0) {
          return x;
        }
        level--;
      } else {
        x = next;
      }
    }
  }

  private int randomHeight() {
    int height = 1;
    while (height < MAX_HEIGHT && (nextRandom() & (BRANCHING - 1)) == 0) {
      height++;
    }
    return height;
  }

  /** Marsaglia's xorshift64*; the high bits are the well-mixed ones. */
  private int nextRandom() {
    long x = randomState;
    x ^= x >>> 12;
    x ^= x << 25;
    x ^= x >>> 27;
    randomState = x;
    return (int) ((x * 0x2545F4914F6CDD1DL) >>> 32);
  }
}
