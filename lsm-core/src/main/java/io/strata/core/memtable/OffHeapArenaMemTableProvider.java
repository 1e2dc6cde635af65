package io.strata.core.memtable;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.memtable.MemTableProvider;
import java.util.Map;

/**
 * Provides {@link ArenaMemTable} with off-heap slabs (direct buffers), under the name {@value
 * #NAME}; listed in {@code META-INF/services/io.strata.api.spi.memtable.MemTableProvider}. Takes
 * no options; slabs are sized as {@link ArenaMemTableProvider}'s. The slabs of a retired memtable
 * are returned when a garbage collection finds their buffers unreachable, and count against
 * {@code -XX:MaxDirectMemorySize} until then. Stateless and thread-safe; the factories it returns
 * are thread-safe too.
 */
public final class OffHeapArenaMemTableProvider implements MemTableProvider {
  /** The name {@code Options} selects this memtable by. */
  public static final String NAME = "arena-offheap";

  /** For {@code ServiceLoader}. */
  public OffHeapArenaMemTableProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A factory of empty arena memtables with off-heap slabs, ordered by the context's internal key
   * comparator.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the first option given, since none is accepted
   */
  @Override
  public MemTableFactory create(PluginContext context, Map<String, String> options) {
    return ArenaMemTableProvider.factory(this, context, options, true);
  }
}
