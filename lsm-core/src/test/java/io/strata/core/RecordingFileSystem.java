package io.strata.core;

import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.testing.ForwardingFileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local files, recording the names of the files opened for reading, the syncs of logs, tables
 * and directories, with a hook before each MANIFEST sync, and optionally refusing hard links (as
 * across file systems). Thread-safe.
 */
final class RecordingFileSystem extends ForwardingFileSystem {
  private final FileSystem local = delegate();
  /** Names of the files opened for reading since the last {@link #clearOpened()}. */
  final Set<String> opened = ConcurrentHashMap.newKeySet();
  volatile boolean refuseLinks;
  /** A directory whose sync fails, or null. */
  volatile Path failSyncOf;
  /**
   * Directory syncs and log syncs, in order, as {@code "sync-dir <thread>"} and {@code "sync
   * <log name>"}.
   */
  final List<String> syncs = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Names of the table files whose sync returned, each with the thread that synced it. */
  final Map<String, String> syncedTables = new ConcurrentHashMap<>();
  /** Runs before each MANIFEST sync, with the MANIFEST's path; null for nothing. */
  volatile ManifestSyncHook beforeManifestSync;

  /** A check run before a MANIFEST is synced. */
  interface ManifestSyncHook {
    void run(Path manifest) throws IOException;
  }

  RecordingFileSystem() {
    super(new LocalFileSystem());
  }

  void clearOpened() {
    opened.clear();
  }

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    WritableFile file = local.newWritableFile(path);
    String name = path.getFileName().toString();
    if (name.endsWith(".ldb")) {
      return new ForwardingWritableFile(file) {
        @Override
        public void sync() throws IOException {
          super.sync();
          syncedTables.put(name, Thread.currentThread().getName());
        }
      };
    }
    if (name.startsWith("MANIFEST-")) {
      return new ForwardingWritableFile(file) {
        @Override
        public void sync() throws IOException {
          ManifestSyncHook hook = beforeManifestSync;
          if (hook != null) {
            hook.run(path);
          }
          super.sync();
        }
      };
    }
    return file;
  }

  /** A {@link WritableFile} passing every call to another. */
  private static class ForwardingWritableFile implements WritableFile {
    private final WritableFile file;

    ForwardingWritableFile(WritableFile file) {
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
      file.sync();
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

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    WritableFile file = local.newLogFile(path);
    String name = path.getFileName().toString();
    return new ForwardingWritableFile(file) {
      @Override
      public void sync() throws IOException {
        syncs.add("sync " + name);
        super.sync();
      }
    };
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    opened.add(path.getFileName().toString());
    return local.newReadableFile(path);
  }

  @Override
  public void link(Path source, Path target) throws IOException {
    if (refuseLinks) {
      throw new IOException("Invalid cross-device link: " + source + " -> " + target);
    }
    local.link(source, target);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    if (dir.equals(failSyncOf)) {
      throw new IOException("injected failure: sync of " + dir);
    }
    syncs.add("sync-dir " + Thread.currentThread().getName());
    local.syncDirectory(dir);
  }
}
