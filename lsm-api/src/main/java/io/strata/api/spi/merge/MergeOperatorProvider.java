package io.strata.api.spi.merge;

import io.strata.api.spi.PluginProvider;
import java.util.Map;

/**
 * Creates the {@link MergeOperator} named by {@code Options.Builder.mergeOperator(String)}.
 * Listed in {@code META-INF/services/io.strata.api.spi.merge.MergeOperatorProvider}; found by
 * {@link #name()}, which must equal the {@link MergeOperator#name()} of what it creates.
 * Thread-safe and stateless.
 */
public interface MergeOperatorProvider extends PluginProvider {
  /**
   * Creates the operator.
   *
   * @param options the operator's options, each key one of {@link #optionNames()}
   * @return a new operator
   * @throws IllegalArgumentException if an option's value is invalid, naming it
   */
  MergeOperator create(Map<String, String> options);
}
