package io.strata.kafka.streams.bench;

import static com.google.common.base.Preconditions.checkState;

import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.kafka.streams.StrataConfigSetter;
import java.util.Map;

/**
 * Puts every Strata store of the JVM under one {@link SharedResources} (one block cache, one
 * write-buffer budget, one background pool): the counterpart of the bounded-memory
 * {@code RocksDBConfigSetter} of Kafka Streams' memory management docs. Named by
 * {@code strata.config.setter}; {@link #use} sets the resources before the stores open.
 */
public final class SharedBudgetConfigSetter implements StrataConfigSetter {

  private static volatile SharedResources shared;

  /** Made by Kafka Streams, one per store. */
  public SharedBudgetConfigSetter() {}

  /**
   * Sets the resources that every store opened afterwards uses.
   *
   * @param resources the resources; the caller closes them after the stores
   */
  static void use(SharedResources resources) {
    shared = resources;
  }

  @Override
  public void setConfig(String storeName, Options.Builder options, Map<String, Object> configs) {
    SharedResources resources = shared;
    checkState(resources != null, "no shared resources set for store %s", storeName);
    options.sharedResources(resources);
  }
}
