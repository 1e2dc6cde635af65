package io.strata.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.examples.experiment.model.ConfigSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigurationsTest {
  @TempDir Path dir;

  @Test
  void builtInConfigurationHasLevelDbsEngineDefaults() {
    ConfigSpec c = Configurations.builtIn("tiered", List.of("/p.jar"));
    assertThat(c.name()).isEqualTo("tiered");
    assertThat(c.strategyOptions()).isEmpty();
    assertThat(c.engineOptions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "write_buffer_size", "4194304", "block_cache_size", "8388608",
        "bloom_bits_per_key", "10", "compression", "snappy", "shape", "leveldb"));
    assertThat(c.pluginPaths()).containsExactly("/p.jar");
    assertThat(c.sweepOption()).isNull();
  }

  @Test
  void shapeIsLevelDbsOrEachEnginesOwn() {
    assertThat(Configurations.normaliseEngineOption("shape", " OWN ")).isEqualTo("own");
    assertThat(Configurations.normaliseEngineOption("shape", "leveldb")).isEqualTo("leveldb");
    assertThatThrownBy(() -> Configurations.normaliseEngineOption("shape", "rocksdb"))
        .hasMessageContaining("expected leveldb or own");
    ConfigSpec own = Configurations.withEngineOptions(Configurations.builtIn("leveled", List.of()),
        Map.of("shape", "own"));
    assertThat(Configurations.engineOptions(own).build().memTable())
        .isEqualTo(io.strata.api.Options.defaults().memTable());
  }

  @Test
  void configurationFileIsParsedWithSizesNormalisedToBytes() throws Exception {
    Path f = write("big.properties", "name = big buffers\n", "compaction.strategy=tiered\n",
        "compaction.option.min_threshold = 6\n", "write_buffer_size=64MiB\n",
        "block_cache_size=512KB\n", "compression=NONE\n");
    ConfigSpec c = Configurations.fromFile(f, List.of());
    assertThat(c.name()).isEqualTo("big buffers");
    assertThat(c.strategy()).isEqualTo("tiered");
    assertThat(c.strategyOptions()).containsExactlyEntriesOf(Map.of("min_threshold", "6"));
    assertThat(c.engineOptions()).containsEntry("write_buffer_size", "67108864")
        .containsEntry("block_cache_size", "524288").containsEntry("compression", "none")
        .containsEntry("bloom_bits_per_key", "10");
  }

  @Test
  void configurationFileDefaultsToItsFileNameAndLeveled() throws Exception {
    ConfigSpec c = Configurations.fromFile(write("small-cache.properties",
        "block_cache_size=0\n"), List.of());
    assertThat(c.name()).isEqualTo("small-cache");
    assertThat(c.strategy()).isEqualTo("leveled");
    assertThat(c.engineOptions()).containsEntry("block_cache_size", "0");
  }

  @Test
  void configurationFileRejectsUnknownKeysAndBadValues() throws Exception {
    Path typo = write("t.properties", "write_bufer_size=4MiB\n");
    assertThatThrownBy(() -> Configurations.fromFile(typo, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'write_bufer_size'")
        .hasMessageContaining("write_buffer_size");
    Path size = write("s.properties", "write_buffer_size=4 parsecs\n");
    assertThatThrownBy(() -> Configurations.fromFile(size, List.of()))
        .hasMessageContaining("write_buffer_size").hasMessageContaining("unknown size unit");
    Path compression = write("c.properties", "compression=lz4\n");
    assertThatThrownBy(() -> Configurations.fromFile(compression, List.of()))
        .hasMessageContaining("expected none, snappy or zstd, was 'lz4'");
  }

  @Test
  void sweepExpandsToOneConfigurationPerValue() {
    List<ConfigSpec> s = Configurations.sweep(
        "leveled:max_bytes_for_level_multiplier=4, 8,10", List.of());
    assertThat(s).extracting(ConfigSpec::name).containsExactly(
        "leveled max_bytes_for_level_multiplier=4", "leveled max_bytes_for_level_multiplier=8",
        "leveled max_bytes_for_level_multiplier=10");
    assertThat(s.get(1).strategyOptions())
        .containsExactlyEntriesOf(Map.of("max_bytes_for_level_multiplier", "8"));
    assertThat(s.get(1).sweepOption()).isEqualTo("max_bytes_for_level_multiplier");
    assertThat(s.get(1).sweepValue()).isEqualTo("8");
    assertThat(s.get(1).engineOptions()).isEqualTo(Configurations.defaultEngineOptions());
  }

  @Test
  void malformedSweepsAreRejected() {
    for (String bad : List.of("leveled", "leveled:x", ":x=1", "leveled:=1", "leveled:x=1,,2")) {
      assertThatThrownBy(() -> Configurations.sweep(bad, List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--sweep");
    }
  }

  @Test
  void slugIsSafeInFileNames() {
    assertThat(Configurations.slug("leveled max_bytes_for_level_multiplier=4"))
        .isEqualTo("leveled-max_bytes_for_level_multiplier-4");
    assertThat(Configurations.slug("Time Window / 1h")).isEqualTo("time-window-1h");
    assertThat(Configurations.slug("///")).isEqualTo("config");
    assertThat(Configurations.slug("..")).isEqualTo("config..");
  }

  @Test
  void catalogValidatesStrategiesAndTheirOptions() {
    try (StrategyCatalog catalog = new StrategyCatalog(List.of(),
        getClass().getClassLoader())) {
      assertThat(catalog.names()).contains("leveled", "tiered", "time-window");
      catalog.validate(Configurations.builtIn("time-window", List.of()));
      assertThatThrownBy(() -> catalog.validate(Configurations.builtIn("lsm", List.of())))
          .hasMessageContaining("unknown compaction strategy 'lsm'")
          .hasMessageContaining("leveled, tiered, time-window");
      assertThatThrownBy(() -> catalog.validate(
          Configurations.sweep("tiered:nonsense=1", List.of()).get(0)))
          .hasMessageContaining("unknown option 'nonsense'");
      assertThatThrownBy(() -> catalog.validate(
          Configurations.sweep("tiered:min_threshold=1", List.of()).get(0)))
          .hasMessageContaining("min_threshold").hasMessageContaining("tiered");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path write(String name, String... lines) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, String.join("", lines));
    return f;
  }
}
