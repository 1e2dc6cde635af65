package io.strata.kafka.streams.example;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.kafka.streams.StrataKeyValueBytesStoreSupplier;
import io.strata.kafka.streams.StrataWindowBytesStoreSupplier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * The store implementations the example application and the benchmark run with, chosen by name
 * on their command line.
 */
public enum StoreKind {
  /**
   * Strata stores: {@link StrataKeyValueBytesStoreSupplier#timestamped} and
   * {@link StrataWindowBytesStoreSupplier#timestamped}, configured by the application's
   * {@code strata.*} settings.
   */
  STRATA {
    @Override
    public KeyValueBytesStoreSupplier keyValueStore(String name) {
      return StrataKeyValueBytesStoreSupplier.timestamped(checkNotNull(name, "name"));
    }

    @Override
    public WindowBytesStoreSupplier windowStore(
        String name, Duration retention, Duration windowSize) {
      return StrataWindowBytesStoreSupplier.timestamped(checkNotNull(name, "name"),
          retention.toMillis(), windowSize.toMillis(), false);
    }
  },
  /** Kafka Streams' default persistent stores (RocksDB through JNI, Kafka's default settings). */
  ROCKSDB {
    @Override
    public KeyValueBytesStoreSupplier keyValueStore(String name) {
      return Stores.persistentTimestampedKeyValueStore(checkNotNull(name, "name"));
    }

    @Override
    public WindowBytesStoreSupplier windowStore(
        String name, Duration retention, Duration windowSize) {
      return Stores.persistentTimestampedWindowStore(
          checkNotNull(name, "name"), retention, windowSize, false);
    }
  },
  /** Kafka Streams' in-memory stores. */
  MEMORY {
    @Override
    public KeyValueBytesStoreSupplier keyValueStore(String name) {
      return Stores.inMemoryKeyValueStore(checkNotNull(name, "name"));
    }

    @Override
    public WindowBytesStoreSupplier windowStore(
        String name, Duration retention, Duration windowSize) {
      return Stores.inMemoryWindowStore(checkNotNull(name, "name"), retention, windowSize, false);
    }
  };

  /**
   * Returns a supplier of a key-value store of this kind.
   *
   * @param name the store's name
   * @return the supplier
   * @throws NullPointerException if {@code name} is null
   */
  public abstract KeyValueBytesStoreSupplier keyValueStore(String name);

  /**
   * Returns a supplier of a window store of this kind, without duplicates.
   *
   * @param name the store's name
   * @param retention how long a window is kept after its end
   * @param windowSize the size of a window
   * @return the supplier
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if the durations are refused by the store kind, e.g. a
   *     retention shorter than the window size
   */
  public abstract WindowBytesStoreSupplier windowStore(
      String name, Duration retention, Duration windowSize);

  /**
   * Returns the kind of the given name, case-insensitively.
   *
   * @param name e.g. {@code rocksdb}
   * @return the kind
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no kind has that name; the message lists the valid names
   */
  public static StoreKind parse(String name) {
    checkNotNull(name, "name");
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown store kind " + name + "; valid: "
          + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ")), e);
    }
  }
}
