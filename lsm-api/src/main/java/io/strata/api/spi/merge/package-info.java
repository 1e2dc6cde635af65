/**
 * The merge operator extension point: {@link io.strata.api.spi.merge.MergeOperator} and the
 * provider that creates one by name.
 */
package io.strata.api.spi.merge;
