package io.strata.kafka.streams;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** A bare state store context over a directory that keeps the restore callback it is given. */
final class TestStoreContext implements StateStoreContext {
  private final Path stateDir;
  private final Map<String, Object> configs;
  StateRestoreCallback restoreCallback;

  TestStoreContext(Path stateDir, Map<String, Object> configs) {
    this.stateDir = stateDir;
    this.configs = configs;
  }

  @Override
  public String applicationId() {
    return "app";
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, 0);
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return Optional.empty();
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
    return null;
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback) {
    this.restoreCallback = callback;
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback,
      CommitCallback commitCallback) {
    this.restoreCallback = callback;
  }

  @Override
  public Map<String, Object> appConfigs() {
    return configs;
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    return Map.of();
  }
}
