package io.strata.core;

import io.strata.api.WriteStallCause;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.Version;
import java.util.Optional;

/**
 * A strategy that forwards every call to another (as Guava's {@code Forwarding*} classes), so
 * that a test strategy overrides only what it changes or records.
 */
class ForwardingCompactionStrategy implements CompactionStrategy {
  private final CompactionStrategy delegate;

  ForwardingCompactionStrategy(CompactionStrategy delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean levelDbLayout() {
    return delegate.levelDbLayout();
  }

  @Override
  public Optional<Compaction> pickCompaction(Version version) {
    return delegate.pickCompaction(version);
  }

  @Override
  public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
      byte[] end) {
    return delegate.rangeCompaction(version, level, begin, end);
  }

  @Override
  public WriteStall writeStall(Version version) {
    return delegate.writeStall(version);
  }

  @Override
  public WriteStallCause writeStallCause(Version version) {
    return delegate.writeStallCause(version);
  }

  @Override
  public long estimatedPendingCompactionBytes(Version version) {
    return delegate.estimatedPendingCompactionBytes(version);
  }

  @Override
  public int levelForFlush(Version version, byte[] smallestUserKey, byte[] largestUserKey) {
    return delegate.levelForFlush(version, smallestUserKey, largestUserKey);
  }

  @Override
  public double[] levelScores(Version version) {
    return delegate.levelScores(version);
  }
}
