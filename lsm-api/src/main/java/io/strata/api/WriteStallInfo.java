package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A change of the write-stall condition, for {@link EventListener#onWriteStallChanged}.
 *
 * @param previous the condition before the change
 * @param current the condition now
 * @param cause the cause of {@code current}, or, when {@code current} is
 *     {@link WriteStallCondition#NORMAL}, of the condition that ended
 */
public record WriteStallInfo(WriteStallCondition previous, WriteStallCondition current,
    WriteStallCause cause) {
  /**
   * Checks the components.
   *
   * @param previous the condition before the change
   * @param current the condition now
   * @param cause the cause of {@code current}, or, when {@code current} is
   *     {@link WriteStallCondition#NORMAL}, of the condition that ended
   * @throws NullPointerException if a component is null
   */
  public WriteStallInfo {
    checkNotNull(previous, "previous");
    checkNotNull(current, "current");
    checkNotNull(cause, "cause");
  }
}
