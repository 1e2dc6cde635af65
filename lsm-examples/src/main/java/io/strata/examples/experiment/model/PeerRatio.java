package io.strata.examples.experiment.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Strata configuration against one peer engine on one phase and metric: the ratio of their
 * values taken within each repetition (the two runs of a repetition share its seed and ran
 * back to back), then the median over the repetitions, so that a machine slower in one
 * repetition than another does not widen the spread.
 *
 * @param config the Strata configuration's name
 * @param peer the peer configuration's name
 * @param phase the phase
 * @param metric the metric's name ({@link Metrics}); for {@code opsPerSecond} a ratio above 1
 *     means Strata was faster
 * @param ratio the median, min and max of the per-repetition ratios (Strata's value over the
 *     peer's), over the repetitions in which both runs completed and the peer's value was not 0
 * @param perRepetition the per-repetition ratios, by repetition; null where a run failed
 */
public record PeerRatio(String config, String peer, String phase, String metric, Stat ratio,
    List<Double> perRepetition) {
  public PeerRatio {
    // Not List.copyOf: a failed repetition's ratio is null.
    perRepetition = Collections.unmodifiableList(new ArrayList<>(perRepetition));
  }
}
