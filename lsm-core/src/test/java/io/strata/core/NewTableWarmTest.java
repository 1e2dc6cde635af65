package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.api.testing.HeldFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table a flush or compaction writes is open, with every page of its mapping mapped, before
 * any read asks for it (TableCache.warm), so that the reads after its install take no page
 * fault; on a database of a shared pool too, whose compactions sync their outputs in line.
 */
class NewTableWarmTest {
  private static final long PAGE_BYTES = 4096;

  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  /** Every table in the directory, with its size and the bytes of its mapping mapped now. */
  private static Map<String, String> tables(Path db) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(db)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".ldb"))::iterator) {
        out.put(f.getFileName().toString(),
            Files.size(f) + " bytes, " + HeldFiles.mappedResidentBytes(f) + " mapped");
      }
    }
    return out;
  }

  private static void assertEveryTableMappedWhole(Path db) throws IOException {
    Map<String, String> tables = tables(db);
    assertThat(tables).isNotEmpty();
    for (Map.Entry<String, String> t : tables.entrySet()) {
      long size = Long.parseLong(t.getValue().split(" ")[0]);
      long pages = (size + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES; // the last one partly
      assertThat(t.getValue()).as(t.getKey()).isEqualTo(size + " bytes, " + pages + " mapped");
    }
  }

  private void writeFlushAndCompact(Options options) throws IOException {
    Path db = dir.resolve("db");
    try (Db d = Strata.open(db, options)) {
      for (int round = 0; round < 3; round++) {
        for (int i = round; i < 6000; i += 3) {
          d.put(key(i), new byte[200]);
        }
        d.flush();
      }
      assertEveryTableMappedWhole(db); // the flushes' tables, none read yet
      d.compactRange(null, null);
      assertEveryTableMappedWhole(db); // the compaction's outputs, none read yet
      assertThat(d.get(key(4321))).hasSize(200);
    }
  }

  @Test
  void flushAndCompactionOutputsAreMappedWholeBeforeAnyRead() throws IOException {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    writeFlushAndCompact(Options.builder().compression(CompressionType.NONE)
        .strategyOption("target_file_size_base", String.valueOf(256 << 10)).build());
  }

  @Test
  void soOnADatabaseOfASharedPool() throws IOException {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 4 << 20, 2)) {
      writeFlushAndCompact(Options.builder().compression(CompressionType.NONE)
          .strategyOption("target_file_size_base", String.valueOf(256 << 10)).sharedResources(shared).build());
    }
  }
}
