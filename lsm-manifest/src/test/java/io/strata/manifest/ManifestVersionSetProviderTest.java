package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.version.VersionSetProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestVersionSetProviderTest {
  @TempDir Path dir;

  private PluginContext context() {
    Options options = Options.defaults();
    return new PluginContext(dir, new LocalFileSystem(), options,
        new InternalKeyComparator(options.comparator()), Ticker.systemTicker());
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(VersionSetProvider.class).stream()
        .map(p -> p.get().name())).contains("manifest");
  }

  @Test
  void createsAVersionSetWithoutIo() throws Exception {
    ManifestVersionSetProvider p = new ManifestVersionSetProvider();
    assertThat(p.name()).isEqualTo("manifest");
    assertThat(p.optionNames()).isEmpty();
    assertThat(p.create(context(), Map.of())).isInstanceOf(ManifestVersionSet.class);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void rejectsUnknownOptions() {
    assertThatThrownBy(() -> new ManifestVersionSetProvider().create(context(),
        Map.of("max_size", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_size").hasMessageContaining("valid options: (none)");
  }
}
