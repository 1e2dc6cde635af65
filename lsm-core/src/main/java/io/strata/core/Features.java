package io.strata.core;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.version.VersionEdit;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The features outside LevelDB's formats that a database records in its MANIFEST before it first
 * uses them ({@link VersionEdit#features()}, MANIFEST tag 82). LevelDB 1.23 refuses a MANIFEST
 * holding the record ("unknown tag") rather than misreading records, values or blocks it cannot
 * decode; a database that never used one stays a LevelDB database. Stateless.
 */
final class Features {
  /** Merge records ({@code Db.merge}) in logs and tables. */
  static final String MERGE = "merge";
  /** Range tombstones ({@code Db.deleteRange}) in logs and tables. */
  static final String RANGE_DELETION = "range-deletion";
  /** Values carrying their write time (the {@code ttl} option). */
  static final String TTL = "ttl";
  /** Zstandard-compressed blocks. */
  static final String ZSTD = "zstd";

  /** Every feature this version of the engine reads. */
  static final ImmutableSortedSet<String> KNOWN =
      ImmutableSortedSet.of(MERGE, RANGE_DELETION, TTL, ZSTD);

  private Features() {}

  /**
   * The features an open with {@code options} may use before any write asks for one: Zstandard
   * when any compression setting names it, TTL when a time-to-live is set (every value then
   * carries its write time).
   */
  static Set<String> impliedBy(Options options) {
    Set<String> needed = new TreeSet<>();
    if (options.compression() == CompressionType.ZSTD
        || options.compressionPerLevel().contains(CompressionType.ZSTD)
        || options.bottommostCompression().equals(Optional.of(CompressionType.ZSTD))) {
      needed.add(ZSTD);
    }
    if (options.ttl().isPresent()) {
      needed.add(TTL);
    }
    return needed;
  }

  /**
   * Refuses a database recording a feature this version does not know: its files hold records
   * or blocks the engine would misread.
   *
   * @throws IOException naming the directory and the unknown features
   */
  static void checkKnown(Object dir, Set<String> recorded) throws IOException {
    Set<String> unknown = Sets.difference(recorded, KNOWN);
    if (!unknown.isEmpty()) {
      throw new IOException(dir + ": the database uses " + unknown
          + ", which this version of Strata does not read (it reads " + KNOWN + ")");
    }
  }

  /**
   * Records {@code needed} in the MANIFEST unless the current Version records all of it already.
   * REQUIRES neither {@code mutex} nor {@code metadataLock} held.
   */
  static void record(DbState state, Set<String> needed) throws IOException {
    if (needed.isEmpty() || state.versions.current().features().containsAll(needed)) {
      return;
    }
    VersionEdit.Builder edit = VersionEdit.builder();
    needed.forEach(edit::feature);
    state.logAndApply(edit.build());
    DbState.LOG.info("{}: recorded {} in the MANIFEST; LevelDB no longer opens this database",
        state.dir, needed);
  }
}
