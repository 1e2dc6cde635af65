package io.strata.core;

import io.strata.api.Options;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Whether a database was written with a TTL, as its OPTIONS file records it, against the TTL an
 * open asks for. Every value of a database written with a TTL ends with its write time
 * ({@code io.strata.core.ttl.TtlValues}); opening it without one would hand those bytes out as
 * data, and opening a database written without one with a TTL would read the end of each value
 * as a write time. Both are refused. The duration itself may change (RocksDB's
 * {@code DBWithTTL::Open} takes any). Stateless.
 */
final class TtlRecord {
  private TtlRecord() {}

  /** The TTL {@code options} set, in seconds; empty for none. */
  static OptionalLong seconds(Options options) {
    return options.ttl().map(d -> OptionalLong.of(d.getSeconds())).orElse(OptionalLong.empty());
  }

  /**
   * Refuses an open whose TTL setting is not the database's.
   *
   * @param recordedSeconds the TTL the database records, in seconds; empty for none
   * @throws IllegalArgumentException if one of the two has a TTL and the other not
   */
  static void check(Path dir, Options options, OptionalLong recordedSeconds) {
    OptionalLong asked = seconds(options);
    if (recordedSeconds.isPresent() && asked.isEmpty()) {
      throw new IllegalArgumentException(dir + ": the database was written with a TTL ("
          + recordedSeconds.getAsLong() + " s): every value ends with its 4-byte write time;"
          + " open it with Options.Builder.ttl(...) (any duration)");
    }
    if (recordedSeconds.isEmpty() && asked.isPresent()) {
      throw new IllegalArgumentException(dir + ": the database was written without a TTL; a TTL"
          + " (" + asked.getAsLong() + " s) would read the last 4 bytes of each value as a write"
          + " time; open it without Options.Builder.ttl(...)");
    }
  }
}
