package io.strata.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.testkit.FileOperation.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link FileSystem} over another one (normally {@code LocalFileSystem} over a temporary
 * directory) that injects faults and simulates power loss, in the manner of LevelDB's and
 * RocksDB's {@code FaultInjectionTestEnv}.
 *
 * <p>What it offers:
 *
 * <ul>
 *   <li><b>Power loss.</b> It tracks per file the bytes appended and the bytes made durable by
 *       {@link WritableFile#sync()}, and per directory the creates, renames and deletes made
 *       durable by {@link #syncDirectory(Path)}. {@link #crash(CrashMode)} rewrites the real
 *       directories to what a power loss would leave: files cut back to their synced length (or,
 *       depending on the {@link CrashMode}, a random prefix of the unsynced bytes kept, or the last
 *       4 KiB block torn), unsynced creates removed, unsynced renames and deletes undone. A crash
 *       also happens by itself right before or after an operation that matches a predicate
 *       ({@link #crashBefore}, {@link #crashAfter}).
 *   <li><b>Death.</b> After a crash this instance is dead for good: every operation, through it
 *       or through any file or lock it handed out, throws {@link IOException}, so that a database
 *       still running on it cannot change the disk any more. Its locks are released, as the
 *       kernel releases them when a machine goes down. Reopen on the underlying file system, or
 *       on a new instance over it.
 *   <li><b>Failures.</b> An operation that matches a predicate fails with an {@link IOException}
 *       before it is done ({@link #failWhen}, {@link #failOnce}; predicates from
 *       {@link FileOperation#of} and {@link FileOperation#nth}, e.g. "the sync of a MANIFEST-*",
 *       "a rename to CURRENT", "the 3rd delete"); or with a throwable of the test's choosing,
 *       such as the {@link InternalError} the JVM raises for a fault in a memory mapping
 *       ({@link #failWhen(Predicate, Function)}).
 *   <li><b>Full disk.</b> With {@link #setFreeSpaceBytes(long)}, an append that does not fit
 *       fails with an IOException whose message holds {@value #NO_SPACE_MESSAGE}, writing
 *       nothing, until space is freed ({@link #freeSpace()}).
 *   <li><b>Counts.</b> Every operation is counted by {@link Kind} ({@link #count(Kind)}), and the
 *       durability points (creates, syncs, renames, deletes, directory syncs) are kept in order
 *       ({@link #history()}), so that a test can run a scenario once and then crash at each of
 *       its durability points in turn.
 * </ul>
 *
 * <p>Reads ({@code exists}, {@code list}, {@code size}, {@code newReadableFile}) see the live
 * state of the underlying file system. A directory is tracked from the first operation on a file
 * in it; what it holds then is taken as durable. See {@link PowerLossModel} for the limits of the
 * model (tracked directories hold files only; creating a directory is durable at once).
 *
 * <p>Thread-safe. A crash waits for operations in progress and runs alone; faults and crashes
 * triggered by an operation run on the thread that does it.
 */
public final class FaultInjectionFileSystem implements FileSystem {
  /** The text in the message of an append that does not fit on a full disk (POSIX ENOSPC). */
  public static final String NO_SPACE_MESSAGE = "No space left on device";

  /** A fault or crash registered on the file system; it stays until removed or used up. */
  public interface Fault {
    /**
     * How many operations it has acted on so far.
     *
     * @return the operations acted on
     */
    int hits();

    /** Stops it from acting on later operations. Idempotent. */
    void remove();
  }

  private enum Action { FAIL, CRASH_BEFORE, CRASH_AFTER }

  private final class Rule implements Fault {
    final Predicate<FileOperation> condition;
    final Action action;
    final CrashMode mode;
    final int maxHits; // 0: unlimited
    /** What a FAIL rule throws; null: an IOException naming the operation. */
    final Function<FileOperation, ? extends Throwable> failure;
    final java.util.concurrent.atomic.AtomicInteger hits =
        new java.util.concurrent.atomic.AtomicInteger();

    Rule(Predicate<FileOperation> condition, Action action, CrashMode mode, int maxHits,
        Function<FileOperation, ? extends Throwable> failure) {
      this.condition = checkNotNull(condition, "condition");
      this.action = action;
      this.mode = mode;
      this.maxHits = maxHits;
      this.failure = failure;
    }

    /** The throwable that fails {@code op}: an IOException is returned, anything else thrown. */
    IOException fail(FileOperation op) {
      if (failure == null) {
        return new IOException("injected fault: " + op);
      }
      Throwable t = failure.apply(op);
      if (t instanceof IOException e) {
        return e;
      }
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException("an injected failure must be an IOException, a "
          + "RuntimeException or an Error; got " + t + " for " + op, t);
    }

    /** Whether it acts on {@code op}; counts the hit. */
    boolean claims(FileOperation op) {
      if (!condition.test(op)) {
        return false;
      }
      if (maxHits == 0) {
        hits.incrementAndGet();
        return true;
      }
      while (true) {
        int h = hits.get();
        if (h >= maxHits) {
          return false;
        }
        if (hits.compareAndSet(h, h + 1)) {
          if (h + 1 == maxHits) {
            rules.remove(this);
          }
          return true;
        }
      }
    }

    @Override
    public int hits() {
      return hits.get();
    }

    @Override
    public void remove() {
      rules.remove(this);
    }
  }

  /** An I/O step run under the crash lock. */
  private interface IoAction<T> {
    T run() throws IOException;
  }

  private final FileSystem delegate;
  private final SplittableRandom random;
  private final Map<Kind, AtomicLong> counts = new EnumMap<>(Kind.class);
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong freeSpaceBytes = new AtomicLong(Long.MAX_VALUE);
  /** Operations hold the read lock; a crash holds the write lock, so it runs alone. */
  private final ReentrantReadWriteLock crashLock = new ReentrantReadWriteLock();
  /** Open files and locks of the delegate, closed by a crash. */
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
  private volatile boolean crashed;
  private volatile String crashReason;

  // Guarded by this.
  private final PowerLossModel model;
  private final List<FileOperation> history = new ArrayList<>();

  /**
   * A fault-injecting file system over {@code delegate}; random choices seeded with 0.
   *
   * @param delegate the file system that does the I/O
   */
  public FaultInjectionFileSystem(FileSystem delegate) {
    this(delegate, 0);
  }

  /**
   * A fault-injecting file system over {@code delegate}. Does no I/O.
   *
   * @param seed seeds the random choices of crashes (prefix lengths, torn bytes)
   * @param delegate the file system that does the I/O
   * @throws NullPointerException if {@code delegate} is null
   */
  public FaultInjectionFileSystem(FileSystem delegate, long seed) {
    this.delegate = checkNotNull(delegate, "delegate");
    this.random = new SplittableRandom(seed);
    this.model = new PowerLossModel(delegate);
    for (Kind k : Kind.values()) {
      counts.put(k, new AtomicLong());
    }
  }

  // ---------------------------------------------------------------- faults

  /**
   * Fails every operation matching {@code condition}, until removed.
   *
   * @param condition the operations to fail
   * @return the fault, to remove it
   */
  public Fault failWhen(Predicate<FileOperation> condition) {
    return add(new Rule(condition, Action.FAIL, null, 0, null));
  }

  /**
   * Fails every operation matching {@code condition} with the throwable {@code failure} makes for
   * it, until removed; the operation is not done. For failures that are not an IOException: a
   * {@link RuntimeException}, or an {@link Error} such as the {@link InternalError} of a fault
   * in a memory mapping.
   *
   * @param failure makes the throwable for an operation: an IOException, a RuntimeException or
   *     an Error (anything else is thrown as an IllegalStateException)
   * @param condition the operations to fail
   * @return the fault, to remove it
   * @throws NullPointerException if an argument is null
   */
  public Fault failWhen(Predicate<FileOperation> condition,
      Function<FileOperation, ? extends Throwable> failure) {
    return add(new Rule(condition, Action.FAIL, null, 0, checkNotNull(failure, "failure")));
  }

  /**
   * Fails the first operation matching {@code condition}; later ones go through.
   *
   * @param condition the operation to fail
   * @return the fault, to remove it before it acts
   */
  public Fault failOnce(Predicate<FileOperation> condition) {
    return add(new Rule(condition, Action.FAIL, null, 1, null));
  }

  /**
   * Simulates a power loss in {@code mode} right before the first operation matching
   * {@code condition}; that operation then fails with an IOException and is not done.
   *
   * @param condition the operation to crash before
   * @param mode what the power loss leaves
   * @return the fault, to remove it before it acts
   */
  public Fault crashBefore(Predicate<FileOperation> condition, CrashMode mode) {
    return add(new Rule(condition, Action.CRASH_BEFORE, checkNotNull(mode, "mode"), 1, null));
  }

  /**
   * Simulates a power loss in {@code mode} right after the first operation matching
   * {@code condition} is done; the operation returns normally, and the next one fails.
   *
   * @param condition the operation to crash after
   * @param mode what the power loss leaves
   * @return the fault, to remove it before it acts
   */
  public Fault crashAfter(Predicate<FileOperation> condition, CrashMode mode) {
    return add(new Rule(condition, Action.CRASH_AFTER, checkNotNull(mode, "mode"), 1, null));
  }

  private Fault add(Rule r) {
    rules.add(r);
    return r;
  }

  /**
   * Limits the bytes that may still be appended, over all files, to {@code bytes}; an append
   * that does not fit fails ({@value #NO_SPACE_MESSAGE}) and appends nothing. Deleting files does
   * not give space back; {@link #freeSpace()} does.
   *
   * @param bytes the bytes that may still be appended
   * @throws IllegalArgumentException if {@code bytes < 0}
   */
  public void setFreeSpaceBytes(long bytes) {
    checkArgument(bytes >= 0, "free space must not be negative, was %s", bytes);
    freeSpaceBytes.set(bytes);
  }

  /**
   * Bytes that may still be appended; {@code Long.MAX_VALUE} when unlimited (the default).
   *
   * @return the bytes that may still be appended
   */
  public long freeSpaceBytes() {
    return freeSpaceBytes.get();
  }

  /** Makes the disk full: every later append fails until {@link #freeSpace()}. */
  public void fillDisk() {
    setFreeSpaceBytes(0);
  }

  /** Lifts the limit of {@link #setFreeSpaceBytes}. */
  public void freeSpace() {
    freeSpaceBytes.set(Long.MAX_VALUE);
  }

  // ---------------------------------------------------------------- counts

  /**
   * How many operations of {@code kind} were asked for so far, failed ones included.
   *
   * @param kind the kind of operation
   * @return the operations of that kind asked for
   */
  public long count(Kind kind) {
    return counts.get(checkNotNull(kind, "kind")).get();
  }

  /**
   * The durability points asked for so far, in order ({@link Kind#isDurabilityPoint()}).
   *
   * @return the durability points, oldest first; an immutable copy
   */
  public synchronized List<FileOperation> history() {
    return ImmutableList.copyOf(history);
  }

  /**
   * Whether {@link #crash} has happened; the instance is then dead.
   *
   * @return whether the instance crashed
   */
  public boolean isCrashed() {
    return crashed;
  }

  // ---------------------------------------------------------------- power loss

  /**
   * {@link #crash(CrashMode)} with {@link CrashMode#DROP_UNSYNCED}.
   *
   * @throws IOException as {@link #crash(CrashMode)}
   */
  public void crash() throws IOException {
    crash(CrashMode.DROP_UNSYNCED);
  }

  /**
   * Simulates a power loss: waits for operations in progress, closes every file and lock handed
   * out (later operations on them, and on this instance, throw IOException), then rewrites the
   * tracked directories of the underlying file system to what the loss leaves in {@code mode}.
   * Idempotent: a second call does nothing.
   *
   * @param mode what the power loss leaves
   * @throws IOException if the underlying file system fails while being rewritten; its state is
   *     then undefined
   */
  public void crash(CrashMode mode) throws IOException {
    checkNotNull(mode, "mode");
    Lock lock = crashLock.writeLock();
    lock.lock();
    try {
      synchronized (this) {
        if (crashed) {
          return;
        }
        crashed = true;
        crashReason = "simulated power loss";
        for (Closeable c : open) {
          try {
            c.close();
          } catch (IOException | RuntimeException e) {
            // The machine is going down: what the handle still held is lost, as intended.
          }
        }
        open.clear();
        model.plan(mode, random).apply(delegate);
      }
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- the FileSystem

  @Override
  public WritableFile newWritableFile(Path path) throws IOException {
    return create(path, false);
  }

  @Override
  public WritableFile newLogFile(Path path) throws IOException {
    return create(path, true);
  }

  private WritableFile create(Path path, boolean log) throws IOException {
    Path p = normalize(path);
    return run(Kind.CREATE, p, null, () -> {
      synchronized (this) {
        model.beforeCreate(p);
      }
      WritableFile file = log ? delegate.newLogFile(p) : delegate.newWritableFile(p);
      PowerLossModel.FileNode node;
      synchronized (this) {
        node = model.created(p);
      }
      open.add(file);
      return new FaultWritableFile(p, file, node);
    });
  }

  @Override
  public ReadableFile newReadableFile(Path path) throws IOException {
    Path p = normalize(path);
    return run(Kind.OPEN_READ, p, null, () -> {
      ReadableFile file = delegate.newReadableFile(p);
      open.add(file);
      return new FaultReadableFile(p, file);
    });
  }

  /** The live answer of the underlying file system (also after a crash: reading is harmless). */
  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    checkAlive(dir);
    return delegate.list(dir);
  }

  @Override
  public void delete(Path path) throws IOException {
    Path p = normalize(path);
    run(Kind.DELETE, p, null, () -> {
      synchronized (this) {
        model.beforeDelete(p);
        delegate.delete(p);
        model.deleted(p);
      }
      return null;
    });
  }

  @Override
  public void rename(Path source, Path target) throws IOException {
    Path s = normalize(source);
    Path t = normalize(target);
    run(Kind.RENAME, s, t, () -> {
      synchronized (this) {
        model.beforeRename(s, t);
        delegate.rename(s, t);
        model.renamed(s, t);
      }
      return null;
    });
  }

  /**
   * Links through the underlying file system; the new name is pending until its directory is
   * synced, and a crash before that removes it (see {@link PowerLossModel#linked}).
   */
  @Override
  public void link(Path source, Path target) throws IOException {
    Path s = normalize(source);
    Path t = normalize(target);
    run(Kind.LINK, s, t, () -> {
      synchronized (this) {
        model.beforeLink(s, t);
        delegate.link(s, t);
        model.linked(s, t);
      }
      return null;
    });
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    Path d = normalize(dir);
    run(Kind.CREATE_DIRECTORY, d, null, () -> {
      delegate.createDirectories(d);
      synchronized (this) {
        model.directoryCreated(d);
      }
      return null;
    });
  }

  @Override
  public long size(Path path) throws IOException {
    checkAlive(path);
    return delegate.size(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    Path d = normalize(dir);
    run(Kind.SYNC_DIRECTORY, d, null, () -> {
      synchronized (this) {
        model.track(d);
      }
      delegate.syncDirectory(d);
      synchronized (this) {
        model.directorySynced(d);
      }
      return null;
    });
  }

  @Override
  public FileLock lock(Path path) throws IOException {
    Path p = normalize(path);
    return run(Kind.LOCK, p, null, () -> {
      FileLock lock = delegate.lock(p);
      synchronized (this) {
        model.ensureFile(p);
      }
      open.add(lock);
      return new FaultFileLock(p, lock);
    });
  }

  @Override
  public String toString() {
    return "FaultInjectionFileSystem[" + delegate + (crashed ? ", crashed" : "") + "]";
  }

  // ---------------------------------------------------------------- plumbing

  private static Path normalize(Path path) {
    return checkNotNull(path, "path").toAbsolutePath().normalize();
  }

  /**
   * Counts the operation, applies the faults that match it, and runs {@code action} unless the
   * file system is dead; a crash asked for after the operation happens once it is done.
   */
  private <T> T run(Kind kind, Path path, Path target, IoAction<T> action) throws IOException {
    long ordinal = counts.get(kind).incrementAndGet();
    FileOperation op = null;
    if (kind.isDurabilityPoint() || !rules.isEmpty()) {
      op = new FileOperation(kind, path, Optional.ofNullable(target), ordinal);
      if (kind.isDurabilityPoint()) {
        synchronized (this) {
          history.add(op);
        }
      }
    }
    checkAlive(op == null ? path : op);
    Rule after = null;
    for (Rule r : rules) {
      if (!r.claims(op)) {
        continue;
      }
      switch (r.action) {
        case FAIL:
          throw r.fail(op);
        case CRASH_BEFORE:
          crash(r.mode);
          throw new IOException("simulated power loss before " + op);
        default:
          after = r;
          break;
      }
    }
    T result;
    Lock lock = crashLock.readLock();
    lock.lock();
    try {
      checkAlive(op == null ? path : op);
      result = action.run();
    } finally {
      lock.unlock();
    }
    if (after != null) {
      crash(after.mode);
    }
    return result;
  }

  private void checkAlive(Object what) throws IOException {
    if (crashed) {
      throw new IOException("file system is dead after a " + crashReason + ": " + what);
    }
  }

  private void reserveSpace(Path path, int length) throws IOException {
    while (true) {
      long free = freeSpaceBytes.get();
      if (free == Long.MAX_VALUE) {
        return;
      }
      if (free < length) {
        throw new IOException(path + ": " + NO_SPACE_MESSAGE + " (" + free + " bytes free, "
            + length + " asked for)");
      }
      if (freeSpaceBytes.compareAndSet(free, free - length)) {
        return;
      }
    }
  }

  /** A file being written; tracks its appended and synced lengths in the model. */
  private final class FaultWritableFile implements WritableFile {
    private final Path path;
    private final WritableFile file;
    private final PowerLossModel.FileNode node;

    FaultWritableFile(Path path, WritableFile file, PowerLossModel.FileNode node) {
      this.path = path;
      this.file = file;
      this.node = node;
    }

    @Override
    public void append(byte[] data, int offset, int length) throws IOException {
      run(Kind.APPEND, path, null, () -> {
        reserveSpace(path, length);
        file.append(data, offset, length);
        synchronized (FaultInjectionFileSystem.this) {
          node.appended += length;
        }
        return null;
      });
    }

    @Override
    public void flush() throws IOException {
      run(Kind.FLUSH, path, null, () -> {
        file.flush();
        return null;
      });
    }

    @Override
    public void sync() throws IOException {
      run(Kind.SYNC, path, null, () -> {
        long appended;
        synchronized (FaultInjectionFileSystem.this) {
          appended = node.appended;
        }
        file.sync();
        synchronized (FaultInjectionFileSystem.this) {
          node.synced = Math.max(node.synced, appended);
        }
        return null;
      });
    }

    @Override
    public long size() {
      return file.size();
    }

    @Override
    public void close() throws IOException {
      run(Kind.CLOSE, path, null, () -> {
        open.remove(file);
        file.close();
        return null;
      });
    }
  }

  /** A file being read; dead after a crash. */
  private final class FaultReadableFile implements ReadableFile {
    private final Path path;
    private final ReadableFile file;

    FaultReadableFile(Path path, ReadableFile file) {
      this.path = path;
      this.file = file;
    }

    @Override
    public long size() throws IOException {
      checkAlive(path);
      return file.size();
    }

    @Override
    public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
      Lock lock = crashLock.readLock();
      lock.lock();
      try {
        checkAlive(path);
        file.readFully(position, dst, offset, length);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int read(long position, byte[] dst, int offset, int length) throws IOException {
      Lock lock = crashLock.readLock();
      lock.lock();
      try {
        checkAlive(path);
        return file.read(position, dst, offset, length);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isMemoryMapped() {
      return file.isMemoryMapped();
    }

    @Override
    public void close() throws IOException {
      checkAlive(path);
      open.remove(file);
      file.close();
    }
  }

  /** A held lock; released by a crash. */
  private final class FaultFileLock implements FileLock {
    private final Path path;
    private final FileLock lock;

    FaultFileLock(Path path, FileLock lock) {
      this.path = path;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      checkAlive(path);
      open.remove(lock);
      lock.close();
    }
  }
}
