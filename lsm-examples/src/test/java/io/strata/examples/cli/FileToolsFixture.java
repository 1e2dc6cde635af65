package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A small Strata database with tables on two levels and a log, for the file-tool tests. */
final class FileToolsFixture {
  private static final String PAD = "-".repeat(50);

  private FileToolsFixture() {}

  /**
   * Writes 2000 keys of about 60 bytes with a 64 KiB write buffer and compacts them down, then
   * writes 800 more and deletes every tenth of the first (under leveled: tables on levels 1 to 3,
   * compact pointers, deleted files), and leaves a batch with non-printable bytes in the log.
   */
  static void fill(Path dir, String strategy) throws IOException {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10)
        .compactionStrategy(strategy).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 2000; i++) {
        db.put(String.format("k%05d", i).getBytes(UTF_8), ("value" + i + PAD).getBytes(UTF_8));
      }
      db.compactRange(null, null);
      for (int i = 0; i < 800; i++) {
        db.put(String.format("m%05d", i).getBytes(UTF_8), ("value" + i + PAD).getBytes(UTF_8));
      }
      for (int i = 0; i < 2000; i += 10) {
        db.delete(String.format("k%05d", i).getBytes(UTF_8));
      }
      db.put(new byte[] {'b', 1, (byte) 0xff}, new byte[] {'v', '\n', 0x7f});
    }
  }

  /** The names in {@code dir} ending with {@code suffix}, sorted. */
  static List<String> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .toList();
    }
  }

  /** The MANIFEST in {@code dir}. */
  static String manifest(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("MANIFEST-"))
          .findFirst().orElseThrow();
    }
  }

  /** Flips the low bit of the byte at {@code offset}. */
  static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int v = f.read();
      f.seek(offset);
      f.write(v ^ 1);
    }
  }
}
