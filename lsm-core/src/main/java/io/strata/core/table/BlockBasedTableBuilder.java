package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a LevelDB 1.23 table as LevelDB's {@code TableBuilder} does (google/leveldb
 * {@code table/table_builder.cc}, {@code doc/table_format.md}), plus two meta blocks LevelDB
 * ignores: the whole-table filter ({@link FullFilter}) and the table's properties
 * ({@link TablePropertiesBlock}).
 *
 * <pre>
 * data block*       entries of the table, cut once a block's estimate reaches blockSizeBytes
 * filter block      {@link FilterBlockBuilder} over user keys; absent when bloomBitsPerKey is 0
 * full filter block {@link FullFilter} over user keys; absent when bloomBitsPerKey is 0
 * properties block  {@link TablePropertiesBlock}: entries, tombstones, sequence range
 * metaindex block   "filter.leveldb.BuiltinBloomFilter2" -&gt; filter block handle,
 *                   "strata.filter.full" -&gt; full filter block handle,
 *                   "strata.properties" -&gt; properties block handle
 * index block       per data block: a key &gt;= its last key and &lt; the next block's first key
 *                   -&gt; the data block's handle; restart interval 1
 * footer            {@link Footer}, 48 bytes
 * </pre>
 *
 * Each block is followed by a 5-byte trailer: the compression type byte (0 none, 1 Snappy, 0x7
 * Zstandard; {@link CompressionType}) and the masked CRC32C of the stored contents and the type
 * byte. A block is stored compressed only when that saves at least 12.5%; filter and properties
 * blocks are never compressed. A Zstandard block is RocksDB's ({@code util/compression.h},
 * {@code ZSTD_Compress}): the uncompressed size as a varint32, then one Zstandard frame; a block
 * larger than {@link #MAX_ZSTD_BLOCK_BYTES} uncompressed is stored as is, so that a reader can
 * refuse a larger declared size as corruption.
 *
 * <p>Blocks go to the file through {@link WritableFile#append} only; the builder never flushes,
 * closes or syncs the file, so a buffered file receives the table in writes of its buffer's
 * size.
 *
 * <p>Mutable, not thread-safe. After an
 * {@link IOException} the file's contents are undefined and the builder must be abandoned.
 */
public final class BlockBasedTableBuilder implements TableBuilder {
  static final int BLOCK_TRAILER_SIZE = 5;
  /**
   * The largest uncompressed block stored Zstandard-compressed, in bytes (64 MiB): far above a
   * block's usual size (blockSizeBytes, at most 4 MiB, plus one entry), low enough that a
   * corrupted size never becomes a huge allocation.
   */
  static final int MAX_ZSTD_BLOCK_BYTES = 64 << 20;

  private final InternalKeyComparator comparator;
  private final WritableFile file;
  private final int blockSizeBytes;
  private final CompressionType compression;
  private final BlockBuilder dataBlock;
  private final BlockBuilder indexBlock;
  private final int metaindexRestartInterval;
  private final BloomFilterPolicy filterPolicy;
  private final int bloomBitsPerKey;
  /** {@link FullFilter#hash} of each distinct user key added, for the whole-table filter. */
  private long[] keyHashes = new long[1024];
  private int keyHashCount;
  private final FilterBlockBuilder filterBlock;
  private final TablePropertiesBlock properties = new TablePropertiesBlock();
  /** Null for {@link CompressionType#NONE}. */
  private final Compressor compressor;
  private byte[] compressed = new byte[0];
  private final byte[] trailer = new byte[BLOCK_TRAILER_SIZE];
  private final byte[] handleScratch = new byte[BlockHandle.MAX_ENCODED_LENGTH];

  private long offset;
  private long numEntries;
  private byte[] lastKey = new byte[32]; // the last key added is lastKey[0, lastKeyLength)
  private int lastKeyLength;
  private boolean closed;
  // The index entry of a finished data block is written once the next block's first key is
  // known, so that the index key can be a short separator between the two.
  private boolean pendingIndexEntry;
  private BlockHandle pendingHandle;
  private final List<byte[][]> rangeTombstones = new ArrayList<>(); // {internal key, end}

  /**
   * A builder compressing with {@code options.compression()}.
   *
   * @param options block size, restart interval, compression and bloom bits come from here
   * @param comparator the order of the internal keys to be added
   * @param file where the table is written, from its current end
   */
  public BlockBasedTableBuilder(Options options, InternalKeyComparator comparator,
      WritableFile file) {
    this(options, checkNotNull(options, "options").compression(), comparator, file);
  }

  /**
   * @param options block size, restart interval and bloom bits come from here
   * @param compression the compression of the table's data, metaindex and index blocks
   * @param comparator the order of the internal keys to be added
   * @param file where the table is written, from its current end
   */
  public BlockBasedTableBuilder(Options options, CompressionType compression,
      InternalKeyComparator comparator, WritableFile file) {
    checkNotNull(options, "options");
    this.compression = checkNotNull(compression, "compression");
    this.comparator = checkNotNull(comparator, "comparator");
    this.file = checkNotNull(file, "file");
    this.blockSizeBytes = options.blockSizeBytes();
    this.dataBlock = new BlockBuilder(options.blockRestartInterval(), blockSizeBytes + 1024);
    this.indexBlock = new BlockBuilder(1, 1024);
    // LevelDB builds the metaindex with the table's options, hence the data restart interval.
    this.metaindexRestartInterval = options.blockRestartInterval();
    this.bloomBitsPerKey = options.bloomBitsPerKey();
    this.filterPolicy = options.bloomBitsPerKey() > 0
        ? new BloomFilterPolicy(options.bloomBitsPerKey()) : null;
    this.filterBlock = filterPolicy == null ? null : new FilterBlockBuilder(filterPolicy);
    this.compressor = switch (compression) {
      case NONE -> null;
      case SNAPPY -> new SnappyCompressor();
      case ZSTD -> new ZstdCompressor();
    };
    if (filterBlock != null) {
      filterBlock.startBlock(0);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code internalKey} is shorter than 8 bytes or not
   *     greater than the previous key
   * @throws IllegalStateException after {@link #finish()} or {@link #abandon()}
   */
  @Override
  public void add(byte[] internalKey, byte[] value) throws IOException {
    checkState(!closed, "table builder already finished or abandoned");
    checkArgument(internalKey.length >= InternalKey.TRAILER_SIZE,
        "internal key shorter than 8 bytes: %s", internalKey.length);
    if (numEntries > 0 && comparator.compare(internalKey, 0, internalKey.length, lastKey, 0,
        lastKeyLength) <= 0) {
      throw new IllegalArgumentException("keys out of order: " + describe(internalKey)
          + " after " + describe(lastKey()));
    }
    if (pendingIndexEntry) {
      byte[] separator = IndexKeys.shortestSeparator(comparator, lastKey(), internalKey);
      addIndexEntry(separator, pendingHandle);
      pendingIndexEntry = false;
    }
    if (filterBlock != null) {
      int userLength = internalKey.length - InternalKey.TRAILER_SIZE;
      filterBlock.addKey(internalKey, 0, userLength);
      long h = FullFilter.hash(internalKey, 0, userLength);
      if (keyHashCount == 0 || keyHashes[keyHashCount - 1] != h) { // versions of one key: once
        if (keyHashCount == keyHashes.length) {
          keyHashes = java.util.Arrays.copyOf(keyHashes, keyHashCount * 2);
        }
        keyHashes[keyHashCount++] = h;
      }
    }
    if (lastKey.length < internalKey.length) {
      lastKey = new byte[Math.max(internalKey.length, lastKey.length * 2)];
    }
    System.arraycopy(internalKey, 0, lastKey, 0, internalKey.length);
    lastKeyLength = internalKey.length;
    numEntries++;
    properties.add(internalKey);
    dataBlock.add(internalKey, value);
    if (dataBlock.currentSizeEstimate() >= blockSizeBytes) {
      flush();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The tombstones are held in memory and written, sorted by internal key, as the meta block
   * {@value RangeDelBlock#META_KEY} at {@link #finish()}.
   *
   * @throws IllegalStateException if the builder is finished or abandoned
   */
  @Override
  public void addRangeTombstone(byte[] internalKey, byte[] endUserKey) {
    checkState(!closed, "table builder already finished or abandoned");
    checkArgument(internalKey.length >= InternalKey.TRAILER_SIZE
        && InternalKeys.typeCode(internalKey) == ValueType.RANGE_DELETION.code(),
        "not a range deletion's internal key: %s", describe(internalKey));
    rangeTombstones.add(new byte[][] {internalKey.clone(), endUserKey.clone()});
  }

  private void addIndexEntry(byte[] key, BlockHandle handle) {
    int n = handle.encodeTo(handleScratch, 0);
    indexBlock.add(key, 0, key.length, handleScratch, 0, n);
  }

  /** Writes the current data block, if any, and starts the next. */
  private void flush() throws IOException {
    if (dataBlock.isEmpty()) {
      return;
    }
    pendingHandle = writeBlock(dataBlock);
    pendingIndexEntry = true;
    // No file.flush() per block, unlike LevelDB's TableBuilder::Flush: the file's own buffer
    // turns a table into large writes instead of one write(2) per 4 KiB block. Nothing reads
    // a table before it is finished and synced.
    if (filterBlock != null) {
      filterBlock.startBlock(offset);
    }
  }

  /** Finishes {@code block}, compresses it when worthwhile, writes it; resets the builder. */
  private BlockHandle writeBlock(BlockBuilder block) throws IOException {
    byte[] raw = block.finish();
    int rawLen = block.finishedSize();
    BlockHandle handle;
    int n = compress(raw, rawLen);
    if (n >= 0 && n < rawLen - (rawLen / 8)) {
      handle = writeRawBlock(compressed, n, compression.code());
    } else {
      // Not compressed, or saves less than 12.5%: store it raw, as LevelDB does.
      handle = writeRawBlock(raw, rawLen, CompressionType.NONE.code());
    }
    block.reset();
    return handle;
  }

  /**
   * Compresses {@code raw[0, rawLen)} into {@link #compressed} in this builder's format.
   *
   * @return the compressed length, or -1 when the block is to be stored as is
   */
  private int compress(byte[] raw, int rawLen) {
    if (compressor == null
        || (compression == CompressionType.ZSTD && rawLen > MAX_ZSTD_BLOCK_BYTES)) {
      return -1;
    }
    // Zstandard blocks start with the uncompressed size, as RocksDB's do.
    int prefix = compression == CompressionType.ZSTD ? Coding.varintLength(rawLen) : 0;
    int max = prefix + compressor.maxCompressedLength(rawLen);
    if (compressed.length < max) {
      compressed = new byte[max];
    }
    if (prefix > 0) {
      Coding.putVarint32(compressed, 0, rawLen);
    }
    return prefix + compressor.compress(raw, 0, rawLen, compressed, prefix,
        compressed.length - prefix);
  }

  private BlockHandle writeRawBlock(byte[] contents, int len, int type) throws IOException {
    BlockHandle handle = new BlockHandle(offset, len);
    file.append(contents, 0, len);
    trailer[0] = (byte) type;
    int crc = Crc32c.valueWithTrailingType(contents, 0, len, (byte) type);
    Coding.putFixed32(trailer, 1, Crc32c.mask(crc));
    file.append(trailer, 0, BLOCK_TRAILER_SIZE);
    offset += len + BLOCK_TRAILER_SIZE;
    return handle;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException after {@link #finish()} or {@link #abandon()}
   */
  @Override
  public void finish() throws IOException {
    checkState(!closed, "table builder already finished or abandoned");
    flush();
    closed = true;

    BlockHandle filterHandle = null;
    if (filterBlock != null) {
      byte[] filter = filterBlock.finish();
      filterHandle = writeRawBlock(filter, filter.length, CompressionType.NONE.code());
    }

    BlockHandle fullFilterHandle = null;
    if (filterPolicy != null) {
      byte[] full = FullFilter.build(keyHashes, keyHashCount, bloomBitsPerKey);
      fullFilterHandle = writeRawBlock(full, full.length, CompressionType.NONE.code());
    }

    BlockHandle rangeDelHandle = null;
    if (!rangeTombstones.isEmpty()) {
      rangeTombstones.sort((a, b) -> comparator.compare(a[0], b[0]));
      BlockBuilder rangeDel = new BlockBuilder(1, 256);
      for (byte[][] t : rangeTombstones) {
        rangeDel.add(t[0], t[1]);
      }
      rangeDelHandle = writeBlock(rangeDel);
    }

    byte[] props = properties.finish(metaindexRestartInterval);
    BlockHandle propertiesHandle = writeRawBlock(props, props.length, CompressionType.NONE.code());

    // Metaindex keys in order: "filter.<policy>" (LevelDB's), then "rocksdb.range_del"
    // (RocksDB's), "strata.filter.full" and "strata.properties", which LevelDB ignores.
    BlockBuilder metaindex = new BlockBuilder(metaindexRestartInterval, 64);
    if (filterHandle != null) {
      byte[] key = ("filter." + filterPolicy.name()).getBytes(StandardCharsets.US_ASCII);
      metaindex.add(key, filterHandle.encode());
    }
    if (rangeDelHandle != null) {
      metaindex.add(RangeDelBlock.META_KEY_BYTES, rangeDelHandle.encode());
    }
    if (fullFilterHandle != null) {
      metaindex.add(FullFilter.META_KEY_BYTES, fullFilterHandle.encode());
    }
    metaindex.add(TablePropertiesBlock.META_KEY_BYTES, propertiesHandle.encode());
    BlockHandle metaindexHandle = writeBlock(metaindex);

    if (pendingIndexEntry) {
      addIndexEntry(IndexKeys.shortSuccessor(comparator, lastKey()), pendingHandle);
      pendingIndexEntry = false;
    }
    BlockHandle indexHandle = writeBlock(indexBlock);

    byte[] footer = new Footer(metaindexHandle, indexHandle).encode();
    file.append(footer, 0, footer.length);
    offset += footer.length;
  }

  @Override
  public void abandon() {
    closed = true;
  }

  @Override
  public long numEntries() {
    return numEntries;
  }

  @Override
  public long fileSizeBytes() {
    return offset;
  }

  /** A copy of the last key added. */
  private byte[] lastKey() {
    return Arrays.copyOf(lastKey, lastKeyLength);
  }

  /** The key as {@link InternalKey#toString()} shows it, or its raw bytes if it does not decode. */
  private static String describe(byte[] internalKey) {
    if (internalKey.length < InternalKey.TRAILER_SIZE
        || ValueType.fromCode(InternalKeys.typeCode(internalKey)) == null) {
      return Arrays.toString(internalKey);
    }
    return InternalKey.decode(internalKey).toString();
  }
}
