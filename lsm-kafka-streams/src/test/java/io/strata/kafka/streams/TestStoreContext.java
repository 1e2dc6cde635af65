package io.strata.kafka.streams;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;

/** A state store context for driving a store directly: records the restore callbacks. */
final class TestStoreContext implements StateStoreContext {
  private final Path stateDir;
  private final Map<String, Object> appConfigs;
  private final StreamsMetricsImpl metrics =
      new StreamsMetricsImpl(new Metrics(), "test-client", Time.SYSTEM);
  final Map<String, StateRestoreCallback> callbacks = new HashMap<>();
  RecordMetadata recordMetadata;

  TestStoreContext(Path stateDir, Map<String, Object> appConfigs) {
    this.stateDir = stateDir;
    this.appConfigs = new HashMap<>(appConfigs);
  }

  TestStoreContext(Path stateDir) {
    this(stateDir, Map.of());
  }

  StreamsMetricsImpl metricsImpl() {
    return metrics;
  }

  @Override
  public String applicationId() {
    return "test-app";
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, 0);
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.ofNullable(recordMetadata);
  }

  @Override
  public Serde<?> keySerde() {
    return null;
  }

  @Override
  public Serde<?> valueSerde() {
    return null;
  }

  @Override
  public File stateDir() {
    return stateDir.toFile();
  }

  @Override
  public StreamsMetrics metrics() {
    return metrics;
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback) {
    callbacks.put(store.name(), callback);
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback,
      CommitCallback commitCallback) {
    callbacks.put(store.name(), callback);
  }

  @Override
  public Map<String, Object> appConfigs() {
    return appConfigs;
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    Map<String, Object> m = new HashMap<>();
    appConfigs.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), v);
      }
    });
    return m;
  }
}
