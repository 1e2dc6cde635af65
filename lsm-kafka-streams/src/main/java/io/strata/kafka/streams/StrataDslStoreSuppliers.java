package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Map;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslSessionParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Every DSL store of a Kafka Streams application on Strata, from one setting (KIP-954):
 *
 * <pre>{@code
 * dsl.store.suppliers.class=io.strata.kafka.streams.StrataDslStoreSuppliers
 * }</pre>
 *
 * <p>Key-value stores are {@link StrataKeyValueBytesStoreSupplier}s, window stores
 * {@link StrataWindowBytesStoreSupplier}s with Kafka's default segment interval, session stores
 * {@link StrataSessionBytesStoreSupplier}s; each is timestamped when the DSL asks for a
 * timestamped store. For a store format these stores do not hold natively (headers), Kafka
 * Streams adapts the store as it adapts its in-memory stores. Each store reads its
 * {@code strata.*} settings ({@link StrataStoreConfig}) from the application's configuration
 * when Kafka Streams opens it, so a misspelt setting fails the application's start.
 *
 * <p>Kafka Streams creates one instance per application and calls it from its stream threads;
 * instances hold no state and are thread-safe.
 */
public final class StrataDslStoreSuppliers implements DslStoreSuppliers {

  /** Needed by Kafka Streams, which instantiates the class named in its configuration. */
  public StrataDslStoreSuppliers() {}

  /**
   * Checks the application's {@code strata.*} settings once, at start.
   *
   * @param configs the application's configuration
   * @throws org.apache.kafka.common.config.ConfigException if a {@code strata.*} entry names no
   *     setting or has a bad value
   */
  @Override
  public void configure(Map<String, ?> configs) {
    StrataStoreConfig.from(checkNotNull(configs, "configs"));
  }

  /**
   * A Strata key-value store, timestamped if the DSL asks for one.
   *
   * @param params the store's name and format
   * @return a supplier of the store
   */
  @Override
  public KeyValueBytesStoreSupplier keyValueStore(DslKeyValueParams params) {
    return params.isTimestamped()
        ? StrataKeyValueBytesStoreSupplier.timestamped(params.name())
        : StrataKeyValueBytesStoreSupplier.keyValue(params.name());
  }

  /**
   * A Strata window store with Kafka's default segment interval
   * ({@code max(retention / 2, 60 s)}), timestamped if the DSL asks for one.
   *
   * @param params the store's name, retention, window size, duplicates and format
   * @return a supplier of the store
   * @throws IllegalArgumentException if the retention or window size is out of range
   */
  @Override
  public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
    long retentionMs = params.retentionPeriod().toMillis();
    return new StrataWindowBytesStoreSupplier(params.name(), retentionMs,
        SegmentedBytesStore.defaultSegmentIntervalMs(retentionMs), params.windowSize().toMillis(),
        params.retainDuplicates(), params.isTimestamped());
  }

  /**
   * A Strata session store with Kafka's default segment interval.
   *
   * @param params the store's name and retention
   * @return a supplier of the store
   * @throws IllegalArgumentException if the retention is negative
   */
  @Override
  public SessionBytesStoreSupplier sessionStore(DslSessionParams params) {
    return new StrataSessionBytesStoreSupplier(params.name(),
        params.retentionPeriod().toMillis());
  }
}
