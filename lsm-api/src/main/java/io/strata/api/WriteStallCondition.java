package io.strata.api;

/** How writers are paced (rocksdb {@code WriteStallCondition}). */
public enum WriteStallCondition {
  /** Writes go at full speed. */
  NORMAL,
  /** Each write is delayed by about a millisecond to let background work catch up. */
  SLOWDOWN,
  /** Writers block until background work changes the shape of the tree or the memtables. */
  STOP,
}
