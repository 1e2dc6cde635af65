package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A database's block compression settings, as its {@link OptionsFile} records them: the
 * {@code [TableOptions]} section, with RocksDB's option names and value names (facebook/rocksdb
 * {@code include/rocksdb/advanced_options.h}, {@code options/options_helper.cc}):
 *
 * <pre>
 * [TableOptions]
 *   compression=kSnappyCompression
 *   compression_per_level=kNoCompression:kNoCompression:kSnappyCompression:kZSTD
 *   bottommost_compression=kZSTD                  kDisableCompressionOption: none
 * </pre>
 *
 * An empty {@code compression_per_level} means {@code compression} at every level. The record is
 * informational: compression is chosen per block and each block names its own, so an open uses
 * the compression its {@link Options} give and reads tables written with any other. Immutable.
 *
 * @param compression {@link Options#compression()}
 * @param perLevel {@link Options#compressionPerLevel()}
 * @param bottommost {@link Options#bottommostCompression()}
 */
public record CompressionSettings(CompressionType compression,
    ImmutableList<CompressionType> perLevel, Optional<CompressionType> bottommost) {
  /** What a database whose OPTIONS file has no {@code [TableOptions]} section records. */
  public static final CompressionSettings DEFAULT = of(Options.defaults());

  /** RocksDB's value of {@code bottommost_compression} when it is not set. */
  static final String DISABLED = "kDisableCompressionOption";

  public CompressionSettings {
    checkNotNull(compression, "compression");
    checkNotNull(perLevel, "perLevel");
    checkNotNull(bottommost, "bottommost");
  }

  /**
   * The settings of {@code options}.
   *
   * @param options the options of an open
   * @return their compression settings
   */
  public static CompressionSettings of(Options options) {
    return new CompressionSettings(options.compression(), options.compressionPerLevel(),
        options.bottommostCompression());
  }

  /** RocksDB's name of {@code type}, e.g. {@code kZSTD}. */
  static String rocksDbName(CompressionType type) {
    return switch (type) {
      case NONE -> "kNoCompression";
      case SNAPPY -> "kSnappyCompression";
      case ZSTD -> "kZSTD";
    };
  }

  /**
   * The type RocksDB calls {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is no type this engine writes
   */
  static CompressionType parse(String name) {
    for (CompressionType t : CompressionType.values()) {
      if (rocksDbName(t).equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown compression type '" + name + "'");
  }

  /** {@code compression_per_level}'s value: RocksDB names joined by colons; empty for none. */
  String perLevelValue() {
    List<String> names = new ArrayList<>();
    perLevel.forEach(t -> names.add(rocksDbName(t)));
    return String.join(":", names);
  }

  /**
   * Parses {@code compression_per_level}'s value.
   *
   * @throws IllegalArgumentException if an entry is empty or unknown
   */
  static ImmutableList<CompressionType> parsePerLevel(String value) {
    if (value.isEmpty()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<CompressionType> out = ImmutableList.builder();
    String[] names = value.split(":", -1);
    for (int i = 0; i < names.length; i++) {
      checkArgument(!names[i].isEmpty(), "empty entry %s in compression_per_level '%s'", i,
          value);
      out.add(parse(names[i]));
    }
    return out.build();
  }

  /** {@code bottommost_compression}'s value. */
  String bottommostValue() {
    return bottommost.map(CompressionSettings::rocksDbName).orElse(DISABLED);
  }

  /**
   * Parses {@code bottommost_compression}'s value.
   *
   * @throws IllegalArgumentException if it names no type
   */
  static Optional<CompressionType> parseBottommost(String value) {
    return value.equals(DISABLED) ? Optional.empty() : Optional.of(parse(value));
  }

  /** One line for logs, e.g. {@code compression=kZSTD, compression_per_level=, ...}. */
  public String describe() {
    return "compression=" + rocksDbName(compression) + ", compression_per_level="
        + perLevelValue() + ", bottommost_compression=" + bottommostValue();
  }
}
