package io.strata.core.merge;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Options;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.merge.MergeOperatorProvider;
import io.strata.core.compaction.StrategySettings;
import io.strata.core.inject.PluginRegistry;
import java.util.Collection;
import java.util.Optional;

/**
 * Creates a database's merge operator from its name and options: the options' own instance when
 * they give one by that name, else the provider of that name found by ServiceLoader. Immutable
 * and thread-safe.
 */
public final class MergeOperators {
  private final PluginRegistry<MergeOperatorProvider> registry;
  private final Options options;

  /**
   * Creates the lookup.
   *
   * @param providers the merge operator providers on the class path
   * @param options the options of the open, which may hold an operator instance
   * @throws IllegalArgumentException if two providers share a name
   */
  public MergeOperators(Collection<MergeOperatorProvider> providers, Options options) {
    this.registry = new PluginRegistry<>("merge operator", providers);
    this.options = checkNotNull(options, "options");
  }

  /**
   * The operator of {@code settings}.
   *
   * @param settings the operator's name and options
   * @return the operator
   * @throws IllegalArgumentException if no provider has the name (listing those found), or the
   *     provider rejects an option
   */
  public MergeOperator create(StrategySettings settings) {
    Optional<MergeOperator> direct = options.mergeOperatorInstance()
        .filter(op -> op.name().equals(settings.name()));
    if (direct.isPresent()) {
      return direct.get();
    }
    MergeOperatorProvider p = registry.require(settings.name(), Optional.empty());
    p.checkOptionNames("merge operator", settings.options());
    MergeOperator op = p.create(settings.options());
    if (!op.name().equals(settings.name())) {
      throw new IllegalArgumentException("merge operator provider '" + p.name()
          + "' created an operator named '" + op.name() + "'");
    }
    return op;
  }
}
