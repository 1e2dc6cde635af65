package io.strata.core.ttl;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import java.io.IOException;
import java.util.Optional;

/**
 * The compaction filter of a database with a TTL (rocksdb utilities/ttl/db_ttl_impl.h,
 * {@code TtlCompactionFilter} and {@code TtlCompactionFilterFactory}): removes a value whose
 * write time plus the TTL is past when the compaction starts; otherwise hands the
 * user's filter, if any, the value without its write time, and puts the write time back after a
 * value the user's filter changed. A value too short to hold a write time is kept (reads report
 * it as corruption). Thread-safe; each filter it creates is confined to its compaction.
 */
public final class TtlCompactionFilterFactory implements CompactionFilterFactory {
  private final TtlValues ttl;
  private final Optional<CompactionFilterFactory> user;

  /**
   * A factory applying {@code ttl}, then {@code user}'s filters to what is not expired.
   *
   * @param ttl the TTL and its clock
   * @param user the user's factory, if one was given
   * @throws NullPointerException if an argument is null
   */
  public TtlCompactionFilterFactory(TtlValues ttl, Optional<CompactionFilterFactory> user) {
    this.ttl = checkNotNull(ttl, "ttl");
    this.user = checkNotNull(user, "user");
  }

  @Override
  public CompactionFilter createCompactionFilter(Context context) {
    CompactionFilter inner = user.map(f -> checkNotNull(f.createCompactionFilter(context),
        "compaction filter factory %s returned null", f.name())).orElse(null);
    long now = ttl.nowSeconds();
    return new CompactionFilter() {
      @Override
      public Decision filter(int level, byte[] key, byte[] value) throws IOException {
        if (value.length < TtlValues.WRITE_TIME_BYTES) {
          return Decision.KEEP;
        }
        long writeTime = TtlValues.writeTime(value, "compaction");
        if (ttl.isExpired(writeTime, now)) {
          return Decision.REMOVE;
        }
        if (inner == null) {
          return Decision.KEEP;
        }
        Decision d = inner.filter(level, key, TtlValues.strip(value, "compaction"));
        if (d.kind() == Decision.Kind.CHANGE_VALUE) {
          return Decision.changeValue(TtlValues.append(d.newValue(), writeTime));
        }
        return d;
      }

      @Override
      public String name() {
        return inner == null ? "ttl" : "ttl+" + inner.name();
      }
    };
  }

  @Override
  public String name() {
    return user.map(f -> "ttl+" + f.name()).orElse("ttl");
  }
}
