package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Supplies Strata key-value stores to Kafka Streams, in place of
 * {@code Stores.persistentKeyValueStore} / {@code Stores.persistentTimestampedKeyValueStore}:
 *
 * <pre>{@code
 * builder.table("words", Materialized.as(StrataKeyValueBytesStoreSupplier.timestamped("counts")));
 * Stores.keyValueStoreBuilder(StrataKeyValueBytesStoreSupplier.keyValue("counts"),
 *     Serdes.String(), Serdes.Long());
 * }</pre>
 *
 * <p>Each {@link #get()} makes a new, unopened store (one per task). Immutable and thread-safe.
 */
public final class StrataKeyValueBytesStoreSupplier implements KeyValueBytesStoreSupplier {

  /** The metrics scope of Strata stores. */
  public static final String METRICS_SCOPE = "strata";

  private final String name;
  private final boolean timestamped;
  private final String defaultStrategy;

  /**
   * A supplier of stores with the default compaction strategy
   * ({@value StrataKeyValueBytesStore#DEFAULT_STRATEGY}).
   *
   * @param name the stores' name
   * @param timestamped whether {@link #get()} makes timestamped stores
   *     ({@link StrataTimestampedKeyValueBytesStore}, a {@code TimestampedBytesStore})
   * @throws NullPointerException if {@code name} is null
   */
  public StrataKeyValueBytesStoreSupplier(String name, boolean timestamped) {
    this(name, timestamped, StrataKeyValueBytesStore.DEFAULT_STRATEGY);
  }

  /**
   * A supplier of stores.
   *
   * @param name the stores' name
   * @param timestamped whether {@link #get()} makes timestamped stores
   * @param defaultStrategy the compaction strategy when no {@code strata.compaction.strategy}
   *     setting names one
   * @throws NullPointerException if an argument is null
   */
  public StrataKeyValueBytesStoreSupplier(String name, boolean timestamped,
      String defaultStrategy) {
    this.name = checkNotNull(name, "name");
    this.timestamped = timestamped;
    this.defaultStrategy = checkNotNull(defaultStrategy, "defaultStrategy");
  }

  /**
   * A supplier of plain key-value stores.
   *
   * @param name the stores' name
   * @return the supplier
   * @throws NullPointerException if {@code name} is null
   */
  public static StrataKeyValueBytesStoreSupplier keyValue(String name) {
    return new StrataKeyValueBytesStoreSupplier(name, false);
  }

  /**
   * A supplier of timestamped key-value stores, as the DSL's tables and aggregations use.
   *
   * @param name the stores' name
   * @return the supplier
   * @throws NullPointerException if {@code name} is null
   */
  public static StrataKeyValueBytesStoreSupplier timestamped(String name) {
    return new StrataKeyValueBytesStoreSupplier(name, true);
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether {@link #get()} makes timestamped stores. */
  public boolean isTimestamped() {
    return timestamped;
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return timestamped
        ? new StrataTimestampedKeyValueBytesStore(name, METRICS_SCOPE, defaultStrategy)
        : new StrataKeyValueBytesStore(name, METRICS_SCOPE, defaultStrategy);
  }

  @Override
  public String metricsScope() {
    return METRICS_SCOPE;
  }
}
