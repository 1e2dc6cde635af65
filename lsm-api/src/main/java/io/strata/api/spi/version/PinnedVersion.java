package io.strata.api.spi.version;

/**
 * A reference on a {@link Version}: while open, no file the Version lists is deleted.
 * {@link #close()} releases it (idempotent), so try-with-resources pins a Version for a block.
 * Thread-safe.
 */
public interface PinnedVersion extends AutoCloseable {
  /** {@return the pinned Version} */
  Version version();

  @Override
  void close();
}
