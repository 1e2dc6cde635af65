package io.strata.api;

/**
 * Options of one write. Immutable.
 *
 * @param sync when true the write returns only after the write-ahead log was fsynced, so it
 *     survives power loss; when false (the default) it survives a process crash but the last
 *     writes may be lost with the machine, as in LevelDB
 */
public record WriteOptions(boolean sync) {
  /** {@code sync=false}. */
  public static final WriteOptions DEFAULT = new WriteOptions(false);
  /** {@code sync=true}. */
  public static final WriteOptions SYNC = new WriteOptions(true);
}
