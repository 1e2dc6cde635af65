package io.strata.core.tools;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/** File helpers for the tools' tests: listing, damaging and fingerprinting a directory. */
final class DbTestFiles {
  private DbTestFiles() {}

  static List<String> names(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .toList();
    }
  }

  static String manifest(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("MANIFEST-"))
          .findFirst().orElseThrow();
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int v = f.read();
      f.seek(offset);
      f.write(v ^ 0x5a);
    }
  }

  /** The CRC32 of every regular file of {@code dir}, by name. */
  static Map<String, Long> checksums(Path dir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          CRC32 crc = new CRC32();
          crc.update(Files.readAllBytes(p));
          out.put(p.getFileName().toString(), crc.getValue());
        }
      }
    }
    return out;
  }
}
