package io.strata.testkit;

import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.Set;

/**
 * What a {@link FaultInjectionFileSystem} knows about durability: for each file (a
 * {@link FileNode}, an inode) the bytes appended and the bytes synced, and for each directory the
 * entries made durable by its last sync plus the creates, renames and deletes made since, in
 * order. From that it computes, and carries out on the real file system, what a power loss would
 * leave.
 *
 * <p>A directory is tracked from the first operation on a file in it; whatever it holds then is
 * taken as durable. Files that lose their last name while a durable (or pending) entry still
 * names them have their bytes kept in memory, so that a crash can bring them back. Tracked
 * directories are expected to hold files only, as a database directory does; the creation of a
 * directory itself is taken as durable.
 *
 * <p>Paths are absolute and normalized by the caller. Not thread-safe: the owning file system
 * calls it with its monitor held.
 */
final class PowerLossModel {
  /** A torn write damages at most the last block of this many bytes (a page). */
  static final int TORN_BLOCK_BYTES = 4096;

  /** One file (an inode): its bytes, and how many of them are durable. */
  static final class FileNode {
    /** Where the file is reachable now, or null once its last name is gone. */
    Path livePath;
    /** Bytes appended through the file system (or found at tracking time). */
    long appended;
    /** Bytes durable: the appended length at its last sync. */
    long synced;
    /** The bytes of a file that lost its last name while a durable entry may still name it. */
    byte[] captured;

    FileNode(Path livePath, long appended, long synced) {
      this.livePath = livePath;
      this.appended = appended;
      this.synced = synced;
    }
  }

  /** A directory change not yet made durable: a name removed, a name added, or both (rename). */
  private record Change(String removed, String added, FileNode node) {
    void applyTo(Map<String, FileNode> names) {
      if (removed != null) {
        names.remove(removed);
      }
      if (added != null) {
        names.put(added, node);
      }
    }
  }

  private final FileSystem disk;
  private final Map<Path, FileNode> live = new HashMap<>();
  private final Map<Path, Map<String, FileNode>> durable = new HashMap<>();
  private final Map<Path, List<Change>> pending = new HashMap<>();
  private final Set<Path> directories = new HashSet<>();

  PowerLossModel(FileSystem disk) {
    this.disk = disk;
  }

  /** Starts tracking {@code dir} if needed: what it holds now is durable. */
  void track(Path dir) throws IOException {
    if (durable.containsKey(dir)) {
      return;
    }
    Map<String, FileNode> names = new HashMap<>();
    if (disk.exists(dir)) {
      for (String name : disk.list(dir)) {
        Path p = dir.resolve(name);
        if (directories.contains(p)) {
          continue;
        }
        long size = disk.size(p);
        FileNode node = new FileNode(p, size, size);
        live.put(p, node);
        names.put(name, node);
      }
    }
    durable.put(dir, names);
    pending.put(dir, new ArrayList<>());
  }

  /** Records a directory made by {@code createDirectories}; it is not a file. */
  void directoryCreated(Path dir) throws IOException {
    for (Path p = dir; p != null; p = p.getParent()) {
      directories.add(p);
    }
    track(dir);
  }

  /** Before {@code path} is created or truncated: keeps the bytes of the file it replaces. */
  void beforeCreate(Path path) throws IOException {
    track(parent(path));
    FileNode old = live.get(path);
    if (old != null) {
      capture(old);
    }
  }

  /** After {@code path} was created or truncated: a new, empty file under a pending entry. */
  FileNode created(Path path) {
    FileNode old = live.remove(path);
    if (old != null) {
      old.livePath = null;
    }
    FileNode node = new FileNode(path, 0, 0);
    live.put(path, node);
    pending.get(parent(path)).add(new Change(null, name(path), node));
    return node;
  }

  /** After a lock file was opened at {@code path}: created empty if it was not there. */
  void ensureFile(Path path) throws IOException {
    track(parent(path));
    if (!live.containsKey(path)) {
      created(path);
    }
  }

  /** Before {@code path} is deleted: keeps its bytes if a durable entry may still name it. */
  void beforeDelete(Path path) throws IOException {
    track(parent(path));
    FileNode node = live.get(path);
    if (node != null) {
      capture(node);
    }
  }

  void deleted(Path path) {
    FileNode node = live.remove(path);
    if (node != null) {
      node.livePath = null;
    }
    pending.get(parent(path)).add(new Change(name(path), null, null));
  }

  /** Before {@code source} is renamed over {@code target}: keeps the bytes of the target. */
  void beforeRename(Path source, Path target) throws IOException {
    track(parent(source));
    track(parent(target));
    FileNode old = live.get(target);
    if (old != null && old != live.get(source)) {
      capture(old);
    }
  }

  void renamed(Path source, Path target) throws IOException {
    FileNode node = live.remove(source);
    if (node == null) {
      long size = disk.size(target); // a file made behind this model's back: take it as synced
      node = new FileNode(target, size, size);
    }
    FileNode old = live.put(target, node);
    if (old != null && old != node) {
      old.livePath = null;
    }
    node.livePath = target;
    Path from = parent(source);
    Path to = parent(target);
    if (from.equals(to)) {
      pending.get(from).add(new Change(name(source), name(target), node));
    } else {
      pending.get(from).add(new Change(name(source), null, null));
      pending.get(to).add(new Change(null, name(target), node));
    }
  }

  /** Before {@code target} is made a hard link of {@code source}: tracks both directories. */
  void beforeLink(Path source, Path target) throws IOException {
    track(parent(source));
    track(parent(target));
  }

  /**
   * After {@code target} was made a hard link of {@code source}: a new name under a pending entry.
   * The model keeps one path per file, so the new name is a file of its own, with the bytes of
   * the source and as many of them durable as the source's: right for the files linked (tables,
   * never written again), not for a file appended to through one name and read through the other.
   */
  void linked(Path source, Path target) throws IOException {
    long size = disk.size(target);
    FileNode from = live.get(source);
    long synced = from == null ? size : Math.min(from.synced, size);
    FileNode node = new FileNode(target, size, synced);
    live.put(target, node);
    pending.get(parent(target)).add(new Change(null, name(target), node));
  }

  /** After {@code dir} was synced: every pending change of it is durable. */
  void directorySynced(Path dir) throws IOException {
    track(dir);
    Map<String, FileNode> names = durable.get(dir);
    for (Change c : pending.get(dir)) {
      c.applyTo(names);
    }
    pending.get(dir).clear();
  }

  /** A plan of what a power loss leaves, computed before any file is touched. */
  static final class Plan {
    final List<Path> deletions = new ArrayList<>();
    final Map<Path, byte[]> rewrites = new LinkedHashMap<>();
    final Set<Path> directories = new HashSet<>();
    /** Files cut back or torn, and entries undone: for the caller's log. */
    int filesChanged;
    int entriesUndone;

    /** Deletes, rewrites and syncs on {@code disk}. */
    void apply(FileSystem disk) throws IOException {
      for (Path p : deletions) {
        disk.delete(p);
      }
      for (Map.Entry<Path, byte[]> e : rewrites.entrySet()) {
        try (WritableFile f = disk.newWritableFile(e.getKey())) {
          f.append(e.getValue());
          f.sync();
        }
      }
      for (Path dir : directories) {
        disk.syncDirectory(dir);
      }
    }
  }

  /**
   * What a power loss in {@code mode} leaves in every tracked directory. Reads the bytes it needs
   * now; changes nothing. REQUIRES every writer of the files closed, so that the disk holds all
   * bytes appended.
   */
  Plan plan(CrashMode mode, RandomGenerator random) throws IOException {
    Plan plan = new Plan();
    for (Map.Entry<Path, Map<String, FileNode>> d : durable.entrySet()) {
      Path dir = d.getKey();
      Map<String, FileNode> names = new HashMap<>(d.getValue());
      List<Change> changes = pending.get(dir);
      int kept = mode.entries() == CrashMode.UnsyncedEntries.UNDO
          ? 0 : random.nextInt(changes.size() + 1);
      for (int i = 0; i < kept; i++) {
        changes.get(i).applyTo(names);
      }
      plan.entriesUndone += changes.size() - kept;
      if (!disk.exists(dir)) {
        continue;
      }
      plan.directories.add(dir);
      for (String name : disk.list(dir)) {
        Path p = dir.resolve(name);
        if (!names.containsKey(name) && !directories.contains(p)) {
          plan.deletions.add(p);
        }
      }
      for (Map.Entry<String, FileNode> e : names.entrySet()) {
        planFile(dir.resolve(e.getKey()), e.getValue(), mode.data(), random, plan);
      }
    }
    return plan;
  }

  private void planFile(Path path, FileNode node, CrashMode.UnsyncedData data,
      RandomGenerator random, Plan plan) throws IOException {
    long available;
    if (node.livePath != null) {
      available = Math.min(node.appended, disk.size(node.livePath));
    } else {
      available = node.captured == null ? 0 : node.captured.length;
    }
    long synced = Math.min(node.synced, available);
    long unsynced = available - synced;
    long length;
    long tornFrom = -1;
    switch (data) {
      case DROP:
        length = synced;
        break;
      case KEEP_RANDOM_PREFIX:
        length = synced + (unsynced == 0 ? 0 : (long) (random.nextDouble() * (unsynced + 1)));
        break;
      default:
        if (unsynced == 0) {
          length = synced;
        } else {
          length = synced + 1 + (long) (random.nextDouble() * unsynced);
          long blockStart = Math.max(synced, (length - 1) / TORN_BLOCK_BYTES * TORN_BLOCK_BYTES);
          tornFrom = blockStart + (long) (random.nextDouble() * (length - blockStart));
        }
        break;
    }
    boolean inPlace = path.equals(node.livePath);
    if (inPlace && tornFrom < 0 && disk.size(path) == length) {
      return;
    }
    byte[] bytes = read(node, length);
    if (tornFrom >= 0) {
      if (data == CrashMode.UnsyncedData.TEAR_LAST_BLOCK_GARBAGE) {
        byte[] garbage = new byte[(int) (length - tornFrom)];
        random.nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, (int) tornFrom, garbage.length);
      } else {
        java.util.Arrays.fill(bytes, (int) tornFrom, (int) length, (byte) 0);
      }
    }
    plan.rewrites.put(path, bytes);
    if (!inPlace || length != node.appended) {
      plan.filesChanged++;
    }
  }

  /** Keeps the bytes of {@code node} in memory if a durable or pending entry names it. */
  private void capture(FileNode node) throws IOException {
    if (node.livePath != null && isReferenced(node)) {
      node.captured = read(node, Math.min(node.appended, disk.size(node.livePath)));
    }
  }

  private boolean isReferenced(FileNode node) {
    for (Map<String, FileNode> names : durable.values()) {
      if (names.containsValue(node)) {
        return true;
      }
    }
    for (List<Change> changes : pending.values()) {
      for (Change c : changes) {
        if (c.node() == node) {
          return true;
        }
      }
    }
    return false;
  }

  private byte[] read(FileNode node, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("file of " + length + " bytes is too large to simulate a crash of");
    }
    byte[] bytes = new byte[(int) length];
    if (node.livePath == null) {
      if (node.captured != null) {
        System.arraycopy(node.captured, 0, bytes, 0, bytes.length);
      }
    } else if (length > 0) {
      try (ReadableFile f = disk.newReadableFile(node.livePath)) {
        f.readFully(0, bytes, 0, bytes.length);
      }
    }
    return bytes;
  }

  private static Path parent(Path path) {
    Path p = path.getParent();
    if (p == null) {
      throw new IllegalArgumentException("no parent directory: " + path);
    }
    return p;
  }

  private static String name(Path path) {
    return path.getFileName().toString();
  }
}
