package io.strata.kafka.streams;

import io.strata.api.Options;
import java.util.Map;

/**
 * A hook that completes a Strata store's options, named by the setting
 * {@code strata.config.setter} (the class's name, or the class): Strata's counterpart of Kafka
 * Streams' {@code rocksdb.config.setter}. The class needs a public no-argument constructor; one
 * instance is made per store at its start, and its {@link #setConfig} is called once, after the
 * {@code strata.*} settings have been applied, so what it sets wins over them.
 *
 * <p>Implementations are called from the stream thread that opens the store; an instance is not
 * shared between stores.
 */
public interface StrataConfigSetter {

  /**
   * Completes the options of one store before it opens.
   *
   * @param storeName the store's name, as Kafka Streams gives it
   * @param options the store's options so far: the defaults of its kind, then the
   *     {@code strata.*} settings; change them in place
   * @param configs the application's configuration ({@code StateStoreContext.appConfigs()})
   */
  void setConfig(String storeName, Options.Builder options, Map<String, Object> configs);
}
