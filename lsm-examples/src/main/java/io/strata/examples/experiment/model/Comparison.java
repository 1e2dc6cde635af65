package io.strata.examples.experiment.model;

/**
 * One metric of one phase, a configuration against the baseline (the first configuration).
 *
 * @param baseline the baseline configuration's name
 * @param config the compared configuration's name
 * @param phase the phase
 * @param metric the metric's name ({@link Metrics})
 * @param ratio the configuration's median / the baseline's median (null if the baseline's is 0)
 * @param pValue the two-sided Mann-Whitney U test's p-value over the runs' values, with 5 or more
 *     repetitions; otherwise null
 */
public record Comparison(String baseline, String config, String phase, String metric,
    Double ratio, Double pValue) {}
