package io.strata.examples.experiment.model;

/**
 * A metric over the repetitions of one configuration: median, min and max of the runs that
 * measured it.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param n the runs that measured it
 */
public record Stat(double median, double min, double max, int n) {}
