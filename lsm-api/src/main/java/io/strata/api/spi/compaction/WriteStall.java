package io.strata.api.spi.compaction;

/** What a strategy asks of writers given the tree's shape (LevelDB's L0 slowdown and stop). */
public enum WriteStall {
  /** Write at full speed. */
  NONE,
  /** Delay each write by about a millisecond, once, to let compaction catch up. */
  SLOWDOWN,
  /** Block writers until compaction changes the shape. */
  STOP,
}
