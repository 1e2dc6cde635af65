package io.strata.examples.experiment.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param engine {@value #STRATA} for Strata, else the name of the peer engine's adapter (e.g.
 *     {@code rocksdb}), which opens its database with the engine options and Strata's defaults
 *     for the rest ({@code EngineSettings}); null (a results file written before peers existed)
 *     reads as {@value #STRATA}
 */
public record ConfigSpec(String name, String strategy, Map<String, String> strategyOptions,
    Map<String, String> engineOptions, List<String> pluginPaths, String sweepOption,
    String sweepValue, String engine) {
  /** The engine of Strata's own configurations. */
  public static final String STRATA = "strata";

  public ConfigSpec {
    strategyOptions = Map.copyOf(strategyOptions);
    engineOptions = Map.copyOf(engineOptions);
    pluginPaths = List.copyOf(pluginPaths);
    engine = engine == null ? STRATA : engine;
  }

  /** A configuration of Strata. */
  public ConfigSpec(String name, String strategy, Map<String, String> strategyOptions,
      Map<String, String> engineOptions, List<String> pluginPaths, String sweepOption,
      String sweepValue) {
    this(name, strategy, strategyOptions, engineOptions, pluginPaths, sweepOption, sweepValue,
        STRATA);
  }

  /** Whether this configuration runs a peer engine rather than Strata. */
  @JsonIgnore
  public boolean isPeer() {
    return !engine.equals(STRATA);
  }
}
