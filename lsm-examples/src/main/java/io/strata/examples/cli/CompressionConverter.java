package io.strata.examples.cli;

import io.strata.api.CompressionType;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses {@code none}, {@code snappy} or {@code zstd} (any case) into a {@link CompressionType}.
 * Stateless.
 */
final class CompressionConverter implements CommandLine.ITypeConverter<CompressionType> {
  @Override
  public CompressionType convert(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "none":
        return CompressionType.NONE;
      case "snappy":
        return CompressionType.SNAPPY;
      case "zstd":
        return CompressionType.ZSTD;
      default:
        throw new CommandLine.TypeConversionException(
            "expected none, snappy or zstd, was '" + value + "'");
    }
  }
}
