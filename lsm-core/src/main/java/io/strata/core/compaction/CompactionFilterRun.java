package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.version.Version;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compaction filter of one compaction run, with the rule of which entries it may see
 * (rocksdb db/compaction/compaction_iterator.cc, {@code InvokeFilterIfNeeded}): a put that is
 * the newest version of its user key in the compaction and that no open snapshot can see (its
 * sequence number is above the newest snapshot's, or none is open). {@link CompactionRunner}
 * asks {@link #appliesTo} for the newest version of each key and then {@link #decide}; a removed
 * entry becomes a deletion marker there, which the runner's usual rule drops where nothing older
 * may hold the key. Confined to the compaction thread.
 */
public final class CompactionFilterRun {
  /** No filter: every entry is kept as it is. Immutable: it never decides, so never counts. */
  public static final CompactionFilterRun NONE = new CompactionFilterRun(null, 0, -1);

  private final CompactionFilter filter;
  private final int level;
  private final long newestSnapshot;
  private long removed;
  private long changed;

  private CompactionFilterRun(CompactionFilter filter, int level, long newestSnapshot) {
    this.filter = filter;
    this.level = level;
    this.newestSnapshot = newestSnapshot;
  }

  /**
   * Creates the filter of {@code c} with {@code factory}, telling it what the compaction is.
   *
   * @param factory the database's compaction filter factory
   * @param c the compaction about to run
   * @param version the Version {@code c} was picked from
   * @param manual whether {@code Db.compactRange} asked for it
   * @param strategy the name of the strategy that picked it
   * @param newestSnapshot the sequence number of the newest open snapshot, or -1 when none is
   *     open; entries at or below it are never filtered
   * @return the run's filter
   * @throws NullPointerException if the factory returns null
   */
  public static CompactionFilterRun start(CompactionFilterFactory factory, Compaction c,
      Version version, boolean manual, String strategy, long newestSnapshot) {
    CompactionFilterFactory.Context context = context(c, version, manual, strategy);
    CompactionFilter filter = checkNotNull(factory.createCompactionFilter(context),
        "compaction filter factory %s returned null", factory.name());
    return new CompactionFilterRun(filter, context.startLevel(), newestSnapshot);
  }

  /** What {@code c} tells the factory about itself. */
  static CompactionFilterFactory.Context context(Compaction c, Version version, boolean manual,
      String strategy) {
    Set<Integer> levels = new TreeSet<>();
    c.inputs().forEach(in -> levels.add(in.level()));
    return new CompactionFilterFactory.Context(ImmutableList.copyOf(levels), c.outputLevel(),
        Bottommost.of(c, version), manual, strategy);
  }



  /**
   * Whether the filter sees an entry that is the newest version of its user key in the
   * compaction: a put no open snapshot can see.
   *
   * @param trailer the entry's internal-key trailer, {@code sequence << 8 | type}
   * @return true to ask {@link #decide}
   */
  public boolean appliesTo(long trailer) {
    return filter != null && (trailer & 0xff) == ValueType.VALUE.code()
        && (trailer >>> 8) > newestSnapshot;
  }

  /**
   * Asks the filter about one entry and counts what it decided.
   *
   * @param userKey the entry's user key
   * @param value the entry's value
   * @return the filter's decision
   * @throws IOException if the filter fails
   * @throws NullPointerException if the filter returns null
   */
  public CompactionFilter.Decision decide(byte[] userKey, byte[] value) throws IOException {
    CompactionFilter.Decision d = checkNotNull(filter.filter(level, userKey.clone(), value),
        "compaction filter %s returned null", filter.name());
    switch (d.kind()) {
      case REMOVE -> removed++;
      case CHANGE_VALUE -> changed++;
      default -> { }
    }
    return d;
  }

  /** {@return the entries the filter removed so far (deletion markers or dropped)} */
  public long removed() {
    return removed;
  }

  /** {@return the entries whose value the filter changed so far} */
  public long changed() {
    return changed;
  }
}
