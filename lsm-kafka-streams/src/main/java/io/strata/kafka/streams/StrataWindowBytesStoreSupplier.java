package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Supplies persistent window stores backed by Strata, for {@code Materialized.as(supplier)} or
 * {@code Stores.windowStoreBuilder}; the Strata counterpart of
 * {@code Stores.persistentWindowStore} and {@code Stores.persistentTimestampedWindowStore}.
 *
 * <p><b>Layout and retention.</b> A store is a set of time segments, each a Strata database in
 * its own directory {@code <task dir>/strata/<name>/<name>.<segment start ms>}, as Kafka's RocksDB
 * window store keeps its segments; a segment holds {@code segmentIntervalMs} of window starts
 * under Kafka's key layout (key, window start, seqnum). Once every window of a segment has
 * expired ({@code window start <= stream time - retentionPeriod}), the segment's database is
 * closed and its directory deleted: expiry never rewrites live data. Expired windows are
 * invisible to reads before their segment goes. Inside a segment, entries are key-first, so
 * {@code fetch(key, from, to)} reads one contiguous run per segment. Measured against one
 * database with time-first keys and a range deletion per interval (600,000 windows over three
 * retention periods): that layout wrote 79 MB of tables to this store's 239 MB and ran about
 * seven times faster, because time-ordered writes never overlap and compaction only moves files,
 * while it makes a per-key range fetch scan every key's windows in the range; the design notes
 * ({@code docs/design.md}, "Window and session stores") give the figures.
 *
 * <p><b>Restore and commit.</b> Writes and restores skip the write-ahead log (the changelog is
 * the log); changelog offsets are kept inside each segment and made durable by memtable flushes
 * every 10,000 records, so a commit never forces an fsync. Settings come from the application's
 * {@code strata.*} entries ({@link StrataStoreConfig}), per store name.
 *
 * <p>Immutable and thread-safe; each {@link #get()} returns a new store.
 */
public final class StrataWindowBytesStoreSupplier implements WindowBytesStoreSupplier {
  private final String name;
  private final long retentionPeriodMs;
  private final long segmentIntervalMs;
  private final long windowSizeMs;
  private final boolean retainDuplicates;
  private final boolean timestamped;

  /**
   * A supplier of window stores.
   *
   * @param name the store's name, also its directory's
   * @param retentionPeriodMs how long a window is kept after its start, in milliseconds; at
   *     least {@code windowSizeMs}
   * @param segmentIntervalMs the span of window starts one segment holds, in milliseconds; at
   *     least 1 (Kafka's default is {@code max(retentionPeriodMs / 2, 60000)})
   * @param windowSizeMs the windows' size, in milliseconds; at least 1
   * @param retainDuplicates whether every put is kept (stream-stream joins) rather than the
   *     last one per key and window
   * @param timestamped whether values carry their timestamp (Kafka's timestamped window store,
   *     which the DSL uses)
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if a duration is out of range
   */
  public StrataWindowBytesStoreSupplier(String name, long retentionPeriodMs,
      long segmentIntervalMs, long windowSizeMs, boolean retainDuplicates, boolean timestamped) {
    this.name = checkNotNull(name, "name");
    checkArgument(windowSizeMs >= 1, "windowSizeMs must be at least 1: %s", windowSizeMs);
    checkArgument(retentionPeriodMs >= windowSizeMs,
        "retentionPeriodMs must be at least windowSizeMs (%s): %s", windowSizeMs,
        retentionPeriodMs);
    checkArgument(segmentIntervalMs >= 1, "segmentIntervalMs must be at least 1: %s",
        segmentIntervalMs);
    this.retentionPeriodMs = retentionPeriodMs;
    this.segmentIntervalMs = segmentIntervalMs;
    this.windowSizeMs = windowSizeMs;
    this.retainDuplicates = retainDuplicates;
    this.timestamped = timestamped;
  }

  /**
   * A supplier of timestamped window stores with Kafka's default segment interval,
   * {@code max(retentionPeriodMs / 2, 60000)} milliseconds.
   *
   * @param name the store's name, also its directory's
   * @param retentionPeriodMs how long a window is kept after its start, in milliseconds
   * @param windowSizeMs the windows' size, in milliseconds
   * @param retainDuplicates whether every put is kept rather than the last one
   * @return the supplier
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if a duration is out of range
   */
  public static StrataWindowBytesStoreSupplier timestamped(String name, long retentionPeriodMs,
      long windowSizeMs, boolean retainDuplicates) {
    return new StrataWindowBytesStoreSupplier(name, retentionPeriodMs,
        SegmentedBytesStore.defaultSegmentIntervalMs(retentionPeriodMs), windowSizeMs,
        retainDuplicates, true);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * @return a new, unopened store; Kafka Streams opens it with {@code init}
   */
  @Override
  public WindowStore<Bytes, byte[]> get() {
    return timestamped
        ? new StrataTimestampedWindowStore(name, retentionPeriodMs, segmentIntervalMs,
            windowSizeMs, retainDuplicates)
        : new StrataWindowStore(name, retentionPeriodMs, segmentIntervalMs, windowSizeMs,
            retainDuplicates);
  }

  /** {@return {@code "strata-window"}, the scope of the stores' metrics} */
  @Override
  public String metricsScope() {
    return "strata-window";
  }

  /** {@return the span of window starts one segment holds, in milliseconds} */
  @Override
  public long segmentIntervalMs() {
    return segmentIntervalMs;
  }

  /** {@return the windows' size, in milliseconds} */
  @Override
  public long windowSize() {
    return windowSizeMs;
  }

  @Override
  public boolean retainDuplicates() {
    return retainDuplicates;
  }

  /** {@return how long a window is kept after its start, in milliseconds} */
  @Override
  public long retentionPeriod() {
    return retentionPeriodMs;
  }

  /** {@return whether the stores' values carry their timestamp} */
  public boolean timestamped() {
    return timestamped;
  }

  @Override
  public String toString() {
    return "StrataWindowBytesStoreSupplier{name=" + name + ", retentionPeriodMs="
        + retentionPeriodMs + ", segmentIntervalMs=" + segmentIntervalMs + ", windowSizeMs="
        + windowSizeMs + ", retainDuplicates=" + retainDuplicates + ", timestamped="
        + timestamped + "}";
  }
}
