package io.strata.api.spi.env;

import java.io.Closeable;
import java.io.IOException;

/** A held exclusive lock on a file; {@link #close()} releases it. */
public interface FileLock extends Closeable {
  @Override
  void close() throws IOException;
}
