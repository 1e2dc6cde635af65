package io.strata.core.merge;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Options;
import io.strata.core.compaction.StrategySettings;
import java.util.Optional;

/**
 * Which merge operator, with which options, a database opens with: the rule of the {@link
 * Options} class comment applied to what the options name and what the OPTIONS file records.
 * Immutable.
 *
 * @param settings the operator's name and options to open with; empty for none
 * @param record whether open must write a new OPTIONS file once it has succeeded: the options
 *     name an operator, or other options of it, than the one recorded
 * @param source where {@code settings} come from, for messages
 */
public record MergeOperatorChoice(Optional<StrategySettings> settings, boolean record,
    String source) {
  /** A database with no merge operator, none named. */
  public static final MergeOperatorChoice NONE =
      new MergeOperatorChoice(Optional.empty(), false, "none");

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   */
  public MergeOperatorChoice {
    checkNotNull(settings, "settings");
    checkNotNull(source, "source");
  }

  /**
   * Applies the rule.
   *
   * @param options the options of the open
   * @param recorded the operator the OPTIONS file records; empty for none or a new database
   * @param dir the database directory, for messages
   * @return the choice
   * @throws IllegalArgumentException if the options name an operator other than the recorded one
   */
  public static MergeOperatorChoice resolve(Options options, Optional<StrategySettings> recorded,
      String dir) {
    Optional<String> named = options.mergeOperator();
    if (named.isEmpty()) {
      return recorded.map(r -> new MergeOperatorChoice(recorded, false, "recorded in OPTIONS"))
          .orElse(NONE);
    }
    if (recorded.isPresent() && !recorded.get().name().equals(named.get())) {
      throw new IllegalArgumentException(dir + ": the options name merge operator '"
          + named.get() + "' but the database was written with '" + recorded.get().name()
          + "' (recorded in its OPTIONS file); its merge operands need that operator: open it"
          + " naming '" + recorded.get().name() + "' or no merge operator");
    }
    StrategySettings settings = StrategySettings.of(named.get(),
        options.mergeOperatorInstance().isPresent() ? recorded.map(StrategySettings::options)
            .orElse(com.google.common.collect.ImmutableSortedMap.of())
            : options.mergeOperatorOptions());
    return new MergeOperatorChoice(Optional.of(settings), !recorded.equals(Optional.of(settings)),
        "named by the options");
  }
}
