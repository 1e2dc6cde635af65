package io.strata.testkit;

import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.testing.ForwardingFileSystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Local files whose syncs only flush: under a {@link FaultInjectionFileSystem} durability is
 * simulated, so a real fsync would only slow the hundreds of simulated power losses down.
 * Stateless and thread-safe.
 */
final class NoFsyncFileSystem extends ForwardingFileSystem {
  NoFsyncFileSystem() {
    super(new LocalFileSystem());
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    return new FlushOnSync(delegate().newWritableFile(path));
  }

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return new FlushOnSync(delegate().newLogFile(path));
  }

  @Override
  public void syncDirectory(Path dir) {
    // Simulated by the fault-injecting layer above.
  }

  private static final class FlushOnSync implements WritableFile {
    private final WritableFile file;

    FlushOnSync(WritableFile file) {
      this.file = file;
    }

    @Override
    public void append(byte[] data, int offset, int length) throws IOException {
      file.append(data, offset, length);
    }

    @Override
    public void flush() throws IOException {
      file.flush();
    }

    @Override
    public void sync() throws IOException {
      file.flush();
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
