package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A database's {@code OPTIONS-NNNNNN} file: the compaction strategy it uses and the strategy's
 * options, and its merge operator if it has one, so that an open that names none uses them (the rule is in {@code Options}), and its
 * block compression settings ({@link CompressionSettings}, a record only: each block names its
 * own compression). The name is RocksDB's, and so is the practice: a new file with a new number
 * is written when the database is created or opened naming another strategy, other options or
 * other compression settings, and older ones are deleted after. LevelDB does not parse the name,
 * so it keeps the file and ignores it. Stateless.
 *
 * <p>The file is UTF-8 text, in sections, keys and values URL-encoded ({@code %XX} for anything
 * but letters, digits and {@code .-*_}; {@code +} for a space):
 *
 * <pre>
 * # comment lines (what the file is)
 * [Version]
 *   strata_options_file_version=1
 * [CompactionStrategy]
 *   name=tiered
 * [CompactionStrategyOptions]
 *   min_threshold=6                  one line per option, sorted by key; none for the defaults
 * [TableOptions]                     only when the compression settings are not the defaults
 *   compression=kSnappyCompression
 *   compression_per_level=kNoCompression:kZSTD
 *   bottommost_compression=kDisableCompressionOption
 * [MergeOperator]                    only for a database with a merge operator
 *   name=stringappend
 * [MergeOperatorOptions]             as [CompactionStrategyOptions], for the merge operator
 *   delimiter=%3B
 * [Ttl]                              only for a database written with a TTL
 *   ttl_seconds=86400                the TTL of the last open, in seconds
 * [Checksum]
 *   crc32c=0x1a2b3c4d                CRC32C (unmasked) of every byte before "[Checksum]"
 * </pre>
 *
 * A file with {@code [TableOptions]}, {@code [MergeOperator]} or {@code [Ttl]} is version 2, so
 * that a Strata that reads only version 1 refuses it (rather than open the database without its
 * merge operator or TTL); without them the file is version 1, as before those sections existed.
 * A database written with a TTL stores a write time after every value ({@code
 * io.strata.core.ttl.TtlDb}); its file must say so, or the values would be misread.
 *
 * <p>It is written atomically: to {@code OPTIONS-NNNNNN.dbtmp}, synced, renamed, and the directory
 * synced, so a crash leaves the old file or the new one, never half of one.
 */
public final class OptionsFile {
  /** The newest format version this class writes and reads: 2, with {@code [TableOptions]}. */
  static final int VERSION = 2;
  /** The version of a file with no {@code [TableOptions]}, which older readers read too. */
  static final int VERSION_WITHOUT_TABLE_OPTIONS = 1;
  /** The version of a database written with a TTL: the newest, whatever else the file holds. */
  static final int VERSION_WITH_TTL = VERSION;
  /** Bytes an OPTIONS file may hold, at most: more is damage, not options. */
  static final int MAX_BYTES = 1 << 20;

  private static final String CHECKSUM_SECTION = "[Checksum]\n";
  /** The keys of {@code [TableOptions]}, each required once. */
  private static final Set<String> TABLE_OPTION_KEYS =
      Set.of("compression", "compression_per_level", "bottommost_compression");

  /**
   * What an OPTIONS file records.
   *
   * @param strategy the compaction strategy and its options
   * @param compression the compression settings; {@link CompressionSettings#DEFAULT} for a
   *     file without {@code [TableOptions]}
   * @param ttlSeconds the TTL in seconds; empty for a database without one
   * @param mergeOperator the merge operator's name and options; empty for none
   */
  public record Contents(StrategySettings strategy, CompressionSettings compression,
      OptionalLong ttlSeconds, Optional<StrategySettings> mergeOperator) {
    public Contents {
      checkNotNull(strategy, "strategy");
      checkNotNull(compression, "compression");
      checkNotNull(ttlSeconds, "ttlSeconds");
      checkNotNull(mergeOperator, "mergeOperator");
    }

    /** What a file of a database without a TTL or merge operator records. */
    public Contents(StrategySettings strategy, CompressionSettings compression) {
      this(strategy, compression, OptionalLong.empty(), Optional.empty());
    }

    /** {@return whether a section of version 2 is needed} */
    boolean needsVersion2() {
      return !compression.equals(CompressionSettings.DEFAULT) || ttlSeconds.isPresent()
          || mergeOperator.isPresent();
    }
  }

  /**
   * An OPTIONS file read from a directory.
   *
   * @param number the number in its name
   * @param settings the strategy it records
   * @param compression the compression settings it records
   * @param ttlSeconds the TTL it records, in seconds; empty for a database without one
   * @param mergeOperator the merge operator's name and options it records, if any
   */
  public record Loaded(long number, StrategySettings settings, CompressionSettings compression,
      OptionalLong ttlSeconds, Optional<StrategySettings> mergeOperator) {
    public Loaded {
      checkNotNull(settings, "settings");
      checkNotNull(compression, "compression");
      checkNotNull(ttlSeconds, "ttlSeconds");
      checkNotNull(mergeOperator, "mergeOperator");
    }

    /** A file recording {@code settings} and nothing else: default compression, no TTL. */
    public Loaded(long number, StrategySettings settings) {
      this(number, settings, CompressionSettings.DEFAULT, OptionalLong.empty(),
          Optional.empty());
    }

    /** A file recording {@code settings} and a merge operator. */
    public Loaded(long number, StrategySettings settings,
        Optional<StrategySettings> mergeOperator) {
      this(number, settings, CompressionSettings.DEFAULT, OptionalLong.empty(), mergeOperator);
    }

    /** {@code OPTIONS-NNNNNN}. */
    public String fileName() {
      return FileNames.optionsFileName(number);
    }
  }

  private OptionsFile() {}

  /**
   * Reads the directory's newest OPTIONS file (the largest number).
   *
   * @return empty when the directory holds none
   * @throws CorruptionException naming the file when it is damaged
   * @throws IOException if listing or reading fails, or the file was written by a newer format
   */
  public static Optional<Loaded> readNewest(FileSystem fs, Path dir) throws IOException {
    OptionalLong number = newestNumber(fs, dir);
    if (number.isEmpty()) {
      return Optional.empty();
    }
    long newest = number.getAsLong();
    Path path = dir.resolve(FileNames.optionsFileName(newest));
    byte[] bytes;
    try (ReadableFile f = fs.newReadableFile(path)) {
      long size = f.size();
      if (size > MAX_BYTES) {
        throw damaged(path.toString(), 0, "is " + size
            + " bytes long; an OPTIONS file holds at most " + MAX_BYTES);
      }
      bytes = new byte[(int) size];
      f.readFully(0, bytes, 0, bytes.length);
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": deleted while the database was being opened", e);
    }
    Contents contents = decodeContents(bytes, path.toString());
    return Optional.of(new Loaded(newest, contents.strategy(), contents.compression(),
        contents.ttlSeconds(), contents.mergeOperator()));
  }

  /**
   * The largest number of an OPTIONS file in {@code dir} (read or not), so that a new one can be
   * numbered above it.
   *
   * @return empty when the directory holds none
   * @throws IOException if listing fails
   */
  public static OptionalLong newestNumber(FileSystem fs, Path dir) throws IOException {
    List<Long> numbers = DbFiles.list(fs, dir).numbers(FileNames.FileType.OPTIONS);
    return numbers.isEmpty() ? OptionalLong.empty()
        : OptionalLong.of(numbers.get(numbers.size() - 1));
  }

  /**
   * Writes {@code settings} to {@code OPTIONS-<number>} in {@code dir} atomically (see the class
   * comment), then deletes older OPTIONS files and leftover temporary ones.
   *
   * @throws IOException if a step before the rename fails (the temporary file is deleted, best
   *     effort, and the old file stays the newest), or the directory sync or a deletion fails
   *     (the new file is in place)
   */
  public static void write(FileSystem fs, Path dir, long number, StrategySettings settings)
      throws IOException {
    write(fs, dir, number, settings, CompressionSettings.DEFAULT);
  }

  /**
   * Writes {@code settings} and {@code compression} to {@code OPTIONS-<number>} in {@code dir}
   * atomically, as {@link #write(FileSystem, Path, long, StrategySettings)}.
   *
   * @throws IOException as {@link #write(FileSystem, Path, long, StrategySettings)}
   */
  public static void write(FileSystem fs, Path dir, long number, StrategySettings settings,
      CompressionSettings compression) throws IOException {
    write(fs, dir, number, new Contents(settings, compression));
  }

  /** As {@link #write(FileSystem, Path, long, StrategySettings)}, recording a TTL if present. */
  public static void write(FileSystem fs, Path dir, long number, StrategySettings settings,
      OptionalLong ttlSeconds) throws IOException {
    write(fs, dir, number, new Contents(settings, CompressionSettings.DEFAULT, ttlSeconds,
        Optional.empty()));
  }

  /**
   * As {@link #write(FileSystem, Path, long, StrategySettings)}, recording a merge operator too.
   *
   * @param mergeOperator the merge operator's name and options; empty for none
   */
  public static void write(FileSystem fs, Path dir, long number, StrategySettings settings,
      Optional<StrategySettings> mergeOperator) throws IOException {
    write(fs, dir, number, new Contents(settings, CompressionSettings.DEFAULT,
        OptionalLong.empty(), mergeOperator));
  }

  /**
   * Writes {@code contents} to {@code OPTIONS-<number>} in {@code dir} atomically, as
   * {@link #write(FileSystem, Path, long, StrategySettings)}.
   *
   * @throws IOException as {@link #write(FileSystem, Path, long, StrategySettings)}
   */
  public static void write(FileSystem fs, Path dir, long number, Contents contents)
      throws IOException {
    checkNotNull(contents, "contents");
    FileNames.writeAtomically(fs, dir, FileNames.optionsTempFileName(number),
        FileNames.optionsFileName(number), encode(contents));
    DbFiles files = DbFiles.list(fs, dir);
    for (DbFiles.DbFile f : files.all()) {
      if ((f.type() == FileNames.FileType.OPTIONS && f.number() < number)
          || f.type() == FileNames.FileType.OPTIONS_TEMP) {
        try {
          fs.delete(dir.resolve(f.name()));
        } catch (NoSuchFileException e) {
          // Already gone: nothing to do.
        }
      }
    }
  }

  /** The file's bytes for {@code settings} and the default compression settings. */
  public static byte[] encode(StrategySettings settings) {
    return encode(settings, CompressionSettings.DEFAULT);
  }

  /**
   * The file's bytes for {@code settings} and {@code compression}: version 1, without
   * {@code [TableOptions]}, when {@code compression} is {@link CompressionSettings#DEFAULT}.
   */
  public static byte[] encode(StrategySettings settings, CompressionSettings compression) {
    return encode(new Contents(settings, compression));
  }

  /** The file's bytes for {@code settings} and, if present, a TTL in seconds. */
  public static byte[] encode(StrategySettings settings, OptionalLong ttlSeconds) {
    return encode(new Contents(settings, CompressionSettings.DEFAULT, ttlSeconds,
        Optional.empty()));
  }

  /** The file's bytes for {@code settings} and {@code mergeOperator} (empty: none). */
  public static byte[] encode(StrategySettings settings,
      Optional<StrategySettings> mergeOperator) {
    return encode(new Contents(settings, CompressionSettings.DEFAULT, OptionalLong.empty(),
        mergeOperator));
  }

  /**
   * The file's bytes for {@code contents}: version 1 when it holds only a strategy (the default
   * compression settings, no merge operator, no TTL), else version 2.
   */
  public static byte[] encode(Contents contents) {
    StrategySettings settings = contents.strategy();
    CompressionSettings compression = contents.compression();
    boolean tableOptions = !compression.equals(CompressionSettings.DEFAULT);
    StringBuilder sb = new StringBuilder();
    sb.append("# Strata OPTIONS file: this database's compaction strategy and its options.\n")
        .append("# Written when the database is created or opened naming another strategy or\n")
        .append("# other options; an open that names none uses these. Checksummed: do not edit.\n")
        .append("[Version]\n")
        .append("  strata_options_file_version=")
        .append(contents.needsVersion2() ? VERSION : VERSION_WITHOUT_TABLE_OPTIONS).append('\n')
        .append("[CompactionStrategy]\n")
        .append("  name=").append(escape(settings.name())).append('\n')
        .append("[CompactionStrategyOptions]\n");
    settings.options().forEach((k, v) ->
        sb.append("  ").append(escape(k)).append('=').append(escape(v)).append('\n'));
    if (tableOptions) {
      sb.append("[TableOptions]\n")
          .append("  compression=")
          .append(CompressionSettings.rocksDbName(compression.compression())).append('\n')
          .append("  compression_per_level=").append(compression.perLevelValue()).append('\n')
          .append("  bottommost_compression=").append(compression.bottommostValue())
          .append('\n');
    }
    contents.mergeOperator().ifPresent(m -> {
      sb.append("[MergeOperator]\n")
          .append("  name=").append(escape(m.name())).append('\n')
          .append("[MergeOperatorOptions]\n");
      m.options().forEach((k, v) ->
          sb.append("  ").append(escape(k)).append('=').append(escape(v)).append('\n'));
    });
    contents.ttlSeconds().ifPresent(t -> sb.append("[Ttl]\n  ttl_seconds=").append(t).append('\n'));
    byte[] body = sb.toString().getBytes(UTF_8);
    byte[] trailer = String.format(Locale.ROOT, "%s  crc32c=0x%08x\n", CHECKSUM_SECTION,
        Crc32c.value(body, 0, body.length)).getBytes(UTF_8);
    byte[] out = new byte[body.length + trailer.length];
    System.arraycopy(body, 0, out, 0, body.length);
    System.arraycopy(trailer, 0, out, body.length, trailer.length);
    return out;
  }

  /**
   * The settings {@code bytes} record.
   *
   * @param file the file's name or path, for messages
   * @throws CorruptionException naming {@code file} and the offset of the damage
   * @throws IOException if a newer format wrote the file
   */
  public static StrategySettings decode(byte[] bytes, String file) throws IOException {
    return decodeContents(bytes, file).strategy();
  }

  /**
   * The merge operator {@code bytes} record, if any.
   *
   * @param file the file's name or path, for messages
   * @throws CorruptionException naming {@code file} and the offset of the damage
   * @throws IOException if a newer format wrote the file
   */
  public static Optional<StrategySettings> decodeMergeOperator(byte[] bytes, String file)
      throws IOException {
    return decodeContents(bytes, file).mergeOperator();
  }

  /**
   * What {@code bytes} record: the strategy settings, the compression settings, the TTL and the
   * merge operator.
   *
   * @param file the file's name or path, for messages
   * @throws CorruptionException naming {@code file} and the offset of the damage
   * @throws IOException if a newer format wrote the file
   */
  public static Contents decodeContents(byte[] bytes, String file) throws IOException {
    int checksumAt = lastIndexOf(bytes, ("\n" + CHECKSUM_SECTION).getBytes(UTF_8)) + 1;
    if (checksumAt <= 0) {
      throw damaged(file, bytes.length,
          "no [Checksum] section: the OPTIONS file is cut short or damaged");
    }
    String trailer = new String(bytes, checksumAt, bytes.length - checksumAt, UTF_8);
    String expected = String.format(Locale.ROOT, "%s  crc32c=0x%08x\n", CHECKSUM_SECTION,
        Crc32c.value(bytes, 0, checksumAt));
    if (!trailer.equals(expected)) {
      throw damaged(file, checksumAt, "checksum mismatch: the OPTIONS file is"
          + " damaged (" + trailer.strip().replace('\n', ' ') + ", computed "
          + expected.strip().replace('\n', ' ') + ")");
    }
    String text;
    try {
      text = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, checksumAt)).toString();
    } catch (CharacterCodingException e) {
      throw damaged(file, 0, "not UTF-8 text", e);
    }
    String section = "";
    Integer version = null;
    String name = null;
    Long ttl = null;
    int ttlAt = -1;
    String mergeName = null;
    TreeMap<String, String> mergeOptions = new TreeMap<>();
    int mergeAt = -1;
    TreeMap<String, String> options = new TreeMap<>();
    TreeMap<String, String> table = new TreeMap<>();
    int tableAt = -1;
    int offset = 0;
    for (String line : text.split("\n", -1)) {
      int lineOffset = offset;
      offset += line.getBytes(UTF_8).length + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        if (!section.equals("Version") && !section.equals("CompactionStrategy")
            && !section.equals("CompactionStrategyOptions") && !section.equals("TableOptions")
            && !section.equals("Ttl") && !section.equals("MergeOperator")
            && !section.equals("MergeOperatorOptions")) {
          throw damaged(file, lineOffset, "unknown section " + line);
        }
        if (section.equals("TableOptions")) {
          tableAt = lineOffset;
        } else if (section.equals("Ttl")) {
          ttlAt = lineOffset;
        } else if (section.startsWith("MergeOperator") && mergeAt < 0) {
          mergeAt = lineOffset;
        }
        continue;
      }
      String entry = line.strip();
      int eq = entry.indexOf('=');
      if (section.isEmpty() || eq <= 0 || !line.startsWith("  ")) {
        throw damaged(file, lineOffset, "not a '  key=value' line in a"
            + " section: '" + line + "'");
      }
      String key;
      String value;
      try {
        key = URLDecoder.decode(entry.substring(0, eq), UTF_8);
        value = URLDecoder.decode(entry.substring(eq + 1), UTF_8);
      } catch (IllegalArgumentException e) {
        // The JDK's URLDecoder reports a bad escape only this way; it names no file.
        throw damaged(file, lineOffset, "bad %-escape in '" + line + "'", e);
      }
      switch (section) {
        case "Version" -> {
          if (!key.equals("strata_options_file_version") || version != null) {
            throw damaged(file, lineOffset, "unexpected '" + line.strip()
                + "' in [Version]");
          }
          version = parseVersion(value, file, lineOffset);
        }
        case "CompactionStrategy" -> {
          if (!key.equals("name") || name != null || value.isBlank()) {
            throw damaged(file, lineOffset, "unexpected '" + line.strip()
                + "' in [CompactionStrategy]");
          }
          name = value;
        }
        case "TableOptions" -> {
          if (!TABLE_OPTION_KEYS.contains(key) || table.put(key, value) != null) {
            throw damaged(file, lineOffset, "unexpected '" + line.strip()
                + "' in [TableOptions]");
          }
        }
        case "MergeOperator" -> {
          if (!key.equals("name") || mergeName != null || value.isBlank()) {
            throw damaged(file, lineOffset, "unexpected '" + line.strip()
                + "' in [MergeOperator]");
          }
          mergeName = value;
        }
        case "MergeOperatorOptions" -> {
          if (mergeOptions.put(key, value) != null) {
            throw damaged(file, lineOffset, "merge operator option '" + key + "' given twice");
          }
        }
        case "Ttl" -> {
          if (!key.equals("ttl_seconds") || ttl != null) {
            throw damaged(file, lineOffset, "unexpected '" + line.strip() + "' in [Ttl]");
          }
          ttl = parseTtl(value, file, lineOffset);
        }
        default -> {
          if (options.put(key, value) != null) {
            throw damaged(file, lineOffset, "option '" + key
                + "' given twice");
          }
        }
      }
    }
    if (version == null) {
      throw damaged(file, 0, "no strata_options_file_version in [Version]");
    }
    if (version > VERSION) {
      throw new IOException(file + ": written by a newer Strata (OPTIONS file version "
          + version + "; this one reads version " + VERSION + ")");
    }
    if (name == null) {
      throw damaged(file, 0, "no strategy name in [CompactionStrategy]");
    }
    int version2At = Math.max(tableAt, Math.max(ttlAt, mergeAt));
    if (version2At >= 0 && version < VERSION) {
      throw damaged(file, version2At, "OPTIONS file version " + version
          + " with a section of version " + VERSION);
    }
    if (mergeName == null && mergeAt >= 0) {
      throw damaged(file, mergeAt, "[MergeOperatorOptions] without a [MergeOperator] name");
    }
    if (ttlAt >= 0 && ttl == null) {
      throw damaged(file, ttlAt, "[Ttl] without ttl_seconds");
    }
    CompressionSettings compression = CompressionSettings.DEFAULT;
    if (tableAt >= 0) {
      if (table.size() != TABLE_OPTION_KEYS.size()) {
        throw damaged(file, tableAt, "[TableOptions] lacks one of " + TABLE_OPTION_KEYS);
      }
      try {
        compression = new CompressionSettings(
            CompressionSettings.parse(table.get("compression")),
            CompressionSettings.parsePerLevel(table.get("compression_per_level")),
            CompressionSettings.parseBottommost(table.get("bottommost_compression")));
      } catch (IllegalArgumentException e) {
        throw damaged(file, tableAt, "bad [TableOptions]: " + e.getMessage(), e);
      }
    }
    return new Contents(StrategySettings.of(name, options), compression,
        ttl == null ? OptionalLong.empty() : OptionalLong.of(ttl),
        mergeName == null ? Optional.empty()
            : Optional.of(StrategySettings.of(mergeName, mergeOptions)));
  }

  private static long parseTtl(String value, String file, int offset)
      throws CorruptionException {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw damaged(file, offset, "bad ttl_seconds '" + value + "'", e);
    }
    if (v < 1 || v > Integer.MAX_VALUE) {
      throw damaged(file, offset, "bad ttl_seconds '" + value + "'");
    }
    return v;
  }


  private static int parseVersion(String value, String file, int offset)
      throws CorruptionException {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw damaged(file, offset, "bad options file version '" + value + "'", e);
    }
    if (v < 1) {
      throw damaged(file, offset, "bad options file version '" + value + "'");
    }
    return v;
  }

  /** Damage, with what the user can do about it. */
  private static CorruptionException damaged(String file, long offset, String what) {
    return new CorruptionException(file, offset, what + "; delete it and open the database naming"
        + " its compaction strategy and options to record them again");
  }

  private static CorruptionException damaged(String file, long offset, String what,
      Throwable cause) {
    CorruptionException e = damaged(file, offset, what);
    e.initCause(cause);
    return e;
  }

  private static String escape(String s) {
    return URLEncoder.encode(s, UTF_8);
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      int j = 0;
      while (j < needle.length && haystack[i + j] == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        return i;
      }
    }
    return -1;
  }
}
