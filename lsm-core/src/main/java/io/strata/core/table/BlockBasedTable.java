package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.table.TableReadStats;
import io.strata.api.spi.table.TableReader;
import io.strata.api.spi.table.TableProperties;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open LevelDB 1.23 table (google/leveldb {@code table/table.cc}, {@code table/format.cc};
 * layout in {@link BlockBasedTableBuilder}).
 *
 * <p>{@link #open} reads the footer, the index block and the filter blocks, always checking their
 * checksums, and keeps the index and one filter in this object: the index decoded into arrays
 * (one key and one handle per data block) and the filter as is, the whole-table filter
 * ({@code strata.filter.full}) when the table has one, else LevelDB's per-block filter. Data
 * blocks are read on demand through the {@link BlockCache}, under a cache id this table takes at
 * open; a cached block is shared, never copied.
 *
 * <p>Blocks are read by {@link BlockReader}, which checks the handle, verifies the trailer's
 * CRC32C when asked (always under paranoid checks) and decompresses; every fault is a
 * {@link CorruptionException} naming the file and the block's offset.
 *
 * <p>A data block stored uncompressed in a memory-mapped file is not copied: it is a
 * {@link Block} over a view of the mapping ({@link ReadableFile#mappedView}), its checksum
 * verified when it is read, and at most once per open table, since the page cache hands back the
 * same bytes each time. As in LevelDB, such a block never enters the block cache, which holds
 * decompressed blocks only, read from the file as arrays and verified when read (a block taken
 * from the cache is not verified again).
 *
 * <p>A view is valid only while the mapping is: {@link #close()} would unmap it under a reader.
 * So every user of views registers in {@code viewUsers} first (a lookup for its duration, an
 * iterator from its first block until it is closed), and {@link #close()} closes the file at
 * once only when no user is registered; otherwise the last user to leave closes it. A lookup or
 * iterator that starts after {@link #close()} touches no view and throws
 * {@link ClosedChannelException}. In the engine, the {@code TableCache} closes a table only when
 * its last handle is released, and lookups and iterators hold a handle while they run, so the
 * count only guards direct users of the table (tools, tests) and iterators left open.
 *
 * <p>Thread-safe: immutable after open; any number of threads may read at once. Owns the file,
 * closed by {@link #close()}.
 */
public final class BlockBasedTable implements TableReader {
  private static final Logger LOG = LoggerFactory.getLogger(BlockBasedTable.class);
  /** {@link #viewUsers}: the closed flag, in bit 0. */
  private static final long CLOSED = 1;
  /** {@link #viewUsers}: one registered user, counted in bits 1 and up. */
  private static final long USER = 2;
  private static final byte[] FILTER_KEY =
      ("filter." + BloomFilterPolicy.NAME).getBytes(StandardCharsets.US_ASCII);

  private final ReadableFile file;
  private final String fileName;
  private final long fileSizeBytes;
  private final InternalKeyComparator comparator;
  private final BlockIterator.RangeComparator rangeComparator;
  private final KeyComparator userComparator;
  private final BlockCache cache;
  private final long cacheId;
  /** Whether the file is memory-mapped (see {@link #dataBlock}). */
  private final boolean mapped;
  /** Whether uncompressed data blocks are read as views of the file's mapping. */
  private final boolean views;
  /** Users of views registered (times {@link #USER}) and the closed flag; see the class doc. */
  private final AtomicLong viewUsers = new AtomicLong();
  /** Whether the file was closed: by {@link #close()} or by the last user of views after it. */
  private final AtomicBoolean fileClosed = new AtomicBoolean();
  /** Per data block: known to be stored uncompressed; plain writes, only ever set to true. */
  private final boolean[] uncompressedBlock;
  /** Per data block of a mapped file: its checksum was checked since the table was opened. */
  private final boolean[] verifiedBlock;
  private final boolean paranoidChecks;
  private final BlockHandle metaindexHandle;
  // Decoded index: data block i holds keys <= indexKeys[i] and > indexKeys[i-1].
  private final byte[][] indexKeys;
  private final long[] blockOffsets;
  private final long[] blockSizes;
  private final FilterBlockReader filter; // null when the table has none
  private final FullFilter fullFilter; // null in tables written without it (LevelDB's)
  private final TableProperties properties;
  private final Block rangeDelBlock; // null when the table has no range tombstones

  private BlockBasedTable(ReadableFile file, boolean views, String fileName, long fileSizeBytes,
      InternalKeyComparator comparator, BlockCache cache, boolean paranoidChecks,
      BlockHandle metaindexHandle, byte[][] indexKeys, long[] blockOffsets, long[] blockSizes,
      FilterBlockReader filter, FullFilter fullFilter, TableProperties properties,
      Block rangeDelBlock) {
    this.file = file;
    this.fileName = fileName;
    this.fileSizeBytes = fileSizeBytes;
    this.comparator = comparator;
    this.rangeComparator = comparator::compare;
    this.userComparator = comparator.userComparator();
    this.cache = cache;
    this.cacheId = cache.newId();
    this.paranoidChecks = paranoidChecks;
    this.metaindexHandle = metaindexHandle;
    this.indexKeys = indexKeys;
    this.blockOffsets = blockOffsets;
    this.mapped = file.isMemoryMapped();
    this.views = views;
    this.uncompressedBlock = new boolean[blockOffsets.length];
    this.verifiedBlock = new boolean[blockOffsets.length];
    this.blockSizes = blockSizes;
    this.filter = filter;
    this.fullFilter = fullFilter;
    this.properties = properties;
    this.rangeDelBlock = rangeDelBlock;
  }

  /**
   * Opens the table in {@code file}: reads and checks the footer, index and filter blocks. On
   * failure the file is closed.
   *
   * @param fileName the name used in error messages
   * @param fileSizeBytes the table's size, as the MANIFEST records it
   * @param cache where data blocks are cached; pass a cache of capacity 0 to cache nothing
   * @param paranoidChecks verify the checksum of every block read, whatever the caller asks
   * @throws CorruptionException if the file is too short, the footer's magic number is wrong, or
   *     the index, metaindex or filter block is damaged
   * @throws IOException if reading fails
   */
  public static BlockBasedTable open(ReadableFile file, String fileName, long fileSizeBytes,
      InternalKeyComparator comparator, BlockCache cache, boolean paranoidChecks)
      throws IOException {
    checkNotNull(file, "file");
    checkNotNull(fileName, "fileName");
    checkNotNull(comparator, "comparator");
    checkNotNull(cache, "cache");
    try {
      return doOpen(file, fileName, fileSizeBytes, comparator, cache, paranoidChecks);
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** An index block's separator keys and the offsets and sizes of the blocks they point at. */
  private record DecodedIndex(List<byte[]> keys, long[] offsets, long[] sizes) {}

  /**
   * Decodes every entry of the index block. A method of its own so that the JIT compiles this
   * loop, which runs for every index entry of every table opened, without the rest of {@link
   * #doOpen}: an on-stack replacement of that whole method took the C2 compiler up to a second
   * (JFR {@code jdk.Compilation}) while compactions waited for the CPU.
   */
  private static DecodedIndex decodeIndex(Block index, InternalKeyComparator comparator,
      String fileName, long indexOffset) throws IOException {
    List<byte[]> keys = new ArrayList<>();
    List<BlockHandle> handles = new ArrayList<>();
    BlockIterator it = new BlockIterator(index, comparator);
    for (it.seekToFirst(); it.isValid(); it.next()) {
      keys.add(it.key());
      handles.add(BlockHandle.decode(it.valueArray(), it.valueOffset(), it.valueLength(),
          fileName, indexOffset));
    }
    long[] offsets = new long[handles.size()];
    long[] sizes = new long[handles.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = handles.get(i).offset();
      sizes[i] = handles.get(i).size();
    }
    return new DecodedIndex(keys, offsets, sizes);
  }

  private static BlockBasedTable doOpen(ReadableFile file, String fileName, long fileSizeBytes,
      InternalKeyComparator comparator, BlockCache cache, boolean paranoidChecks)
      throws IOException {
    Footer footer = Footer.read(file, fileName, fileSizeBytes);

    Block index = BlockReader.readBlock(file, fileName, fileSizeBytes, footer.indexHandle(), true);
    DecodedIndex decoded = decodeIndex(index, comparator, fileName, footer.indexHandle().offset());
    List<byte[]> keys = decoded.keys();
    long[] offsets = decoded.offsets();
    long[] sizes = decoded.sizes();

    FilterBlockReader filter = null;
    Block metaindex =
        BlockReader.readBlock(file, fileName, fileSizeBytes, footer.metaindexHandle(), true);
    BlockIterator meta =
        new BlockIterator(metaindex, BytewiseComparator.INSTANCE::compare, 0);
    meta.seek(FILTER_KEY);
    if (meta.isValid() && Arrays.equals(meta.keyBuffer(), 0, meta.keyLength(), FILTER_KEY, 0,
        FILTER_KEY.length)) {
      BlockHandle fh = BlockHandle.decode(meta.valueArray(), meta.valueOffset(),
          meta.valueLength(), fileName, footer.metaindexHandle().offset());
      byte[] filterContents = BlockReader.readRaw(file, fileName, fileSizeBytes, fh, true);
      // The probe count is read from each filter, so the policy's bits per key do not matter.
      filter = new FilterBlockReader(new BloomFilterPolicy(1), filterContents,
          filterContents.length);
    }
    FullFilter fullFilter = null;
    meta.seek(FullFilter.META_KEY_BYTES);
    if (meta.isValid() && Arrays.equals(meta.keyBuffer(), 0, meta.keyLength(),
        FullFilter.META_KEY_BYTES, 0, FullFilter.META_KEY_BYTES.length)) {
      BlockHandle fh = BlockHandle.decode(meta.valueArray(), meta.valueOffset(),
          meta.valueLength(), fileName, footer.metaindexHandle().offset());
      fullFilter = FullFilter.parse(BlockReader.readRaw(file, fileName, fileSizeBytes, fh, true),
          fileName, fh.offset());
      // A table with both filters (every table Strata writes with a filter, so that LevelDB
      // can read it) keeps only the whole-table one: get never probes LevelDB's then, and held
      // for every open table it cost the heap about 90 KB per table of 7 MB. It was still
      // read and checked above, so damage to it is reported at open as before.
      filter = null;
    }
    TableProperties properties = new TableProperties(TableProperties.UNKNOWN, keys.size(),
        TableProperties.UNKNOWN, TableProperties.UNKNOWN, TableProperties.UNKNOWN);
    meta.seek(TablePropertiesBlock.META_KEY_BYTES);
    if (meta.isValid() && Arrays.equals(meta.keyBuffer(), 0, meta.keyLength(),
        TablePropertiesBlock.META_KEY_BYTES, 0, TablePropertiesBlock.META_KEY_BYTES.length)) {
      BlockHandle ph = BlockHandle.decode(meta.valueArray(), meta.valueOffset(),
          meta.valueLength(), fileName, footer.metaindexHandle().offset());
      properties = TablePropertiesBlock.parse(
          BlockReader.readBlock(file, fileName, fileSizeBytes, ph, true), keys.size(), fileName,
          ph.offset());
    }
    Block rangeDel = null;
    meta.seek(RangeDelBlock.META_KEY_BYTES);
    if (meta.isValid() && Arrays.equals(meta.keyBuffer(), 0, meta.keyLength(),
        RangeDelBlock.META_KEY_BYTES, 0, RangeDelBlock.META_KEY_BYTES.length)) {
      BlockHandle rh = BlockHandle.decode(meta.valueArray(), meta.valueOffset(),
          meta.valueLength(), fileName, footer.metaindexHandle().offset());
      rangeDel = BlockReader.readBlock(file, fileName, fileSizeBytes, rh, true);
    }
    // A view of nothing tells whether the file hands out views of its mapping at all.
    boolean views = file.isMemoryMapped() && file.mappedView(0, 0) != null;
    return new BlockBasedTable(file, views, fileName, fileSizeBytes, comparator, cache,
        paranoidChecks,
        footer.metaindexHandle(), keys.toArray(new byte[0][]), offsets, sizes, filter,
        fullFilter, properties, rangeDel);
  }

  // --- point lookups ---

  /**
   * As {@link #get(byte[], long, GetResult, boolean, boolean, TableReadStats)}, counting
   * nothing.
   */
  @Override
  public boolean get(byte[] userKey, long sequence, GetResult result, boolean verifyChecksums,
      boolean fillCache) throws IOException {
    return get(userKey, sequence, result, verifyChecksums, fillCache, TableReadStats.NONE);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Asks the whole-table filter first; then finds the one data block that may hold the key
   * through the index, asks LevelDB's per-block filter about that block in a table without a
   * whole-table filter, and only then reads (or takes from the cache) the block and seeks in it.
   * Counts one filter probe when the table has a filter (negative when it rules the key out),
   * the table read when a data block is, and the block's cache hit or miss.
   *
   * @throws IllegalArgumentException if {@code sequence} is outside [0, 2^56-1]
   * @throws CorruptionException if a block read is damaged; {@code result} then holds at most
   *     the merge operands found before it
   */
  @Override
  public boolean get(byte[] userKey, long sequence, GetResult result, boolean verifyChecksums,
      boolean fillCache, TableReadStats stats) throws IOException {
    checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
        "sequence out of range: %s", sequence);
    if (fullFilter != null
        && !fullFilter.mayContain(FullFilter.hash(userKey, 0, userKey.length))) {
      stats.filterProbed(true);
      return false; // the whole-table filter rules the key out: no index search needed
    }
    byte[] target = InternalKeys.encode(userKey, sequence, ValueType.FOR_SEEK);
    int i = findBlock(target);
    if (i == indexKeys.length) {
      if (fullFilter != null) {
        stats.filterProbed(false);
      }
      return false;
    }
    // The per-block filter only when there is no whole-table filter: after the whole-table
    // filter said yes, it rules out only that filter's false positives (about 1% at 10 bits per
    // key), and probing it cost 23% of a readrandom get at 10M keys, a cache miss on every table
    // that holds the key.
    if (fullFilter == null && filter != null
        && !filter.keyMayMatch(blockOffsets[i], userKey, 0, userKey.length)) {
      stats.filterProbed(true);
      return false;
    }
    if (fullFilter != null || filter != null) {
      stats.filterProbed(false);
    }
    stats.tableRead();
    if (!views) {
      return getInBlocks(i, target, userKey, result, verifyChecksums, fillCache, stats);
    }
    enterViews();
    try {
      return getInBlocks(i, target, userKey, result, verifyChecksums, fillCache, stats);
    } finally {
      exitViews();
    }
  }

  /**
   * The lookup of {@code userKey} ({@code target} encoded for a seek) from data block {@code i}
   * on; values are copied out of the blocks, so no view of the mapping outlives it.
   */
  private boolean getInBlocks(int i, byte[] target, byte[] userKey, GetResult result,
      boolean verifyChecksums, boolean fillCache, TableReadStats stats) throws IOException {
    Block block = dataBlock(i, verifyChecksums, fillCache, stats);
    BlockIterator it = new BlockIterator(block, rangeComparator, InternalKey.TRAILER_SIZE);
    it.seek(target);
    // Merge operands are collected newest first and the walk goes on to the key's older entries,
    // into the next data blocks if they continue there, until a put or a delete ends it.
    while (true) {
      if (!it.isValid()) {
        if (!result.hasMergeOperands() || ++i == indexKeys.length) {
          return false;
        }
        block = dataBlock(i, verifyChecksums, fillCache, stats);
        it = new BlockIterator(block, rangeComparator, InternalKey.TRAILER_SIZE);
        it.seekToFirst();
        continue;
      }
      byte[] k = it.keyBuffer();
      int userLen = it.keyLength() - InternalKey.TRAILER_SIZE;
      if (userComparator.compare(k, 0, userLen, userKey, 0, userKey.length) != 0) {
        return false;
      }
      int type = k[userLen] & 0xff;
      long entrySequence = InternalKeys.trailer(k, 0, it.keyLength()) >>> 8;
      if (type == ValueType.MERGE.code()) {
        result.addMergeOperand(entrySequence, it.valueCopy());
        it.next();
        continue;
      }
      if (type == ValueType.VALUE.code()) {
        result.setFound(it.valueCopy());
      } else if (type == ValueType.DELETION.code()) {
        result.setDeleted();
      } else {
        throw new CorruptionException(fileName, blockOffsets[i],
            "bad value type " + type + " in a data block entry");
      }
      result.setSequence(entrySequence);
      return true;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The {@value RangeDelBlock#META_KEY} block is read and checked when the table is opened;
   * the iterator reads it from memory.
   */
  @Override
  public InternalIterator newRangeTombstoneIterator() {
    return rangeDelBlock == null
        ? new io.strata.core.iterator.EmptyIterator() : new BlockIterator(rangeDelBlock, comparator);
  }

  /** Index of the first data block whose index key is {@code >= target}; n if none. */
  int findBlock(byte[] target) {
    int lo = 0;
    int hi = indexKeys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      byte[] k = indexKeys[mid];
      if (comparator.compare(k, 0, k.length, target, 0, target.length) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // --- iteration ---

  /**
   * {@inheritDoc}
   *
   * <p>A two-level iterator: the decoded index picks the data block, a block iterator walks it.
   * Moves throw {@link CorruptionException} for a damaged block. Not thread-safe; this table must
   * stay open while it is used.
   */
  @Override
  public InternalIterator newIterator(boolean verifyChecksums, boolean fillCache) {
    return newIterator(verifyChecksums, fillCache, TableReadStats.NONE);
  }

  /** As {@link #newIterator(boolean, boolean)}, counting each data block's cache hit or miss. */
  @Override
  public InternalIterator newIterator(boolean verifyChecksums, boolean fillCache,
      TableReadStats stats) {
    return newIterator(verifyChecksums, fillCache, stats, () -> { });
  }

  /**
   * As {@link #newIterator(boolean, boolean, TableReadStats)}, running {@code onClose} once when
   * the iterator is first closed, after it has let go of this table: what keeps the table open
   * for the iterator (a table-cache reference) is released there, with no iterator wrapped
   * around this one to do it. A scan's step then crosses one call fewer.
   *
   * @throws NullPointerException if {@code stats} or {@code onClose} is null
   */
  public InternalIterator newIterator(boolean verifyChecksums, boolean fillCache,
      TableReadStats stats, Runnable onClose) {
    return new BlockBasedTableIterator(this, verifyChecksums, fillCache,
        checkNotNull(stats, "stats"), checkNotNull(onClose, "onClose"));
  }

  int numDataBlocks() {
    return indexKeys.length;
  }

  BlockIterator.RangeComparator rangeComparator() {
    return rangeComparator;
  }

  /** Whether data blocks may be views of the file's mapping: see {@link #enterViews()}. */
  boolean usesViews() {
    return views;
  }

  /**
   * Registers a user of views: until its {@link #exitViews()}, the file stays open (and mapped),
   * so that the blocks {@link #dataBlock} returns stay readable.
   *
   * @throws ClosedChannelException if the table is closed; nothing is registered then
   */
  void enterViews() throws ClosedChannelException {
    if ((viewUsers.getAndAdd(USER) & CLOSED) != 0) {
      exitViews();
      throw new ClosedChannelException();
    }
  }

  /**
   * Ends a registration of {@link #enterViews()}; the last user to leave a closed table closes
   * its file. The blocks read since the registration must not be touched afterwards.
   */
  void exitViews() {
    if (viewUsers.addAndGet(-USER) == CLOSED) {
      try {
        closeFile();
      } catch (IOException e) {
        // Nothing was written through the file; a failed close loses nothing.
        LOG.warn("closing table file {} failed", fileName, e);
      }
    }
  }

  /**
   * Data block {@code i}, from the cache or the file; counts a cache hit, or a miss when read
   * from the file (a mapped uncompressed block, never cached, is a miss). When the table
   * {@linkplain #usesViews() uses views}, the caller must be registered by {@link #enterViews()}
   * until it no longer touches the block.
   */
  Block dataBlock(int i, boolean verifyChecksums, boolean fillCache, TableReadStats stats)
      throws IOException {
    long offset = blockOffsets[i];
    // As LevelDB: an uncompressed block of a memory-mapped file is read from the page cache
    // each time and never put in the block cache, which then holds decompressed blocks only
    // (and must never hold a view: it would outlive the mapping).
    boolean mappedRaw = mapped && uncompressedBlock[i];
    if (!mappedRaw) {
      Block b = cache.get(cacheId, offset);
      if (b != null) {
        stats.blockCacheHit();
        return b;
      }
    }
    stats.blockCacheMiss();
    int n = (int) blockSizes[i];
    // The checksum of a mapped block is checked once per open table: its bytes come from the
    // page cache, the same bytes each time (a reopened table checks again).
    boolean verify = (verifyChecksums || paranoidChecks) && !(mappedRaw && verifiedBlock[i]);
    if (views) {
      // Null only from a file that stopped offering views; it is then read as any other.
      Block b = BlockReader.readMappedBlock(file, fileName, fileSizeBytes, offset, n, verify);
      if (b != null) {
        return loaded(i, b, b.isView(), verify, fillCache);
      }
    }
    byte[] buf = BlockReader.readWithTrailer(file, fileName, fileSizeBytes, offset, n, verify);
    Block b = BlockReader.decode(buf, n, fileName, offset);
    return loaded(i, b, mapped && (buf[n] & 0xff) == CompressionType.NONE.code(), verify,
        fillCache);
  }

  /**
   * Records what reading data block {@code i} from the file found: a mapped uncompressed block
   * is remembered as such (and as verified, if it was), anything else goes to the cache when
   * {@code fillCache}. Returns {@code b}.
   */
  private Block loaded(int i, Block b, boolean mappedUncompressed, boolean verified,
      boolean fillCache) {
    if (mappedUncompressed) {
      // Benign races: a reader seeing a stale false only looks in the cache or checks again.
      // Written once: a store on every read would move the array's cache line between the
      // cores of concurrent readers.
      if (verified) {
        verifiedBlock[i] = true;
      }
      if (!uncompressedBlock[i]) {
        uncompressedBlock[i] = true;
      }
    } else if (fillCache) {
      cache.put(cacheId, blockOffsets[i], b);
    }
    return b;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The offset of the data block that would hold {@code internalKey}; for a key past the last
   * block, the offset of the metaindex block (about the file's size, less filter and index).
   */
  @Override
  public long approximateOffsetOf(byte[] internalKey) {
    int i = findBlock(internalKey);
    // Past the last key: the data ends where the metaindex starts (filter block excluded).
    return i < blockOffsets.length ? blockOffsets[i] : metaindexHandle.offset();
  }

  @Override
  public TableProperties properties() {
    // From the properties block; LevelDB's tables have none, so only the block count is known.
    return properties;
  }

  /** The file's name, as given at open. */
  public String fileName() {
    return fileName;
  }

  /**
   * Whether this reader probes a filter: the whole-table filter, or in a table without one
   * LevelDB's per-block filter.
   */
  public boolean hasFilter() {
    return fullFilter != null || filter != null;
  }

  /** {@return the bytes of filter this reader holds in the heap; 0 in a table without one} */
  long filterMemoryBytes() {
    return (fullFilter == null ? 0 : fullFilter.memoryBytes())
        + (filter == null ? 0 : filter.memoryBytes());
  }

  /**
   * {@inheritDoc}
   *
   * <p>When lookups or iterators still use views of the file's mapping, the file is closed when
   * the last of them is done (see the class comment); a lookup or a first block read after this
   * call throws {@link ClosedChannelException}.
   *
   * @throws IOException if closing the file fails
   */
  @Override
  public void close() throws IOException {
    long s;
    do {
      s = viewUsers.get();
      if ((s & CLOSED) != 0) {
        return;
      }
    } while (!viewUsers.compareAndSet(s, s | CLOSED));
    if (s == 0) {
      closeFile();
    }
  }

  private void closeFile() throws IOException {
    if (fileClosed.compareAndSet(false, true)) {
      file.close();
    }
  }

  @Override
  public String toString() {
    return "BlockBasedTable{" + fileName + ", " + fileSizeBytes + " bytes, "
        + indexKeys.length + " data blocks}";
  }
}
