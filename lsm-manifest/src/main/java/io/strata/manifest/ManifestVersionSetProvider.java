package io.strata.manifest;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.version.VersionSet;
import io.strata.api.spi.version.VersionSetProvider;
import java.util.Map;

/**
 * Provides {@link ManifestVersionSet} under the name {@code manifest}, LevelDB's MANIFEST format.
 * Takes no options. Stateless and thread-safe; listed in {@code META-INF/services}.
 */
public final class ManifestVersionSetProvider implements VersionSetProvider {
  /** The provider's name, which {@code Options.versionSet} selects. */
  public static final String NAME = "manifest";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if {@code options} holds any key: this provider has none
   */
  @Override
  public VersionSet create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    checkNotNull(options, "options");
    checkOptionNames("version set", options);
    return new ManifestVersionSet(context);
  }
}
