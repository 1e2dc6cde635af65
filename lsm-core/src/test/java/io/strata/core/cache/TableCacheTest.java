package io.strata.core.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableReader;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.testing.HeldFiles;
import io.strata.core.read.TableIterators;
import io.strata.core.table.BlockBasedTableFormat;
import io.strata.core.table.CaffeineBlockCache;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table cache's reference counting: a table evicted while in use stays open and readable
 * until its last handle is closed, and then its file is closed at once, so a deleted table's
 * space is returned; a read through a reader after that fails with an {@link IOException}. A
 * table iterator ({@link TableIterators}) holds one reference from its open to its first close.
 */
class TableCacheTest {
  private static final long FILE_NUMBER = 7;
  private static final int KEYS = 20_000;

  @TempDir Path dir;
  private final LocalFileSystem fs = new LocalFileSystem();
  private final Options options = Options.builder().compression(CompressionType.NONE).build();
  private final InternalKeyComparator icmp = new InternalKeyComparator(options.comparator());

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-" + "x".repeat(80)).getBytes(UTF_8);
  }

  private BlockBasedTableFormat format() {
    return new BlockBasedTableFormat(options, icmp, new CaffeineBlockCache(1 << 20));
  }

  /** Writes table {@link #FILE_NUMBER}; returns its size in bytes. */
  private long writeTable() throws IOException {
    try (WritableFile out = fs.newWritableFile(tablePath())) {
      TableBuilder b = format().newBuilder(out);
      for (int i = 0; i < KEYS; i++) {
        b.add(InternalKeys.encode(key(i), i + 1, ValueType.VALUE), value(i));
      }
      b.finish();
      return b.fileSizeBytes();
    }
  }

  private Path tablePath() {
    return dir.resolve(FileNames.tableFileName(FILE_NUMBER));
  }

  private static void assertReads(TableReader reader, int i) throws IOException {
    GetResult r = new GetResult();
    assertThat(reader.get(key(i), Long.MAX_VALUE >>> 8, r, true, false)).isTrue();
    assertThat(r.value()).isEqualTo(value(i));
  }

  @Test
  void anEvictedTableStaysReadableUntilItsLastHandleIsClosed() throws Exception {
    long size = writeTable();
    try (TableCache cache = new TableCache(fs, dir, format(), 100)) {
      TableCache.Handle first = cache.acquire(FILE_NUMBER, size);
      TableCache.Handle second = cache.acquire(FILE_NUMBER, size);
      assertThat(second.reader()).isSameAs(first.reader());
      TableReader reader = first.reader();

      cache.evict(FILE_NUMBER); // as deletion does, before deleting the file
      Files.delete(tablePath());
      assertThat(cache.size()).isZero();
      first.close();
      assertReads(reader, 1);
      second.close();

      assertThatThrownBy(() -> assertReads(reader, KEYS - 1)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aDeletedTableIsNoLongerHeldOnceItsLastHandleIsClosed() throws Exception {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    long size = writeTable();
    try (TableCache cache = new TableCache(fs, dir, format(), 100)) {
      TableCache.Handle handle = cache.acquire(FILE_NUMBER, size);
      for (int i = 0; i < KEYS; i += 100) {
        assertReads(handle.reader(), i);
      }
      cache.evict(FILE_NUMBER);
      Files.delete(tablePath());
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held by the open handle").isNotEmpty();

      handle.close();
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held after the last handle").isEmpty();
    }
  }

  @Test
  void aTableIteratorHoldsItsTableFromOpenToItsFirstClose() throws Exception {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    long size = writeTable();
    FileMetaData file = new FileMetaData(FILE_NUMBER, size,
        InternalKey.decode(InternalKeys.encode(key(0), 1, ValueType.VALUE)),
        InternalKey.decode(InternalKeys.encode(key(KEYS - 1), KEYS, ValueType.VALUE)));
    try (TableCache cache = new TableCache(fs, dir, format(), 100)) {
      InternalIterator it = TableIterators.open(cache, file, true, false);
      TableCache.Handle other = cache.acquire(FILE_NUMBER, size);
      cache.evict(FILE_NUMBER);
      Files.delete(tablePath());

      int n = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertThat(it.value()).isEqualTo(value(n));
        n++;
      }
      assertThat(n).isEqualTo(KEYS);
      it.close();
      it.close(); // a second release would close the table under the other handle
      assertReads(other.reader(), 7);
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held by the other handle").isNotEmpty();

      other.close();
      assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held after the last release")
          .isEmpty();
    }
  }

  @Test
  void closingTheCacheClosesTablesNotInUse() throws Exception {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    long size = writeTable();
    TableCache cache = new TableCache(fs, dir, format(), 100);
    try (TableCache.Handle handle = cache.acquire(FILE_NUMBER, size)) {
      assertReads(handle.reader(), 3);
    }
    Files.delete(tablePath());
    assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held by the cache").isNotEmpty();
    cache.close();
    assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("held after close").isEmpty();
  }
}
