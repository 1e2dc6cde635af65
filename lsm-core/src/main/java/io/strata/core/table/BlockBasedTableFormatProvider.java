package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableFormatProvider;
import java.util.Map;

/**
 * The provider of LevelDB's block-based table format, named {@code block-based}; found through
 * {@code ServiceLoader}. Takes no options of its own: everything comes from the database's
 * {@code Options}. Each format it creates gets its own {@link CaffeineBlockCache} of
 * {@code options.blockCacheSizeBytes()}. Stateless, thread-safe.
 */
public final class BlockBasedTableFormatProvider implements TableFormatProvider {
  /** The plugin name. */
  public static final String NAME = "block-based";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if {@code options} holds any key (this format has none)
   */
  @Override
  public TableFormat create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    checkNotNull(options, "options");
    checkOptionNames("table format", options);
    return new BlockBasedTableFormat(context.options(), context.internalKeyComparator(),
        new CaffeineBlockCache(context.options().blockCacheSizeBytes()));
  }
}
