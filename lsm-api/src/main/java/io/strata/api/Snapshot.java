package io.strata.api;

/**
 * A point-in-time read view of a database: reads through it see every write that returned before
 * it was taken and none after. Pass it in {@link ReadOptions}; {@link #close()} releases it, after
 * which compactions may drop the versions it kept alive. Thread-safe.
 */
public interface Snapshot extends AutoCloseable {
  /** {@return the sequence number of the last write the snapshot sees} */
  long sequenceNumber();

  /** Releases the snapshot; idempotent. */
  @Override
  void close();
}
