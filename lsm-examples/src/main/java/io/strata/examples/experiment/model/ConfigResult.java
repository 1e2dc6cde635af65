package io.strata.examples.experiment.model;

import java.util.List;
import java.util.Map;

/**
 * One configuration's results over its repetitions.
 *
 * @param config the configuration
 * @param runs runs that completed
 * @param failedRuns runs that failed
 * @param failures why each failed run failed
 * @param metrics per phase (in the experiment's order), per metric name ({@link Metrics}), the
 *     statistic over the completed runs
 */
public record ConfigResult(ConfigSpec config, int runs, int failedRuns, List<String> failures,
    Map<String, Map<String, Stat>> metrics) {}
