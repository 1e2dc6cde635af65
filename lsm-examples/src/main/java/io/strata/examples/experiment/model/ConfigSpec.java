package io.strata.examples.experiment.model;

import java.util.List;
import java.util.Map;

/**
 * One configuration of an experiment: a named strategy with its options and the engine options,
 * from {@code --configs}, {@code --config FILE} or one value of a {@code --sweep}.
 *
 * @param name the name shown in tables and charts, unique within the experiment
 * @param strategy the compaction strategy's provider name, e.g. {@code leveled}
 * @param strategyOptions the strategy's options ({@code compaction.option.*} without the prefix)
 * @param engineOptions engine options by name: {@code write_buffer_size}, {@code block_cache_size}
 *     (bytes), {@code bloom_bits_per_key}, {@code compression} ({@code none} or {@code snappy})
 * @param pluginPaths jars the worker loads strategy providers from, besides the built-ins
 * @param sweepOption the swept strategy option, or null if this configuration is not a sweep's
 * @param sweepValue this configuration's value of {@code sweepOption}, or null
 */
public record ConfigSpec(String name, String strategy, Map<String, String> strategyOptions,
    Map<String, String> engineOptions, List<String> pluginPaths, String sweepOption,
    String sweepValue) {
  public ConfigSpec {
    strategyOptions = Map.copyOf(strategyOptions);
    engineOptions = Map.copyOf(engineOptions);
    pluginPaths = List.copyOf(pluginPaths);
  }
}
