package io.strata.core;

import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local files, recording the names of the files opened for reading, and optionally refusing
 * hard links (as across file systems). Thread-safe.
 */
final class RecordingFileSystem implements FileSystem {
  private final FileSystem local = new LocalFileSystem();
  /** Names of the files opened for reading since the last {@link #clearOpened()}. */
  final Set<String> opened = ConcurrentHashMap.newKeySet();
  volatile boolean refuseLinks;
  /** A directory whose sync fails, or null. */
  volatile Path failSyncOf;

  void clearOpened() {
    opened.clear();
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    return local.newWritableFile(path);
  }

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return local.newLogFile(path);
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    opened.add(path.getFileName().toString());
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
  public void rename(Path source, Path target) throws IOException {
    local.rename(source, target);
  }

  @Override
  public void link(Path source, Path target) throws IOException {
    if (refuseLinks) {
      throw new IOException("Invalid cross-device link: " + source + " -> " + target);
    }
    local.link(source, target);
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
  public void syncDirectory(Path dir) throws IOException {
    if (dir.equals(failSyncOf)) {
      throw new IOException("injected failure: sync of " + dir);
    }
    local.syncDirectory(dir);
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    return local.lock(path);
  }
}
