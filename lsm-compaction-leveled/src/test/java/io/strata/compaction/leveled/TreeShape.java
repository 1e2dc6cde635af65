package io.strata.compaction.leveled;

import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.Options;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * L0: 12:[a.5-c.4] 13:[b.7-d.6]:3M      level 0 holds files 12 and 13; 13 is 3 MiB
 * pointer L1: c.4                         the compaction pointer of level 1
 * </pre>
 *
 * A file is {@code number:[smallest-largest]} with an optional {@code :size} (bytes, or with a
 * K, M or G suffix for KiB, MiB, GiB; default 1K). A key is {@code userKey.sequence}, a value
 * entry; user keys are ASCII without '.', '-', ']' or spaces.
 *
 * <p>A compaction prints as
 * {@code L0 -> L1 inputs 13,12 + 7 ; grandparents 20 ; pointer d.6 ; trivial move}: the input
 * file numbers of the start level in the compaction's order, then those of the output level
 * (the {@code + ...} part absent when there are none), the grandparents (absent when none), the
 * compaction pointer's key, and whether it is a trivial move.
 */
final class TreeShape {
  static final InternalKeyComparator ICMP = new InternalKeyComparator(BytewiseComparator.INSTANCE);
  static final long DEFAULT_FILE_SIZE_BYTES = 1024;

  private static final Pattern LEVEL_LINE = Pattern.compile("L(\\d):(.*)");
  private static final Pattern POINTER_LINE = Pattern.compile("pointer L(\\d):\\s*(\\S+)");
  private static final Pattern FILE =
      Pattern.compile("(\\d+):\\[([^\\]\\-]+)-([^\\]\\-]+)\\](?::(\\d+)([KMG]?))?");
  private static final Pattern KEY = Pattern.compile("([^.]+)\\.(\\d+)");

  private TreeShape() {}

  /**
   * LevelDB's leveled compaction throughout: its sizes and triggers ({@link
   * LeveledCompactionOptions#levelDbDefaults()}), its round-robin seed file and its output cut at
   * the target file size.
   */
  static LeveledCompactionOptions levelDbPicking() {
    return LeveledCompactionOptions.fromMap(levelDbPickingOptions());
  }

  /** {@link #levelDbPicking()} as option strings. */
  static Map<String, String> levelDbPickingOptions() {
    Map<String, String> options = new HashMap<>(Options.LEVELDB_LEVELED_OPTIONS);
    options.put(LeveledCompactionOptions.COMPACTION_PRI, CompactionPri.ROUND_ROBIN.optionValue());
    options.put(LeveledCompactionOptions.LEVEL_COMPACTION_DYNAMIC_FILE_SIZE, "false");
    return options;
  }

  /** The Version the lines describe. */
  static Version parse(List<String> lines) {
    List<List<FileMetaData>> files = new ArrayList<>();
    for (int i = 0; i < Version.NUM_LEVELS; i++) {
      files.add(new ArrayList<>());
    }
    VersionEdit.Builder pointers = VersionEdit.builder();
    for (String raw : lines) {
      String line = raw.strip();
      Matcher pointer = POINTER_LINE.matcher(line);
      Matcher level = LEVEL_LINE.matcher(line);
      if (pointer.matches()) {
        pointers.compactPointer(Integer.parseInt(pointer.group(1)), key(pointer.group(2)));
      } else if (level.matches()) {
        List<FileMetaData> levelFiles = files.get(Integer.parseInt(level.group(1)));
        for (String token : level.group(2).strip().split("\\s+")) {
          if (!token.isEmpty()) {
            levelFiles.add(file(token));
          }
        }
      } else {
        throw new IllegalArgumentException("not a tree line: " + raw);
      }
    }
    return Version.of(ICMP, files).apply(pointers.build());
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
    return new FileMetaData(Long.parseLong(m.group(1)), size, key(m.group(2)), key(m.group(3)));
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

  /**
   * The text form of {@code c} described above, {@code trivialMove} standing for
   * {@code c.trivialMove()}.
   */
  static String format(Compaction c, boolean trivialMove) {
    StringBuilder sb = new StringBuilder();
    sb.append('L').append(c.startLevel()).append(" -> L").append(c.outputLevel())
        .append(" inputs ");
    for (int i = 0; i < c.inputs().size(); i++) {
      if (i > 0) {
        sb.append(" + ");
      }
      sb.append(numbers(c.inputs().get(i).files()));
    }
    if (!c.grandparents().isEmpty()) {
      sb.append(" ; grandparents ").append(numbers(c.grandparents()));
    }
    c.compactPointer().ifPresent(p -> sb.append(" ; pointer ").append(format(p.key())));
    if (trivialMove) {
      sb.append(" ; trivial move");
    }
    return sb.toString();
  }

  static String format(InternalKey key) {
    return key.userKey() + "." + key.sequence();
  }

  private static String numbers(List<FileMetaData> files) {
    return files.stream().map(f -> Long.toString(f.fileNumber()))
        .collect(Collectors.joining(","));
  }
}
