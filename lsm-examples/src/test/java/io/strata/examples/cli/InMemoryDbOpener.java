package io.strata.examples.cli;

import io.strata.api.Db;
import io.strata.api.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Opens {@link InMemoryDb}s that behave like databases on disk: the directory gets a
 * {@code CURRENT} file, data survives a close and reopen, and deleting the directory empties the
 * database. Records every open. Not thread-safe.
 */
final class InMemoryDbOpener implements DbOpener {
  private final Map<Path, ConcurrentNavigableMap<byte[], byte[]>> data = new HashMap<>();
  final List<InMemoryDb> opened = new ArrayList<>();
  final List<Options> options = new ArrayList<>();
  /** When set, every open fails with it. */
  IOException failure;

  @Override
  public Db open(Path directory, Options o) throws IOException {
    options.add(o);
    if (failure != null) {
      throw failure;
    }
    Path dir = directory.toAbsolutePath().normalize();
    Path current = dir.resolve("CURRENT");
    if (!Files.exists(current)) {
      if (!o.createIfMissing()) {
        throw new IOException(directory + " does not exist (createIfMissing is false)");
      }
      Files.createDirectories(dir);
      Files.writeString(current, "MANIFEST-000001\n");
      data.put(dir, new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
    }
    InMemoryDb db = new InMemoryDb(data.computeIfAbsent(
        dir, d -> new ConcurrentSkipListMap<>(Arrays::compareUnsigned)));
    opened.add(db);
    return db;
  }

  /** The last options an open was called with. */
  Options lastOptions() {
    return options.get(options.size() - 1);
  }

  /** The database last opened. */
  InMemoryDb last() {
    return opened.get(opened.size() - 1);
  }
}
