package io.strata.examples.cli;

import io.strata.api.CompressionType;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.table.TableProperties;
import io.strata.api.spi.table.TableReader;
import io.strata.core.table.BlockHandle;
import io.strata.core.table.TableLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code strata sst} prints about one table: counts from its {@code strata.properties} meta
 * block when Strata wrote one, else from a scan of every entry (a table LevelDB wrote); the
 * blocks' sizes from {@link TableLayout}, each with its 5-byte trailer; the key range from the
 * first and last entries.
 *
 * @param fromProperties whether the counts come from the properties block (false: a scan)
 * @param smallestKey the first entry's user key, null for an empty table
 * @param largestKey the last entry's user key, null for an empty table
 */
record TableReport(String fileName, TableLayout layout, boolean fromProperties, long entries,
    long deletions, long smallestSequence, long largestSequence, byte[] smallestKey,
    byte[] largestKey) {
  private static final String FILTER_PREFIX = "filter.";
  private static final String FULL_FILTER = "strata.filter.full";
  private static final String PROPERTIES = "strata.properties";
  private static final int TRAILER = TableLayout.BLOCK_TRAILER_SIZE;

  /**
   * Reads the table at {@code path}.
   *
   * @throws io.strata.api.CorruptionException naming the file and the damaged block's offset
   */
  static TableReport of(Path path, KeyComparator comparator) throws IOException {
    String name = path.getFileName().toString();
    TableLayout layout;
    try (ReadableFile f = new LocalFileSystem().newReadableFile(path)) {
      layout = TableLayout.read(f, name, f.size());
    }
    try (TableReader table = TableFiles.open(path, comparator);
        InternalIterator it = table.newIterator(true, false)) {
      byte[] smallest = null;
      byte[] largest = null;
      it.seekToFirst();
      if (it.isValid()) {
        smallest = InternalKeys.userKey(it.key());
        it.seekToLast();
        largest = InternalKeys.userKey(it.key());
      }
      TableProperties p = table.properties();
      boolean recorded = layout.metaBlock(PROPERTIES).isPresent() && p.numEntries() >= 0
          && p.numDeletions() >= 0 && (p.hasSequenceRange() || p.numEntries() == 0);
      if (recorded) {
        return new TableReport(name, layout, true, p.numEntries(), p.numDeletions(),
            p.smallestSequence(), p.largestSequence(), smallest, largest);
      }
      long entries = 0;
      long deletions = 0;
      long minSeq = Long.MAX_VALUE;
      long maxSeq = -1;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        entries++;
        deletions += InternalKeys.typeCode(key) == ValueType.DELETION.code() ? 1 : 0;
        minSeq = Math.min(minSeq, InternalKeys.sequence(key));
        maxSeq = Math.max(maxSeq, InternalKeys.sequence(key));
      }
      return new TableReport(name, layout, false, entries, deletions,
          entries == 0 ? -1 : minSeq, maxSeq, smallest, largest);
    }
  }

  /** Prints one {@code name  value} line per figure. */
  void print(PrintWriter out) {
    line(out, "file", fileName + ", " + layout.fileSizeBytes() + " bytes");
    line(out, "counted", fromProperties ? "from the strata.properties block"
        : "by a scan (no strata.properties block: a table LevelDB wrote)");
    line(out, "entries", Long.toString(entries));
    line(out, "tombstones", Long.toString(deletions));
    line(out, "sequences", entries == 0 ? "-" : smallestSequence + " .. " + largestSequence);
    line(out, "keys", smallestKey == null ? "-" : "'" + LevelDbText.escape(smallestKey)
        + "' .. '" + LevelDbText.escape(largestKey) + "'");
    Map<String, Integer> compression = new TreeMap<>();
    for (int code : layout.dataBlockTypes()) {
      compression.merge(compressionName(code), 1, Integer::sum);
    }
    line(out, "data blocks", layout.dataBlocks().size() + ", " + layout.dataBytes()
        + " bytes" + (compression.isEmpty() ? "" : ", compression " + compression.toString()
            .replaceAll("[{}]", "").replace("=", " ")));
    line(out, "index block", bytes(layout.footer().indexHandle()));
    String filter = "none";
    for (Map.Entry<String, BlockHandle> e : layout.metaBlocks().entrySet()) {
      if (e.getKey().startsWith(FILTER_PREFIX)) {
        filter = e.getKey().substring(FILTER_PREFIX.length()) + ", " + bytes(e.getValue());
      }
    }
    line(out, "filter", filter);
    line(out, "full filter", layout.metaBlock(FULL_FILTER).map(TableReport::bytes)
        .orElse("none"));
    line(out, "metaindex", bytes(layout.footer().metaindexHandle()) + ": "
        + (layout.metaBlocks().isEmpty() ? "no meta blocks"
            : String.join(", ", layout.metaBlocks().keySet())));
  }

  private static String bytes(BlockHandle h) {
    return (h.size() + TRAILER) + " bytes";
  }

  /** {@code none}, {@code snappy}, {@code zstd}, or {@code type-N} for an unknown code. */
  private static String compressionName(int code) {
    CompressionType t = CompressionType.fromCode(code);
    return t == null ? "type-" + code : t.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void line(PrintWriter out, String name, String value) {
    out.printf("%-13s %s%n", name, value);
  }
}
