package io.strata.examples.cli;

import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.table.TableReader;
import io.strata.core.table.BlockBasedTableFormat;
import io.strata.core.table.CaffeineBlockCache;
import java.io.IOException;
import java.nio.file.Path;

/** Opens one table file outside a database, as the engine's table cache would, caching nothing. */
final class TableFiles {
  private TableFiles() {}

  /**
   * Opens the table at {@code path}; the caller closes it.
   *
   * @throws io.strata.api.CorruptionException if the footer, index or a meta block is damaged
   * @throws java.nio.file.NoSuchFileException if there is no such file
   */
  static TableReader open(Path path, KeyComparator comparator) throws IOException {
    ReadableFile file = new LocalFileSystem().newReadableFile(path);
    long size;
    try {
      size = file.size();
    } catch (IOException e) {
      file.close();
      throw e;
    }
    BlockBasedTableFormat format = new BlockBasedTableFormat(Options.defaults(),
        new InternalKeyComparator(comparator), new CaffeineBlockCache(0));
    // The reader owns the file from here, and closes it if opening fails.
    return format.open(file, path.getFileName().toString(), 0, size);
  }
}
