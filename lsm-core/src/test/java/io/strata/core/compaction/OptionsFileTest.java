package io.strata.core.compaction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import io.strata.api.CorruptionException;
import io.strata.api.spi.env.LocalFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsFileTest {
  private static final StrategySettings TIERED = StrategySettings.of("tiered",
      Map.of("min_threshold", "6", "bucket_low", "0.4"));

  @TempDir Path dir;

  @Test
  void encodesDecodesAndReEncodesToTheSameBytes() throws IOException {
    StrategySettings odd = StrategySettings.of("my-strategy", Map.of("a b", "x=y\nz",
        "unicode", "\u00e9t\u00e9 \u2603", "empty", "", "pct", "100%"));
    for (StrategySettings s : new StrategySettings[] {StrategySettings.DEFAULT, TIERED, odd}) {
      byte[] bytes = OptionsFile.encode(s);
      StrategySettings decoded = OptionsFile.decode(bytes, "OPTIONS-000001");
      assertThat(decoded).isEqualTo(s);
      assertThat(OptionsFile.encode(decoded)).isEqualTo(bytes);
    }
  }

  @Test
  void isTextNamingTheStrategyAndItsOptions() {
    assertThat(new String(OptionsFile.encode(TIERED), UTF_8))
        .contains("[CompactionStrategy]\n  name=tiered\n")
        .contains("[CompactionStrategyOptions]\n  bucket_low=0.4\n  min_threshold=6\n")
        .containsPattern("\\[Checksum\\]\n  crc32c=0x[0-9a-f]{8}\n$");
  }

  @Test
  void everyBitFlipAndTruncationFailsNamingTheFile() {
    byte[] good = OptionsFile.encode(TIERED);
    for (int i = 0; i < good.length; i++) {
      for (int bit : new int[] {0, 5}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        int at = i;
        assertThatThrownBy(() -> OptionsFile.decode(bad, "OPTIONS-000042"))
            .as("flip at %s", at).isInstanceOf(CorruptionException.class)
            .hasMessageContaining("OPTIONS-000042");
      }
    }
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThatThrownBy(() -> OptionsFile.decode(cut, "OPTIONS-000042"))
          .as("cut to %s", n).isInstanceOf(CorruptionException.class)
          .hasMessageContaining("OPTIONS-000042");
    }
  }

  @Test
  void writeReplacesTheOlderFilesAtomically() throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    assertThat(OptionsFile.readNewest(fs, dir)).isEmpty();
    OptionsFile.write(fs, dir, 3, StrategySettings.DEFAULT);
    Files.write(dir.resolve("OPTIONS-000005.dbtmp"), new byte[] {1, 2}); // a crash's leftover
    OptionsFile.write(fs, dir, 7, TIERED);
    assertThat(files()).containsExactly("OPTIONS-000007");
    assertThat(OptionsFile.readNewest(fs, dir)).contains(new OptionsFile.Loaded(7, TIERED));
  }

  @Test
  void theNewestFileIsReadAndItsDamageIsNamedWithWhatToDo() throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    Files.write(dir.resolve("OPTIONS-000004"), OptionsFile.encode(StrategySettings.DEFAULT));
    byte[] damaged = OptionsFile.encode(TIERED);
    damaged[damaged.length / 2] ^= 1;
    Files.write(dir.resolve("OPTIONS-000012"), damaged);
    assertThatThrownBy(() -> OptionsFile.readNewest(fs, dir))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining(dir.resolve("OPTIONS-000012").toString())
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("delete it");
  }

  @Test
  void aBadVersionIsDamageAtItsLine() {
    for (String bad : new String[] {"0", "-3", "x1"}) {
      String text = new String(OptionsFile.encode(TIERED), UTF_8);
      String body = text.substring(0, text.indexOf("[Checksum]"))
          .replace("strata_options_file_version=1", "strata_options_file_version=" + bad);
      byte[] b = body.getBytes(UTF_8);
      byte[] withChecksum = (body + String.format("[Checksum]\n  crc32c=0x%08x\n",
          io.strata.api.spi.coding.Crc32c.value(b, 0, b.length))).getBytes(UTF_8);
      int line = body.indexOf("  strata_options_file_version=");
      assertThatThrownBy(() -> OptionsFile.decode(withChecksum, "OPTIONS-000009"))
          .as(bad).isInstanceOfSatisfying(CorruptionException.class, e -> {
            assertThat(e.file()).isEqualTo("OPTIONS-000009");
            assertThat(e.offset()).isEqualTo(line);
          })
          .hasMessageContaining("bad options file version '" + bad + "'");
    }
  }

  @Test
  void aNewerFormatIsRefusedAsSuch() {
    String text = new String(OptionsFile.encode(TIERED), UTF_8);
    String body = text.substring(0, text.indexOf("[Checksum]"))
        .replace("strata_options_file_version=1", "strata_options_file_version=3");
    byte[] b = body.getBytes(UTF_8);
    byte[] withChecksum = (body + String.format("[Checksum]\n  crc32c=0x%08x\n",
        io.strata.api.spi.coding.Crc32c.value(b, 0, b.length))).getBytes(UTF_8);
    assertThatThrownBy(() -> OptionsFile.decode(withChecksum, "OPTIONS-000009"))
        .isInstanceOf(IOException.class).isNotInstanceOf(CorruptionException.class)
        .hasMessageContaining("OPTIONS-000009").hasMessageContaining("newer");
  }

  @Test
  void settingsSortTheirOptionsAndRejectABlankName() {
    assertThat(TIERED.options()).isInstanceOf(ImmutableSortedMap.class);
    assertThat(TIERED.describeOptions()).isEqualTo("bucket_low=0.4, min_threshold=6");
    assertThat(StrategySettings.DEFAULT.describeOptions()).isEqualTo("defaults");
    assertThatThrownBy(() -> StrategySettings.of(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
  }

  private java.util.List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
