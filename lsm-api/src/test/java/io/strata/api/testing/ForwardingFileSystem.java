package io.strata.api.testing;

import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file system that passes every call to another: tests extend it and override only what they
 * record or change. Thread-safe if the delegate is.
 */
public class ForwardingFileSystem implements FileSystem {
  private final FileSystem delegate;

  /** @param delegate where every call goes */
  public ForwardingFileSystem(FileSystem delegate) {
    this.delegate = delegate;
  }

  /** The file system calls are passed to. */
  protected final FileSystem delegate() {
    return delegate;
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    return delegate.newWritableFile(path);
  }

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return delegate.newLogFile(path);
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    return delegate.newReadableFile(path);
  }

  @Override
  public ReadableFile newReadableFileInUse(Path path) throws IOException {
    return delegate.newReadableFileInUse(path);
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
  public void rename(Path source, Path target) throws IOException {
    delegate.rename(source, target);
  }

  @Override
  public void link(Path source, Path target) throws IOException {
    delegate.link(source, target);
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
    delegate.syncDirectory(dir);
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    return delegate.lock(path);
  }
}
