package io.strata.kafka.streams;

import io.strata.api.Db;
import io.strata.api.Statistics;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Strata store's gauges in Kafka Streams' metrics, in the group {@code stream-state-metrics}
 * with the tags {@code thread-id}, {@code task-id} and {@code <scope>-state-id} (as Kafka's
 * {@code RocksDBMetricsRecorder} registers RocksDB's): each gauge reads the engine's
 * {@link Db#statistics()} when the metric is read.
 *
 * <pre>
 * bytes-written-total        user bytes written to the store (keys and values)
 * bytes-read-total           user bytes the store returned (gets and iterators)
 * memtable-bytes             bytes in the memtables
 * live-table-bytes           bytes of the live tables
 * block-cache-usage-bytes    bytes in the block cache (the shared cache's with shared resources)
 * block-cache-hits-total     block cache hits
 * block-cache-misses-total   block cache misses
 * compaction-time-total-ms   time spent compacting, in milliseconds
 * write-stall-time-total-ms  time writes stalled or were slowed, in milliseconds
 * pending-compaction-bytes   bytes compaction still has to rewrite, as the strategy estimates
 * estimate-num-keys          the store's approximate entry count
 * </pre>
 *
 * <p>Registered when the store opens and removed when it closes; the gauges read the store's
 * current database and give 0 once it is closed. Thread-safe.
 */
final class StrataStoreMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(StrataStoreMetrics.class);

  private final StreamsMetricsImpl metrics;
  private final String taskId;
  private final String storeName;

  private StrataStoreMetrics(StreamsMetricsImpl metrics, String taskId, String storeName) {
    this.metrics = metrics;
    this.taskId = taskId;
    this.storeName = storeName;
  }

  /**
   * Registers the gauges of {@code store}; returns null, registering nothing, when the context's
   * metrics are not Kafka Streams' own (a hand-made test context).
   */
  static StrataStoreMetrics register(StateStoreContext context, String scope,
      StrataKeyValueBytesStore store) {
    StreamsMetrics m = context.metrics();
    if (!(m instanceof StreamsMetricsImpl impl)) {
      LOG.debug("Strata store {}: no Kafka Streams metrics in this context, no gauges",
          store.name());
      return null;
    }
    StrataStoreMetrics r = new StrataStoreMetrics(impl, context.taskId().toString(), store.name());
    r.add(scope, "bytes-written-total", "user bytes written to the store",
        store, Statistics::userBytesWritten);
    r.addRaw(scope, "bytes-read-total", "user bytes returned by the store's reads",
        s -> s.isOpen() ? s.bytesRead() : 0, store);
    r.add(scope, "memtable-bytes", "bytes held in the store's memtables",
        store, Statistics::memtableBytes);
    r.add(scope, "live-table-bytes", "bytes of the store's live tables",
        store, Statistics::liveTableBytes);
    r.add(scope, "block-cache-usage-bytes", "bytes in the block cache", store,
        Statistics::blockCacheUsageBytes);
    r.add(scope, "block-cache-hits-total", "block cache hits", store,
        Statistics::blockCacheHits);
    r.add(scope, "block-cache-misses-total", "block cache misses", store,
        Statistics::blockCacheMisses);
    r.add(scope, "compaction-time-total-ms", "time spent compacting, in milliseconds", store,
        s -> s.compactionMicros() / 1000);
    r.add(scope, "write-stall-time-total-ms",
        "time writes were stopped or slowed, in milliseconds", store,
        s -> s.stallMicrosTotal() / 1000);
    r.add(scope, "pending-compaction-bytes", "bytes compaction still has to rewrite", store,
        Statistics::pendingCompactionBytes);
    r.addRaw(scope, "estimate-num-keys", "the store's approximate entry count",
        s -> s.isOpen() ? s.approximateNumEntries() : 0, store);
    return r;
  }

  private void add(String scope, String name, String description, StrataKeyValueBytesStore store,
      ToLongFunction<Statistics> value) {
    addRaw(scope, name, description, s -> {
      Db db = s.db();
      return db == null ? 0 : value.applyAsLong(db.statistics());
    }, store);
  }

  private void addRaw(String scope, String name, String description,
      ToLongFunction<StrataKeyValueBytesStore> value, StrataKeyValueBytesStore store) {
    Gauge<Long> gauge = (config, now) -> {
      try {
        return value.applyAsLong(store);
      } catch (InvalidStateStoreException e) {
        return 0L; // the store closed between the check and the read
      }
    };
    metrics.addStoreLevelMutableMetric(taskId, scope, storeName, name, description,
        Sensor.RecordingLevel.INFO, gauge);
  }

  /** Removes the store's gauges. */
  void remove() {
    metrics.removeAllStoreLevelSensorsAndMetrics(taskId, storeName);
  }
}
