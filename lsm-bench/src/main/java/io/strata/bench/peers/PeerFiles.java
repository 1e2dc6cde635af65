package io.strata.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a peer's directory holds, by LevelDB's and RocksDB's file names (google/leveldb
 * db/filename.cc): write-ahead logs are {@code NNNNNN.log}, tables {@code NNNNNN.ldb} or {@code
 * NNNNNN.sst}. Stateless.
 */
final class PeerFiles {
  private static final Pattern LOG = Pattern.compile("[0-9]+\\.log");

  private PeerFiles() {}

  /**
   * Bytes of the write-ahead logs in {@code dir} now; a file deleted while listed counts 0.
   *
   * @throws UncheckedIOException when the directory cannot be listed
   */
  static long logBytes(Path dir) {
    long bytes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (LOG.matcher(p.getFileName().toString()).matches()) {
          bytes += sizeOrZero(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return bytes;
  }

  private static long sizeOrZero(Path p) throws IOException {
    try {
      return Files.size(p);
    } catch (NoSuchFileException e) {
      return 0; // deleted since listed: the engine no longer needs it
    }
  }
}
