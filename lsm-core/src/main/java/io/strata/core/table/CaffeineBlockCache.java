package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link BlockCache} on a Caffeine cache bounded by bytes: the weigher is
 * {@link Block#weightBytes()} and the maximum weight is the capacity. A capacity of 0 caches
 * nothing (every lookup misses).
 *
 * <p>Eviction work runs on the threads that use the cache (no background executor), so the
 * cache starts no thread and needs no shutdown. Thread-safe.
 */
public final class CaffeineBlockCache implements BlockCache {
  /** Cache key: a table's cache id and the block's byte offset in the table file. */
  private record Key(long cacheId, long offset) {}

  private final long capacityBytes;
  private final Cache<Key, Block> cache;
  private final AtomicLong nextId = new AtomicLong(1);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /**
   * @param capacityBytes bytes of blocks to hold at most; 0 caches nothing
   * @throws IllegalArgumentException if {@code capacityBytes} is negative
   */
  public CaffeineBlockCache(long capacityBytes) {
    checkArgument(capacityBytes >= 0, "capacityBytes must be >= 0: %s", capacityBytes);
    this.capacityBytes = capacityBytes;
    this.cache = capacityBytes == 0
        ? null
        : Caffeine.newBuilder()
            .maximumWeight(capacityBytes)
            .weigher((Key k, Block b) -> b.weightBytes())
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Block get(long cacheId, long offset) {
    Block b = cache == null ? null : cache.getIfPresent(new Key(cacheId, offset));
    if (b == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return b;
  }

  @Override
  public void put(long cacheId, long offset, Block block) {
    checkNotNull(block, "block");
    if (cache != null) {
      cache.put(new Key(cacheId, offset), block);
    }
  }

  /** Drops every cached block; later lookups miss until blocks are put again. */
  public void clear() {
    if (cache != null) {
      cache.invalidateAll();
      cache.cleanUp();
    }
  }

  @Override
  public long newId() {
    return nextId.getAndIncrement();
  }

  @Override
  public long usageBytes() {
    if (cache == null) {
      return 0;
    }
    cache.cleanUp();
    // Present: the cache is built with a maximum weight.
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0L);
  }

  @Override
  public long capacityBytes() {
    return capacityBytes;
  }

  @Override
  public long hits() {
    return hits.sum();
  }

  @Override
  public long misses() {
    return misses.sum();
  }

  @Override
  public String toString() {
    return "CaffeineBlockCache{capacityBytes=" + capacityBytes + ", hits=" + hits() + ", misses="
        + misses() + "}";
  }
}
