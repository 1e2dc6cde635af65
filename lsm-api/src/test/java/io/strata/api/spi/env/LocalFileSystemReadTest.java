package io.strata.api.spi.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.api.testing.HeldFiles;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files opened for reading by {@link LocalFileSystem}: memory-mapped, unmapped when closed (not
 * when the collector gets round to it), and a read after the close, or racing it, fails with
 * {@link ClosedChannelException} instead of touching unmapped memory.
 */
class LocalFileSystemReadTest {
  private static final int FILE_BYTES = 3 << 20;

  @TempDir Path dir;
  private final LocalFileSystem fs = new LocalFileSystem();

  /** A file whose byte at position p is {@code (byte) (p * 31)}. */
  private Path writeFile(String name) throws Exception {
    byte[] data = new byte[FILE_BYTES];
    for (int p = 0; p < data.length; p++) {
      data[p] = (byte) (p * 31);
    }
    Path path = dir.resolve(name);
    Files.write(path, data);
    return path;
  }

  @Test
  void theJvmLetsMappingsBeReleasedAtOnce() {
    assertThat(Unmapper.available()).as("sun.misc.Unsafe.invokeCleaner found").isTrue();
  }

  /**
   * Opening maps no page; {@code populate} on a file wholly in the page cache (just written)
   * maps every page, so no read of it takes a page fault; its bytes read back as written, and
   * the pages go with the mapping at close.
   */
  @Test
  void populateMapsEveryPageOfAFileInThePageCache() throws Exception {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    Path path = writeFile("000006.ldb");
    ReadableFile file = fs.newReadableFile(path);
    assertThat(file.isMemoryMapped()).isTrue();
    assertThat(HeldFiles.mappedResidentBytes(path)).as("mapped at open").isZero();

    file.populate();

    assertThat(HeldFiles.mappedResidentBytes(path)).as("mapped by populate")
        .isEqualTo(FILE_BYTES);
    byte[] b = new byte[4];
    file.readFully(FILE_BYTES - 4, b, 0, b.length);
    assertThat(b[3]).isEqualTo((byte) ((FILE_BYTES - 1) * 31));
    file.close();
    assertThat(HeldFiles.mappedResidentBytes(path)).as("unmapped at close").isZero();
    assertThatThrownBy(file::populate).isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void aClosedFileIsUnmappedAtOnce() throws Exception {
    assumeTrue(HeldFiles.available(), "needs Linux's /proc/self");
    Path path = writeFile("000005.ldb");
    ReadableFile file = fs.newReadableFile(path);
    assertThat(file.isMemoryMapped()).isTrue();
    byte[] b = new byte[4];
    file.readFully(1000, b, 0, b.length);
    assertThat(b[0]).isEqualTo((byte) (1000 * 31));
    Files.delete(path);
    assertThat(HeldFiles.deletedUnder(dir, ".ldb")).as("mapped while open").hasSize(1);

    file.close();
    assertThat(HeldFiles.under(dir)).as("held after close").isEmpty();
  }

  @Test
  void aReadAfterCloseFailsCleanly() throws Exception {
    ReadableFile file = fs.newReadableFile(writeFile("000006.ldb"));
    file.close();
    file.close(); // a second close is harmless
    assertThat(file.size()).isEqualTo(FILE_BYTES);
    assertThatThrownBy(() -> file.readFully(0, new byte[8], 0, 8))
        .isInstanceOf(ClosedChannelException.class);
    assertThatThrownBy(() -> file.read(0, new byte[8], 0, 8))
        .isInstanceOf(ClosedChannelException.class);
  }

  @Test
  void readsRacingCloseSeeTheFileOrAClosedChannelNeverUnmappedMemory() throws Exception {
    // A read of unmapped memory would crash the JVM (SIGSEGV) or throw InternalError.
    Path path = writeFile("000007.ldb");
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 30; round++) {
        ReadableFile file = fs.newReadableFile(path);
        CountDownLatch started = new CountDownLatch(threads);
        List<Future<Long>> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long seed = round * 100L + t;
          readers.add(pool.submit(() -> readUntilClosed(file, seed, started)));
        }
        started.await();
        Thread.sleep(2);
        file.close();
        for (Future<Long> r : readers) {
          assertThat(r.get()).as("reads before the close").isPositive();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reads and checks random 4 KiB ranges until the file is closed; returns the count. */
  private static long readUntilClosed(ReadableFile file, long seed, CountDownLatch started)
      throws Exception {
    Random random = new Random(seed);
    byte[] buf = new byte[4096];
    long reads = 0;
    while (true) {
      int position = random.nextInt(FILE_BYTES - buf.length);
      try {
        file.readFully(position, buf, 0, buf.length);
      } catch (ClosedChannelException e) {
        return reads;
      }
      for (int i = 0; i < buf.length; i += 511) {
        assertThat(buf[i]).isEqualTo((byte) ((position + i) * 31));
      }
      if (++reads == 1) {
        started.countDown();
      }
    }
  }
}
