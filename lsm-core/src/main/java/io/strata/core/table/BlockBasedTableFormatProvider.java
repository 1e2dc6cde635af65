package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.core.shared.SharedResourcesImpl;
import java.util.Map;

/**
 * The provider of LevelDB's block-based table format, named {@code block-based}; found through
 * {@code ServiceLoader}. Takes no options of its own: everything comes from the database's
 * {@code Options}. Each format it creates gets its own {@link CaffeineBlockCache} of
 * {@code options.blockCacheSizeBytes()}, or, when the options hand in shared resources, reads
 * through their one block cache. Stateless, thread-safe.
 */
public final class BlockBasedTableFormatProvider implements TableFormatProvider {
  /** The plugin name. */
  public static final String NAME = "block-based";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws IllegalArgumentException if {@code options} holds any key (this format has none),
   *     or the context's options hold shared resources not created by the engine
   */
  @Override
  public TableFormat create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    checkNotNull(options, "options");
    checkOptionNames("table format", options);
    BlockCache cache = context.options().sharedResources()
        .map(r -> SharedResourcesImpl.of(r).blockCache())
        .orElseGet(() -> new CaffeineBlockCache(context.options().blockCacheSizeBytes()));
    return new BlockBasedTableFormat(context.options(), context.internalKeyComparator(), cache);
  }
}
