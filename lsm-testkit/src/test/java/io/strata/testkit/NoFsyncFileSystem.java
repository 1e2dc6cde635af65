package io.strata.testkit;

import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Local files whose syncs only flush: under a {@link FaultInjectionFileSystem} durability is
 * simulated, so a real fsync would only slow the hundreds of simulated power losses down.
 * Stateless and thread-safe.
 */
final class NoFsyncFileSystem implements FileSystem {
  private final FileSystem local = new LocalFileSystem();

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    return new FlushOnSync(local.newWritableFile(path));
  }

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return new FlushOnSync(local.newLogFile(path));
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    return local.newReadableFile(path);
  }

  @Override
  public boolean exists(Path path) {
    return local.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return local.list(dir);
  }

  @Override
  public void delete(Path path) throws IOException {
    local.delete(path);
  }

  @Override
  public void link(Path source, Path target) throws IOException {
    local.link(source, target);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    local.rename(source, target);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    local.createDirectories(dir);
  }

  @Override
  public long size(Path path) throws IOException {
    return local.size(path);
  }

  @Override
  public void syncDirectory(Path dir) {
    // Simulated by the fault-injecting layer above.
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    return local.lock(path);
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
