package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.env.ReadableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a table's blocks lie (google/leveldb {@code doc/table_format.md}): the footer's two
 * handles, every meta block the metaindex names, and every data block the index names with the
 * compression code of its trailer. What {@code strata sst} reports; it reads the footer, the
 * metaindex and index blocks (checksums checked) and one trailer byte per data block, never a
 * data block's contents.
 *
 * @param fileSizeBytes the table's size
 * @param footer the footer's metaindex and index handles
 * @param metaBlocks each metaindex key (a meta block's name) and its handle, in metaindex order
 * @param dataBlocks each data block's handle, in index order
 * @param dataBlockTypes each data block's compression code ({@code 0} none, {@code 1} snappy,
 *     {@code 7} zstd; {@link io.strata.api.CompressionType#fromCode}), parallel to
 *     {@code dataBlocks}
 */
public record TableLayout(long fileSizeBytes, Footer footer,
    ImmutableMap<String, BlockHandle> metaBlocks, ImmutableList<BlockHandle> dataBlocks,
    ImmutableList<Integer> dataBlockTypes) {
  /** Bytes after each block's contents: a compression code and a masked CRC32C. */
  public static final int BLOCK_TRAILER_SIZE = BlockBasedTableBuilder.BLOCK_TRAILER_SIZE;

  public TableLayout {
    checkNotNull(footer, "footer");
    checkNotNull(metaBlocks, "metaBlocks");
    checkNotNull(dataBlocks, "dataBlocks");
    checkNotNull(dataBlockTypes, "dataBlockTypes");
  }

  /**
   * Reads the layout of the table in {@code file}.
   *
   * @param fileName the name used in exceptions
   * @throws CorruptionException naming {@code fileName} and the offset of the damaged footer,
   *     metaindex or index block, or of a data block whose trailer lies outside the file
   * @throws IOException if reading fails
   */
  public static TableLayout read(ReadableFile file, String fileName, long fileSizeBytes)
      throws IOException {
    checkNotNull(file, "file");
    checkNotNull(fileName, "fileName");
    Footer footer = Footer.read(file, fileName, fileSizeBytes);

    Map<String, BlockHandle> meta = new LinkedHashMap<>();
    BlockHandle mh = footer.metaindexHandle();
    BlockIterator it = new BlockIterator(
        BlockReader.readBlock(file, fileName, fileSizeBytes, mh, true),
        BytewiseComparator.INSTANCE::compare, 0);
    for (it.seekToFirst(); it.isValid(); it.next()) {
      byte[] v = it.value();
      meta.put(new String(it.key(), StandardCharsets.ISO_8859_1),
          BlockHandle.decode(v, 0, v.length, fileName, mh.offset()));
    }

    ImmutableList.Builder<BlockHandle> data = ImmutableList.builder();
    ImmutableList.Builder<Integer> types = ImmutableList.builder();
    BlockHandle ih = footer.indexHandle();
    it = new BlockIterator(BlockReader.readBlock(file, fileName, fileSizeBytes, ih, true),
        BytewiseComparator.INSTANCE::compare, 0);
    byte[] type = new byte[1];
    for (it.seekToFirst(); it.isValid(); it.next()) {
      byte[] v = it.value();
      BlockHandle h = BlockHandle.decode(v, 0, v.length, fileName, ih.offset());
      if (h.offset() > fileSizeBytes - BLOCK_TRAILER_SIZE - h.size()) {
        throw new CorruptionException(fileName, h.offset(), "data block handle (offset "
            + h.offset() + ", size " + h.size() + ") lies outside the " + fileSizeBytes
            + "-byte file");
      }
      BlockReader.readFully(file, fileName, h.offset() + h.size(), type, "block trailer");
      data.add(h);
      types.add(type[0] & 0xff);
    }
    return new TableLayout(fileSizeBytes, footer, ImmutableMap.copyOf(meta), data.build(),
        types.build());
  }

  /** The handle of the meta block named {@code name}, if the metaindex names it. */
  public Optional<BlockHandle> metaBlock(String name) {
    return Optional.ofNullable(metaBlocks.get(name));
  }

  /** Bytes the data blocks take, trailers included. */
  public long dataBytes() {
    long n = 0;
    for (BlockHandle h : dataBlocks) {
      n += h.size() + BLOCK_TRAILER_SIZE;
    }
    return n;
  }
}
