package io.strata.compaction.tiered;

import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses a tree shape written as text into a {@link Version}, and prints a {@link Compaction}
 * back as text, for the data-driven picker tests.
 *
 * <p>Tree lines:
 *
 * <pre>
 * L0: 12:4M@31-40 11:[c.30-d.21]:4M@21-30     level 0 holds files 12 and 11
 * L1: 20:[a.5-m.5]:10M 21:[n.5-z.5]:10M        level 1 holds files 20 and 21
 * </pre>
 *
 * A file is {@code number}, then optionally {@code :[smallest-largest]} (default {@code
 * [a.H-z.L]} where {@code L-H} is its sequence range, or {@code [a.0-z.0]} without one), then
 * optionally {@code :size} (bytes, or with a K, M or G suffix for KiB, MiB, GiB; default 1K),
 * then optionally {@code @L-H} or {@code @S}, its sequence range ({@code [S, S]} for the
 * latter); without it the file has none (LevelDB's layout). A key is {@code userKey.sequence}, a
 * value entry; user keys are ASCII without '.', '-', ']' or spaces.
 *
 * <p>A compaction prints as {@code L0 12,11 + L1 20,21 -> L1 ; cut 64M}: the input files of each
 * level in the compaction's order, the output level, and the output file size cut when there is
 * one (a level-0 output is one file).
 */
final class TreeShape {
  static final InternalKeyComparator ICMP = new InternalKeyComparator(BytewiseComparator.INSTANCE);
  static final long DEFAULT_FILE_SIZE_BYTES = 1024;

  private static final Pattern LEVEL_LINE = Pattern.compile("L(\\d):(.*)");
  private static final Pattern FILE = Pattern.compile(
      "(\\d+)(?::\\[([^\\]\\-]+)-([^\\]\\-]+)\\])?(?::(\\d+)([KMG]?))?(?:@(\\d+)(?:-(\\d+))?)?");
  private static final Pattern KEY = Pattern.compile("([^.]+)\\.(\\d+)");

  private TreeShape() {}

  /** The Version the lines describe. */
  static Version parse(List<String> lines) {
    List<List<FileMetaData>> files = new ArrayList<>();
    for (int i = 0; i < Version.NUM_LEVELS; i++) {
      files.add(new ArrayList<>());
    }
    for (String raw : lines) {
      Matcher level = LEVEL_LINE.matcher(raw.strip());
      if (!level.matches()) {
        throw new IllegalArgumentException("not a tree line: " + raw);
      }
      List<FileMetaData> levelFiles = files.get(Integer.parseInt(level.group(1)));
      for (String token : level.group(2).strip().split("\\s+")) {
        if (!token.isEmpty()) {
          levelFiles.add(file(token));
        }
      }
    }
    return Version.of(ICMP, files);
  }

  /** One file token. */
  static FileMetaData file(String token) {
    Matcher m = FILE.matcher(token);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a file: " + token);
    }
    long size = DEFAULT_FILE_SIZE_BYTES;
    if (m.group(4) != null) {
      size = Long.parseLong(m.group(4)) << switch (m.group(5)) {
        case "K" -> 10;
        case "M" -> 20;
        case "G" -> 30;
        default -> 0;
      };
    }
    boolean hasRange = m.group(6) != null;
    long lo = hasRange ? Long.parseLong(m.group(6)) : 0;
    long hi = m.group(7) != null ? Long.parseLong(m.group(7)) : lo;
    InternalKey smallest = m.group(2) != null ? key(m.group(2)) : key("a." + hi);
    InternalKey largest = m.group(3) != null ? key(m.group(3)) : key("z." + lo);
    FileMetaData f = new FileMetaData(Long.parseLong(m.group(1)), size, smallest, largest);
    return hasRange ? f.withSequenceRange(lo, hi, "tiered") : f;
  }

  /** One key {@code userKey.sequence}. */
  static InternalKey key(String token) {
    Matcher m = KEY.matcher(token);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a key: " + token);
    }
    return new InternalKey(Bytes.copyOf(m.group(1).getBytes(StandardCharsets.US_ASCII)),
        Long.parseLong(m.group(2)), ValueType.VALUE);
  }

  /** The text form of {@code c} described above. */
  static String format(Compaction c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.inputs().size(); i++) {
      if (i > 0) {
        sb.append(" + ");
      }
      Compaction.LevelInputs in = c.inputs().get(i);
      sb.append('L').append(in.level()).append(' ').append(numbers(in.files()));
    }
    sb.append(" -> L").append(c.outputLevel());
    if (c.maxOutputFileSizeBytes() != Long.MAX_VALUE) {
      sb.append(" ; cut ").append(size(c.maxOutputFileSizeBytes()));
    }
    return sb.toString();
  }

  /** {@code bytes} with a K, M or G suffix when it is a whole number of them. */
  static String size(long bytes) {
    String[] units = {"G", "M", "K"};
    int[] shifts = {30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
        return (bytes >> shifts[i]) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String numbers(List<FileMetaData> files) {
    return files.stream().map(f -> Long.toString(f.fileNumber()))
        .collect(Collectors.joining(","));
  }
}
