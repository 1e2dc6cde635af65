package io.strata.api;

/**
 * What {@code open} does with damage in the write-ahead logs it replays: RocksDB's
 * {@code WALRecoveryMode} ({@code include/rocksdb/options.h}, wiki "WAL Recovery Modes").
 *
 * <p>Two kinds of trouble are told apart, the same way by {@code open} and by
 * {@code strata verify}:
 *
 * <ul>
 *   <li>a <b>torn tail</b>: the last record of a log is cut short by the end of the file, or is
 *       damaged and followed by nothing but zeros (a file system may extend a file with zeros
 *       before the bytes written reach it, and older logs were zero-filled ahead of their
 *       writer). That is what a crash while appending leaves: the write was never
 *       acknowledged;
 *   <li><b>damage</b>: anything else, e.g. a bad checksum, an impossible length or an
 *       undecodable write batch with intact records after it. No crash leaves that; the records
 *       after it were written, and may have been acknowledged.
 * </ul>
 *
 * <p>In every mode, a log from which {@code open} dropped anything (a torn tail, damage, or a
 * whole log not replayed) is kept under {@code lost/} instead of being deleted once replayed,
 * and what was dropped is logged and reported by the property {@code strata.recovery}.
 */
public enum WalRecoveryMode {
  /**
   * Tolerates a torn tail in any log and fails the open on damage (LevelDB's recovery, RocksDB's
   * {@code kTolerateCorruptedTailRecords}). A torn tail in a log that is not the newest ends
   * replay there, as {@link #POINT_IN_TIME_RECOVERY} does (nothing written after it was synced);
   * with {@link Options#paranoidChecks()} it fails the open instead. The default.
   */
  TOLERATE_CORRUPTED_TAIL_RECORDS,
  /**
   * Fails the open on any torn tail or damage: for applications that cannot lose a record, or
   * can replay it from elsewhere (RocksDB's {@code kAbsoluteConsistency}).
   */
  ABSOLUTE_CONSISTENCY,
  /**
   * Stops replay at the first torn tail or damage and drops everything after it, later logs
   * included, so the database opens at a consistent point in time with no hole (RocksDB's
   * {@code kPointInTimeRecovery}, its default): for replicated systems that fetch what came
   * after from a replica.
   */
  POINT_IN_TIME_RECOVERY,
  /**
   * Skips damaged records and replays every intact record after them, later logs included
   * (RocksDB's {@code kSkipAnyCorruptedRecords}): a last-ditch salvage. Writes on either side of
   * a damaged record are kept and the damaged one is lost, so the result may have a hole.
   */
  SKIP_ANY_CORRUPTED_RECORDS
}
