package io.strata.kafka.streams;

import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * A persistent timestamped key-value store backed by Strata: a {@link StrataKeyValueBytesStore}
 * whose values are Kafka Streams' value-with-timestamp bytes (an 8-byte big-endian timestamp, then
 * the value), marked by {@link TimestampedBytesStore} so that Kafka Streams' timestamped store
 * builder uses it without an adapter. Strata's counterpart of {@code RocksDBTimestampedStore}.
 *
 * <p>The database records its value format: a database written by a plain
 * {@link StrataKeyValueBytesStore} of the same name is converted when this store opens it (each
 * value gets the timestamp -1, as Kafka's RocksDB upgrade does); the reverse fails the store's
 * {@code init}. Thread-safe, as its superclass.
 */
public class StrataTimestampedKeyValueBytesStore extends StrataKeyValueBytesStore
    implements TimestampedBytesStore {

  /**
   * A timestamped key-value store with the default compaction strategy. Does no I/O.
   *
   * @param name the store's name, unique within the topology
   * @throws NullPointerException if {@code name} is null
   */
  public StrataTimestampedKeyValueBytesStore(String name) {
    super(name);
  }

  /**
   * A timestamped key-value store. Does no I/O.
   *
   * @param name the store's name, unique within the topology
   * @param metricsScope the scope of the store's metrics, e.g. {@code strata}
   * @param defaultStrategy the compaction strategy when no setting names one
   * @throws NullPointerException if an argument is null
   */
  public StrataTimestampedKeyValueBytesStore(String name, String metricsScope,
      String defaultStrategy) {
    super(name, metricsScope, defaultStrategy);
  }

  @Override
  byte valueFormat() {
    return StoreKeys.FORMAT_TIMESTAMPED;
  }
}
