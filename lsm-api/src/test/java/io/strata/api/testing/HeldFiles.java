package io.strata.api.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files this process holds open, read from Linux's {@code /proc/self/fd} (descriptors) and
 * {@code /proc/self/maps} (memory mappings). A held file that was deleted reads there as
 * {@code "<path> (deleted)"}: its blocks stay allocated until the last holder lets go. Stateless.
 */
public final class HeldFiles {
  private static final String DELETED = " (deleted)";
  /** The first line of a mapping in {@code /proc/self/smaps}: its address range. */
  private static final Pattern MAPPING_HEADER = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

  private HeldFiles() {}

  /** Whether this platform lists held files ({@code /proc/self} of Linux). */
  public static boolean available() {
    return Files.isDirectory(Paths.get("/proc/self/fd"))
        && Files.isReadable(Paths.get("/proc/self/maps"));
  }

  /**
   * Files under {@code dir} held through a descriptor or a mapping, one line each:
   * {@code "fd N -> path"} or {@code "mapping path"}, either ending in " (deleted)" when deleted.
   */
  public static List<String> under(Path dir) throws IOException {
    String prefix = dir.toRealPath() + "/";
    List<String> held = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed since it was listed (the listing's own descriptor, for one)
        }
        if (target.startsWith(prefix)) {
          held.add("fd " + fd.getFileName() + " -> " + target);
        }
      }
    }
    for (String line : Files.readAllLines(Paths.get("/proc/self/maps"))) {
      int at = line.indexOf(prefix);
      if (at >= 0) {
        held.add("mapping " + line.substring(at));
      }
    }
    return held;
  }

  /**
   * Bytes of this process's mappings of {@code file} backed by pages mapped now (the {@code Rss}
   * of each in {@code /proc/self/smaps}, added up); 0 when it is not mapped.
   */
  public static long mappedResidentBytes(Path file) throws IOException {
    String path = file.toRealPath().toString();
    long kib = 0;
    boolean inMapping = false;
    for (String line : Files.readAllLines(Paths.get("/proc/self/smaps"))) {
      if (MAPPING_HEADER.matcher(line).lookingAt()) {
        inMapping = line.endsWith(" " + path);
      } else if (inMapping && line.startsWith("Rss:")) {
        kib += Long.parseLong(line.substring("Rss:".length()).trim().split("\\s+")[0]);
      }
    }
    return kib << 10;
  }

  /** The entries of {@link #under} for deleted files whose names end with {@code suffix}. */
  public static List<String> deletedUnder(Path dir, String suffix) throws IOException {
    return under(dir).stream().filter(h -> h.endsWith(suffix + DELETED))
        .collect(Collectors.toList());
  }
}
