package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.memtable.MemTableProvider;
import java.util.Map;

/**
 * Provides {@link ArenaMemTable} with on-heap slabs, under the name {@value #NAME}; listed in
 * {@code META-INF/services/io.strata.api.spi.memtable.MemTableProvider}. Takes no options: the slab
 * size follows the write buffer size ({@link #slabBytes}), and with shared resources the shared
 * budget too ({@link #sizingBytes}). Stateless and thread-safe; the
 * factories it returns are thread-safe too.
 */
public final class ArenaMemTableProvider implements MemTableProvider {
  /** The name {@code Options} selects this memtable by. */
  public static final String NAME = "arena";
  /** Largest slab, in bytes: RocksDB's arena blocks are at most a few MiB as well. */
  static final int MAX_SLAB_BYTES = 4 << 20;
  /** Smallest slab, in bytes. */
  static final int MIN_SLAB_BYTES = 4 << 10;
  /** With shared resources, slabs follow at most this fraction of the shared budget. */
  static final int SHARED_BUDGET_SHARE = 32;

  /** For {@code ServiceLoader}. */
  public ArenaMemTableProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A factory of empty arena memtables with on-heap slabs, ordered by the context's internal key
   * comparator.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the first option given, since none is accepted
   */
  @Override
  public MemTableFactory create(PluginContext context, Map<String, String> options) {
    return factory(this, context, options, false);
  }

  /**
   * The slab size for a write buffer: an eighth of it rounded down to a power of two, within
   * [4 KiB, 4 MiB], as RocksDB's default {@code arena_block_size} is an eighth of {@code
   * write_buffer_size}; the last slab of a full memtable then wastes at most an eighth.
   *
   * @param writeBufferSizeBytes the memtable size before a flush, in bytes
   * @return bytes per slab
   */
  static int slabBytes(long writeBufferSizeBytes) {
    long eighth = Long.highestOneBit(Math.max(1, writeBufferSizeBytes / 8));
    return (int) Math.max(MIN_SLAB_BYTES, Math.min(MAX_SLAB_BYTES, eighth));
  }

  /**
   * The bytes the slab size follows: the write buffer size, or with shared resources at most
   * 1/{@value #SHARED_BUDGET_SHARE} of the shared write-buffer budget, so that many databases
   * each holding a partly filled slab do not take the budget with slabs alone.
   */
  static long sizingBytes(Options options) {
    long bytes = options.writeBufferSizeBytes();
    if (options.sharedResources().isPresent()) {
      bytes = Math.min(bytes,
          options.sharedResources().get().writeBufferBudgetBytes() / SHARED_BUDGET_SHARE);
    }
    return bytes;
  }

  static MemTableFactory factory(MemTableProvider provider, PluginContext context,
      Map<String, String> options, boolean offHeap) {
    checkNotNull(context, "context");
    checkNotNull(options, "options");
    provider.checkOptionNames("memtable", options);
    InternalKeyComparator comparator = context.internalKeyComparator();
    int slabBytes = slabBytes(sizingBytes(context.options()));
    return () -> new ArenaMemTable(comparator, slabBytes, offHeap);
  }
}
