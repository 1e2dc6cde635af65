package io.strata.manifest;

import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.testing.ForwardingFileSystem;
import java.io.IOException;
import java.nio.file.Path;

/** Local files, with switchable failures of sync (by file name prefix), rename, dir sync. */
final class FaultyFileSystem extends ForwardingFileSystem {
  volatile String failSyncPrefix;
  volatile boolean failRename;
  volatile boolean failSyncDirectory;

  FaultyFileSystem() {
    super(new LocalFileSystem());
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    WritableFile f = delegate().newWritableFile(path);
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

  /** Logs as every other file, through {@link #newWritableFile}, so their syncs fail too. */
  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return newWritableFile(path);
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    if (failRename) {
      throw new IOException("injected rename failure " + source + " -> " + target);
    }
    delegate().rename(source, target);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (failSyncDirectory) {
      throw new IOException("injected directory sync failure on " + dir);
    }
    delegate().syncDirectory(dir);
  }

}
