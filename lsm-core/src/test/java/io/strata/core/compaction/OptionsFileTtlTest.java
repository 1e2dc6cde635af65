package io.strata.core.compaction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.LocalFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [Ttl]} section of the OPTIONS file and the version it brings. */
class OptionsFileTtlTest {
  private static final StrategySettings TIERED = StrategySettings.of("tiered",
      Map.of("min_threshold", "6"));

  @TempDir Path dir;

  @Test
  void roundTripsATtlAsVersionTwo() throws IOException {
    byte[] bytes = OptionsFile.encode(TIERED, OptionalLong.of(86_400));
    String text = new String(bytes, UTF_8);
    assertThat(text).contains("strata_options_file_version=2\n")
        .contains("[Ttl]\n  ttl_seconds=86400\n");
    OptionsFile.Contents decoded = OptionsFile.decodeContents(bytes, "OPTIONS-000005");
    assertThat(decoded.strategy()).isEqualTo(TIERED);
    assertThat(decoded.ttlSeconds()).hasValue(86_400);
    assertThat(OptionsFile.encode(decoded.strategy(), decoded.ttlSeconds())).isEqualTo(bytes);
  }

  @Test
  void withoutATtlStaysVersionOne() throws IOException {
    byte[] bytes = OptionsFile.encode(TIERED, OptionalLong.empty());
    assertThat(bytes).isEqualTo(OptionsFile.encode(TIERED));
    assertThat(new String(bytes, UTF_8)).contains("strata_options_file_version=1\n")
        .doesNotContain("[Ttl]");
    assertThat(OptionsFile.decodeContents(bytes, "OPTIONS-000005").ttlSeconds()).isEmpty();
  }

  @Test
  void writesAndReadsTheTtl() throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    OptionsFile.write(fs, dir, 4, TIERED, OptionalLong.of(60));
    assertThat(OptionsFile.readNewest(fs, dir))
        .contains(new OptionsFile.Loaded(4, TIERED, CompressionSettings.DEFAULT, OptionalLong.of(60),
            Optional.empty()));
  }

  @Test
  void aTtlSectionMustMatchTheVersion() {
    String v1WithTtl = new String(OptionsFile.encode(TIERED), UTF_8)
        .replace("[Checksum]", "[Ttl]\n  ttl_seconds=60\n[Checksum]");
    assertThatThrownBy(() -> OptionsFile.decodeContents(rechecksum(v1WithTtl), "OPTIONS-000009"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("OPTIONS-000009")
        .hasMessageContaining("OPTIONS file version 1 with a section of version 2");
    String badTtl = new String(OptionsFile.encode(TIERED, OptionalLong.of(60)), UTF_8)
        .replace("ttl_seconds=60", "ttl_seconds=0");
    assertThatThrownBy(() -> OptionsFile.decodeContents(rechecksum(badTtl), "OPTIONS-000009"))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("bad ttl_seconds '0'");
  }

  /** {@code text} with its checksum line recomputed, so that only the edit is wrong. */
  private static byte[] rechecksum(String text) {
    String body = text.substring(0, text.indexOf("[Checksum]\n"));
    byte[] b = body.getBytes(UTF_8);
    return (body + String.format(Locale.ROOT, "[Checksum]\n  crc32c=0x%08x\n",
        Crc32c.value(b, 0, b.length))).getBytes(UTF_8);
  }
}
