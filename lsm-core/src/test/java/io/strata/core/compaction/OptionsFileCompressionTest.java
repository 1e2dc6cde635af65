package io.strata.core.compaction;

import static io.strata.api.CompressionType.NONE;
import static io.strata.api.CompressionType.SNAPPY;
import static io.strata.api.CompressionType.ZSTD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.spi.coding.Crc32c;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code [TableOptions]} section of an OPTIONS file: compression settings. */
class OptionsFileCompressionTest {
  private static final StrategySettings TIERED = StrategySettings.of("tiered",
      Map.of("min_threshold", "6"));
  private static final CompressionSettings TIERS = CompressionSettings.of(Options.builder()
      .compressionPerLevel(List.of(NONE, NONE, SNAPPY, ZSTD)).bottommostCompression(ZSTD)
      .build());

  /** {@code body} with a correct [Checksum] section. */
  private static byte[] withChecksum(String body) {
    byte[] b = body.getBytes(UTF_8);
    return (body + String.format("[Checksum]\n  crc32c=0x%08x\n", Crc32c.value(b, 0, b.length)))
        .getBytes(UTF_8);
  }

  private static String body(byte[] file) {
    String text = new String(file, UTF_8);
    return text.substring(0, text.indexOf("[Checksum]"));
  }

  @Test
  void recordsCompressionWithRocksDbNamesAndRoundTrips() throws Exception {
    byte[] bytes = OptionsFile.encode(TIERED, TIERS);
    assertThat(new String(bytes, UTF_8))
        .contains("  strata_options_file_version=2\n")
        .contains("[TableOptions]\n  compression=kSnappyCompression\n"
            + "  compression_per_level=kNoCompression:kNoCompression:kSnappyCompression:kZSTD\n"
            + "  bottommost_compression=kZSTD\n[Checksum]");
    OptionsFile.Contents c = OptionsFile.decodeContents(bytes, "OPTIONS-000005");
    assertThat(c.strategy()).isEqualTo(TIERED);
    assertThat(c.compression()).isEqualTo(TIERS);
    assertThat(OptionsFile.encode(c.strategy(), c.compression())).isEqualTo(bytes);

    CompressionSettings zstdOnly = CompressionSettings.of(Options.builder()
        .compression(ZSTD).build());
    byte[] z = OptionsFile.encode(StrategySettings.DEFAULT, zstdOnly);
    assertThat(new String(z, UTF_8)).contains("  compression=kZSTD\n  compression_per_level=\n"
        + "  bottommost_compression=kDisableCompressionOption\n");
    assertThat(OptionsFile.decodeContents(z, "OPTIONS-000006").compression())
        .isEqualTo(new CompressionSettings(ZSTD, ImmutableList.of(), Optional.empty()));
  }

  @Test
  void defaultsWriteTheVersionOneFileOlderReadersRead() throws Exception {
    byte[] bytes = OptionsFile.encode(TIERED, CompressionSettings.DEFAULT);
    assertThat(bytes).isEqualTo(OptionsFile.encode(TIERED));
    assertThat(new String(bytes, UTF_8)).contains("  strata_options_file_version=1\n")
        .doesNotContain("[TableOptions]");
    assertThat(OptionsFile.decodeContents(bytes, "OPTIONS-000005").compression())
        .isEqualTo(CompressionSettings.DEFAULT);
  }

  @Test
  void badTableOptionsAreDamageNamingTheFileAndSection() {
    String good = body(OptionsFile.encode(TIERED, TIERS));
    int section = good.indexOf("[TableOptions]");
    for (String[] change : new String[][] {
        {":kSnappyCompression:kZSTD", ":kSnappyCompression::kZSTD"}, // an empty entry
        {"kNoCompression:kNoCompression", "kNoCompression:kLZ4Compression"}, // unknown type
        {"bottommost_compression=kZSTD", "bottommost_compression="},
        {"  compression=kSnappyCompression\n", ""}}) { // a key missing
      byte[] bad = withChecksum(good.replace(change[0], change[1]));
      assertThatThrownBy(() -> OptionsFile.decodeContents(bad, "OPTIONS-000009"))
          .as(change[1]).isInstanceOfSatisfying(CorruptionException.class, e -> {
            assertThat(e.file()).isEqualTo("OPTIONS-000009");
            assertThat(e.offset()).isEqualTo(section);
          });
    }
    byte[] unknownKey = withChecksum(good.replace("  bottommost_compression=kZSTD\n",
        "  bottommost_compression=kZSTD\n  compression_opts=3\n"));
    assertThatThrownBy(() -> OptionsFile.decodeContents(unknownKey, "OPTIONS-000009"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("unexpected 'compression_opts=3' in [TableOptions]");
  }
}
