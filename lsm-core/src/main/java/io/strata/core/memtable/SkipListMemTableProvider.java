package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.memtable.MemTableProvider;
import java.util.Map;

/**
 * Provides {@link SkipListMemTable}, under the name {@value #NAME}; listed in {@code
 * META-INF/services/io.strata.api.spi.memtable.MemTableProvider}. Takes no options. Stateless and
 * thread-safe; the factories it returns are thread-safe too.
 */
public final class SkipListMemTableProvider implements MemTableProvider {
  /** The name {@code Options} selects this memtable by. */
  public static final String NAME = "skiplist";

  /** For {@code ServiceLoader}. */
  public SkipListMemTableProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A factory of empty skip-list memtables ordered by the context's internal key comparator.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the first option given, since none is accepted
   */
  @Override
  public MemTableFactory create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    checkNotNull(options, "options");
    checkOptionNames("memtable", options);
    InternalKeyComparator comparator = context.internalKeyComparator();
    return () -> new SkipListMemTable(comparator);
  }
}
