package io.strata.api.spi.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-ahead logs of {@link LocalFileSystem}: written through a memory mapping by default, in
 * zero-filled chunks, every appended byte readable by another reader of the file as soon as the
 * append returns (as after a process crash), and the file cut to the bytes appended at close.
 */
class LocalFileSystemLogTest {
  @TempDir Path dir;

  /** Appends records of random sizes, some larger than a whole chunk; returns their bytes. */
  private static byte[] appendRecords(WritableFile file, long seed, int totalBytes)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    while (all.size() < totalBytes) {
      int length = random.nextInt(8) == 0
          ? random.nextInt(2 * MappedLogFile.MAX_CHUNK_BYTES) : random.nextInt(300);
      byte[] record = new byte[length];
      for (int i = 0; i < length; i++) {
        record[i] = (byte) (1 + random.nextInt(255)); // never zero: zeros are the file's tail
      }
      int offset = length == 0 ? 0 : random.nextInt(Math.min(length, 5) + 1);
      file.append(record, offset, length - offset);
      all.write(record, offset, length - offset);
      file.flush();
    }
    return all.toByteArray();
  }

  @Test
  void appendedBytesAreInTheFileAtOnceFollowedByZerosAndCutAtClose() throws IOException {
    Path path = dir.resolve("000007.log");
    WritableFile file = new LocalFileSystem().newLogFile(path);
    assertThat(file).isInstanceOf(MappedLogFile.class);
    byte[] expected = appendRecords(file, 17, 5 << 20);
    assertThat(file.size()).isEqualTo(expected.length);

    // What a reader sees while the log is open, or after the process died here.
    byte[] seen = Files.readAllBytes(path);
    assertThat(seen.length).isGreaterThanOrEqualTo(expected.length);
    assertThat(seen.length - expected.length).isLessThanOrEqualTo(MappedLogFile.MAX_CHUNK_BYTES);
    assertThat(Arrays.copyOf(seen, expected.length)).isEqualTo(expected);
    for (int p = expected.length; p < seen.length; p++) {
      if (seen[p] != 0) {
        throw new AssertionError("non-zero byte " + seen[p] + " at " + p + " past the data");
      }
    }

    file.sync();
    file.close();
    assertThat(Files.readAllBytes(path)).isEqualTo(expected);
  }

  @Test
  void chunksGrowFromSixtyFourKibibytesToOneMebibyte() throws IOException {
    Path path = dir.resolve("000008.log");
    WritableFile file = new LocalFileSystem().newLogFile(path);
    assertThat(Files.size(path)).isZero(); // nothing allocated before the first append
    file.append(new byte[] {1});
    assertThat(Files.size(path)).isEqualTo(MappedLogFile.FIRST_CHUNK_BYTES);
    file.append(new byte[MappedLogFile.FIRST_CHUNK_BYTES]); // fills the first, needs a second
    assertThat(Files.size(path)).isEqualTo(3L * MappedLogFile.FIRST_CHUNK_BYTES);
    file.append(new byte[4 << 20]);
    long chunks = 64 + 128 + 256 + 512 + 1024 + 1024 + 1024 + 1024; // KiB
    assertThat(Files.size(path)).isEqualTo(chunks << 10);
    file.close();
    assertThat(Files.size(path)).isEqualTo(1L + MappedLogFile.FIRST_CHUNK_BYTES + (4 << 20));
  }

  @Test
  void anEmptyLogStaysEmpty() throws IOException {
    Path path = dir.resolve("000009.log");
    WritableFile file = new LocalFileSystem().newLogFile(path);
    file.flush();
    file.sync();
    file.close();
    assertThat(Files.size(path)).isZero();
  }

  @Test
  void reopeningALogTruncatesIt() throws IOException {
    Path path = dir.resolve("000010.log");
    Files.write(path, new byte[1000]);
    WritableFile file = new LocalFileSystem().newLogFile(path);
    file.append(new byte[] {5, 6});
    file.close();
    assertThat(Files.readAllBytes(path)).containsExactly(5, 6);
  }

  @Test
  void withoutMappingEachFlushIsAWriteAndTheFileHasNoTail() throws IOException {
    Path path = dir.resolve("000011.log");
    WritableFile file = new LocalFileSystem(false).newLogFile(path);
    assertThat(file).isNotInstanceOf(MappedLogFile.class);
    byte[] expected = appendRecords(file, 23, 3 << 20);
    assertThat(Files.readAllBytes(path)).isEqualTo(expected);
    file.close();
    assertThat(Files.readAllBytes(path)).isEqualTo(expected);
  }

  @Test
  void aRangeOutsideTheArrayIsRefusedAndLosesNothing() throws IOException {
    Path path = dir.resolve("000012.log");
    WritableFile file = new LocalFileSystem().newLogFile(path);
    file.append(new byte[] {9});
    assertThatThrownBy(() -> file.append(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    file.append(new byte[] {8});
    file.close();
    assertThat(Files.readAllBytes(path)).containsExactly(9, 8);
  }
}
