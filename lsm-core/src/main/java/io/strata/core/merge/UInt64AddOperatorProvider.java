package io.strata.core.merge;

import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.merge.MergeOperatorProvider;
import java.util.Map;

/** Provides {@link UInt64AddOperator} as {@code uint64add}; takes no options. Stateless. */
public final class UInt64AddOperatorProvider implements MergeOperatorProvider {
  /** Creates the provider; ServiceLoader calls this. */
  public UInt64AddOperatorProvider() {}

  @Override
  public String name() {
    return UInt64AddOperator.NAME;
  }

  @Override
  public MergeOperator create(Map<String, String> options) {
    checkOptionNames("merge operator", options);
    return new UInt64AddOperator();
  }
}
