package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A failure that makes the database read-only, for {@link EventListener#onBackgroundError}.
 *
 * @param operation what failed: {@code "flush"}, {@code "compaction"}, {@code "manual
 *     compaction"} or {@code "write"} (a log append, sync or memtable switch)
 * @param error the failure
 */
public record BackgroundErrorInfo(String operation, Throwable error) {
  /**
   * Checks the components.
   *
   * @param operation what failed: {@code "flush"}, {@code "compaction"}, {@code "manual
   *     compaction"} or {@code "write"} (a log append, sync or memtable switch)
   * @param error the failure
   * @throws NullPointerException if {@code operation} or {@code error} is null
   */
  public BackgroundErrorInfo {
    checkNotNull(operation, "operation");
    checkNotNull(error, "error");
  }
}
