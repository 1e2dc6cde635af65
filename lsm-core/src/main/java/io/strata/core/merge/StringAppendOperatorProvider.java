package io.strata.core.merge;

import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.merge.MergeOperatorProvider;
import java.util.Map;

/**
 * Provides {@link StringAppendOperator} as {@code stringappend}, with one option: {@code
 * delimiter}, the string put between appended values (default {@code ","}; may be empty).
 * Stateless.
 */
public final class StringAppendOperatorProvider implements MergeOperatorProvider {
  /** The option naming the delimiter. */
  public static final String DELIMITER = "delimiter";

  /** Creates the provider; ServiceLoader calls this. */
  public StringAppendOperatorProvider() {}

  @Override
  public String name() {
    return StringAppendOperator.NAME;
  }

  @Override
  public ImmutableSet<String> optionNames() {
    return ImmutableSet.of(DELIMITER);
  }

  @Override
  public MergeOperator create(Map<String, String> options) {
    checkOptionNames("merge operator", options);
    return new StringAppendOperator(
        options.getOrDefault(DELIMITER, StringAppendOperator.DEFAULT_DELIMITER));
  }
}
