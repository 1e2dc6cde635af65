package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.BytewiseComparator;
import io.strata.api.KeyComparator;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.memtable.MemTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default memtable: a skip list of encoded internal keys (google/leveldb db/skiplist.h and
 * db/memtable.cc).
 *
 * <p>Each node holds the encoded internal key ({@code user_key | fixed64(sequence << 8 | type)},
 * built once by {@link #add}) and the value array, and a tower of 1 to {@value #MAX_HEIGHT} next
 * pointers. A node's height is drawn at insert time: each extra level with probability 1/{@value
 * #BRANCHING}, from a generator owned by this memtable and seeded with a fixed value, so a run of
 * inserts builds the same shape every time. Nodes are never removed.
 *
 * <p>Thread safety: one writer at a time ({@link #add}; the engine serializes writers), any number
 * of concurrent lock-free readers ({@link #get}, iterators, the size methods). The writer fully
 * builds a node, then links it level by level from the bottom up with release stores; readers
 * load next pointers with acquire loads, so a reader that reaches a node sees its key, value and
 * lower links. A reader sees every node whose insertion finished before its read began, may or
 * may not see one being inserted meanwhile, and always sees a correctly sorted list.
 *
 * <p>Order: {@link InternalKeyComparator}, user key ascending, then sequence descending. Searches
 * compare the user key bytes in place and the trailer as an unsigned long; they allocate nothing.
 */
public final class SkipListMemTable implements MemTable {
  /** Tallest tower; 4^12 = 16M entries keep the expected search cost logarithmic. */
  static final int MAX_HEIGHT = 12;
  /** One in {@code BRANCHING} nodes of a level also appears in the level above. */
  static final int BRANCHING = 4;
  /** Estimated JVM bytes of a node beyond its key and value: headers, fields, array headers. */
  static final int NODE_OVERHEAD_BYTES = 64;
  /** Estimated JVM bytes per next pointer, compressed oops plus the tower's share of padding. */
  static final int LEVEL_OVERHEAD_BYTES = 16;

  private static final long DEFAULT_SEED = 0xdeadbeefL;
  private static final VarHandle NEXT = MethodHandles.arrayElementVarHandle(Node[].class);
  /** Reads an internal key's trailer; package-private for {@link SkipListIterator}. */
  static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final InternalKeyComparator comparator;
  private final KeyComparator userComparator;
  /**
   * Whether keys are in bytewise order, so that nodes can be compared by their 16-byte key
   * prefixes ({@link Node#prefix0}, {@link Node#prefix1}) without touching the key array.
   */
  private final boolean bytewise;
  /** The sentinel before the first node, of full height; never holds an entry. */
  final Node head = new Node(null, null, MAX_HEIGHT, 0, 0);
  /** Height of the tallest tower; readers may see a stale value, which is still correct. */
  private volatile int maxHeight = 1;
  private final AtomicLong memoryUsageBytes = new AtomicLong();
  private final AtomicLong entryCount = new AtomicLong();
  private final AtomicLong deletionCount = new AtomicLong();
  /** The range tombstones, as RocksDB's second skip list; null in that list itself. */
  private final SkipListMemTable rangeDelTable;

  // Writer-only state.
  private final Node[] splice = new Node[MAX_HEIGHT];
  /** The last node of each level (head where a level is empty): appends start from here. */
  private final Node[] tail = new Node[MAX_HEIGHT];
  /** The largest entry, or null while empty. */
  private Node last;
  private long randomState;

  /** An empty memtable ordered by {@code comparator}. */
  public SkipListMemTable(InternalKeyComparator comparator) {
    this(comparator, DEFAULT_SEED);
  }

  /** An empty memtable whose tower heights come from a generator seeded with {@code seed}. */
  SkipListMemTable(InternalKeyComparator comparator, long seed) {
    this(comparator, seed, true);
  }

  private SkipListMemTable(InternalKeyComparator comparator, long seed, boolean withRangeDels) {
    this.rangeDelTable = withRangeDels ? new SkipListMemTable(comparator, seed, false) : null;
    this.comparator = checkNotNull(comparator, "comparator");
    this.userComparator = comparator.userComparator();
    this.bytewise = userComparator instanceof BytewiseComparator;
    this.randomState = seed == 0 ? DEFAULT_SEED : seed; // xorshift must not start at 0
    java.util.Arrays.fill(tail, head);
  }

  /** The order of the entries. */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code sequence} is outside [0, 2^56-1] or an entry with
   *     the same user key, sequence and type is present (the memtable is then unchanged)
   */
  @Override
  public void add(long sequence, ValueType type, byte[] userKey, byte[] value) {
    checkNotNull(type, "type");
    checkNotNull(userKey, "userKey");
    checkNotNull(value, "value");
    checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
        "sequence out of range: %s", sequence);
    if (type == ValueType.RANGE_DELETION && rangeDelTable != null) {
      rangeDelTable.add(sequence, type, userKey, value);
      return;
    }
    byte[] key = InternalKeys.encode(userKey, sequence, type);
    long trailer = (sequence << 8) | type.code();
    Node successor;
    if (last != null && compareToTarget(last.key, key, userKey.length, trailer) < 0) {
      // An append after the largest entry (sequential loads): the tails are the splice, so the
      // insert costs one comparison instead of a search.
      System.arraycopy(tail, 0, splice, 0, MAX_HEIGHT);
      successor = null;
    } else {
      successor = findGreaterOrEqual(key, userKey.length, trailer, splice);
      checkArgument(successor == null || compareToTarget(successor.key, key, userKey.length,
          trailer) != 0, "duplicate entry at sequence %s", sequence);
    }

    int height = randomHeight();
    int currentMax = maxHeight;
    if (height > currentMax) {
      for (int level = currentMax; level < height; level++) {
        splice[level] = head;
      }
      // Readers that see the new height before the node find null at the new levels of head,
      // and simply descend.
      maxHeight = height;
    }
    Node node = new Node(key, value, height, prefix(key, 0, userKey.length),
        prefix(key, 8, userKey.length));
    for (int level = 0; level < height; level++) {
      node.setNextPlain(level, splice[level].next(level));
      splice[level].setNext(level, node); // release: publishes the node's contents
      if (splice[level] == tail[level]) {
        tail[level] = node;
      }
    }
    if (successor == null) {
      last = node;
    }
    memoryUsageBytes.lazySet(memoryUsageBytes.get() + key.length + value.length
        + NODE_OVERHEAD_BYTES + (long) LEVEL_OVERHEAD_BYTES * height);
    entryCount.lazySet(entryCount.get() + 1);
    if (type == ValueType.DELETION) {
      deletionCount.lazySet(deletionCount.get() + 1);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A found value is a fresh copy the caller owns. Allocates nothing else.
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
    Node node = findGreaterOrEqual(userKey, userKey.length, trailer, null);
    // Merge operands are collected newest first and the walk goes on to the key's older entries
    // (level 0 links every node), until a put or a delete ends it.
    for (; node != null; node = node.next(0)) {
      byte[] key = node.key;
      int userLength = key.length - InternalKey.TRAILER_SIZE;
      if (userComparator.compare(key, 0, userLength, userKey, 0, userKey.length) != 0) {
        return false;
      }
      int type = key[userLength] & 0xff;
      long entrySequence = (long) LONG_LE.get(key, userLength) >>> 8;
      if (type == ValueType.MERGE.code()) {
        result.addMergeOperand(entrySequence, node.value.clone());
        continue;
      }
      if (type == ValueType.VALUE.code()) {
        result.setFound(node.value.clone());
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
   * <p>The iterator's {@code key()} and {@code value()} return the memtable's own arrays without
   * copying; callers must not modify them. It sees every entry added before each of its moves.
   */
  @Override
  public InternalIterator newIterator() {
    return new SkipListIterator(this);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tombstones are kept in a second skip list of this class, ordered by internal key.
   */
  @Override
  public InternalIterator newRangeTombstoneIterator() {
    return rangeDelTable.newIterator();
  }

  @Override
  public long rangeTombstoneCount() {
    return rangeDelTable.entryCount.get();
  }

  /** {@inheritDoc} Range tombstones included. */
  @Override
  public long approximateMemoryUsageBytes() {
    return memoryUsageBytes.get()
        + (rangeDelTable == null ? 0 : rangeDelTable.memoryUsageBytes.get());
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
   * As {@link #compareToTarget}, deciding from the 16-byte prefixes when they differ. For bytewise
   * order that is exact: the first differing byte of the zero-padded prefixes is the first
   * differing byte of the keys, or a padding zero against a real byte, where the shorter key is a
   * prefix of the longer and sorts first. Equal prefixes fall back to the full comparison.
   */
  private int compareNode(Node node, byte[] target, int targetUserLength, long targetTrailer,
      long t0, long t1) {
    if (bytewise) {
      if (node.prefix0 != t0) {
        return Long.compareUnsigned(node.prefix0, t0);
      }
      if (node.prefix1 != t1) {
        return Long.compareUnsigned(node.prefix1, t1);
      }
    }
    return compareToTarget(node.key, target, targetUserLength, targetTrailer);
  }

  /** Big-endian bytes {@code [from, from+8)} of {@code key[0, length)}, zero past its end. */
  private static long prefix(byte[] key, int from, int length) {
    if (length >= from + 8) {
      return (long) LONG_BE.get(key, from);
    }
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (i < length ? key[i] & 0xff : 0);
    }
    return v;
  }

  /**
   * Compares a node's internal key with the target whose user key is {@code target[0,
   * targetUserLength)} and whose trailer is {@code targetTrailer}.
   */
  private int compareToTarget(byte[] nodeKey, byte[] target, int targetUserLength,
      long targetTrailer) {
    int nodeUserLength = nodeKey.length - InternalKey.TRAILER_SIZE;
    int r = userComparator.compare(nodeKey, 0, nodeUserLength, target, 0, targetUserLength);
    if (r != 0) {
      return r;
    }
    // Larger trailer (newer) sorts first.
    return Long.compareUnsigned(targetTrailer, (long) LONG_LE.get(nodeKey, nodeUserLength));
  }

  /**
   * The first node {@code >=} the target, or null; fills {@code prev[level]} (when not null) with
   * the last node {@code <} the target at each level below the current height.
   */
  Node findGreaterOrEqual(byte[] target, int targetUserLength, long targetTrailer,
      Node[] prev) {
    long t0 = prefix(target, 0, targetUserLength);
    long t1 = prefix(target, 8, targetUserLength);
    Node x = head;
    int level = maxHeight - 1;
    Node known = null; // a node already found >= target: skip comparing it again lower down
    while (true) {
      Node next = x.next(level);
      if (next != null && next != known
          && compareNode(next, target, targetUserLength, targetTrailer, t0, t1) < 0) {
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

  /** The last node {@code <} the target, or {@link #head} if there is none. */
  Node findLessThan(byte[] target, int targetUserLength, long targetTrailer) {
    long t0 = prefix(target, 0, targetUserLength);
    long t1 = prefix(target, 8, targetUserLength);
    Node x = head;
    int level = maxHeight - 1;
    while (true) {
      Node next = x.next(level);
      if (next == null
          || compareNode(next, target, targetUserLength, targetTrailer, t0, t1) >= 0) {
        if (level == 0) {
          return x;
        }
        level--;
      } else {
        x = next;
      }
    }
  }

  /** The last node, or {@link #head} if the list is empty. */
  Node findLast() {
    Node x = head;
    int level = maxHeight - 1;
    while (true) {
      Node next = x.next(level);
      if (next == null) {
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

  /** A skip-list node; key and value are immutable once published. */
  static final class Node {
    final byte[] key;
    final byte[] value;
    /** Big-endian user-key bytes 0-7 and 8-15, zero-padded; used only in bytewise order. */
    final long prefix0;
    final long prefix1;
    private final Node[] next;

    Node(byte[] key, byte[] value, int height, long prefix0, long prefix1) {
      this.key = key;
      this.value = value;
      this.prefix0 = prefix0;
      this.prefix1 = prefix1;
      this.next = new Node[height];
    }

    Node next(int level) {
      return (Node) NEXT.getAcquire(next, level);
    }

    void setNext(int level, Node node) {
      NEXT.setRelease(next, level, node);
    }

    /** For a node not yet published. */
    void setNextPlain(int level, Node node) {
      next[level] = node;
    }
  }
}
