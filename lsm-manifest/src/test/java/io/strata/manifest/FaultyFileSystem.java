package io.strata.manifest;

import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Local files, with switchable failures of sync (by file name prefix), rename, dir sync. */
final class FaultyFileSystem implements FileSystem {
  private final FileSystem delegate = new LocalFileSystem();
  volatile String failSyncPrefix;
  volatile boolean failRename;
  volatile boolean failSyncDirectory;

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    WritableFile f = delegate.newWritableFile(path);
    String name = path.getFileName().toString();
    return new WritableFile() {
      @Override
      public void append(byte[] data, int offset, int length) throws IOException {
        f.append(data, offset, length);
      }

      @Override
      public void flush() throws IOException {
        f.flush();
      }

      @Override
      public void sync() throws IOException {
        String p = failSyncPrefix;
        if (p != null && name.startsWith(p)) {
          throw new IOException("injected sync failure on " + name);
        }
        f.sync();
      }

      @Override
      public long size() {
        return f.size();
      }

      @Override
      public void close() throws IOException {
        f.close();
      }
    };
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    return delegate.newReadableFile(path);
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return delegate.list(dir);
  }

  @Override
  public void delete(Path path) throws IOException {
    delegate.delete(path);
  }

  @Override
  public void link(Path source, Path target) throws IOException {
    delegate.link(source, target);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    if (failRename) {
      throw new IOException("injected rename failure " + source + " -> " + target);
    }
    delegate.rename(source, target);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    delegate.createDirectories(dir);
  }

  @Override
  public long size(Path path) throws IOException {
    return delegate.size(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (failSyncDirectory) {
      throw new IOException("injected directory sync failure on " + dir);
    }
    delegate.syncDirectory(dir);
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    return delegate.lock(path);
  }
}
