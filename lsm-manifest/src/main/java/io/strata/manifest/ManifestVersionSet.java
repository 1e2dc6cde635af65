package io.strata.manifest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableSet;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.api.spi.version.VersionSet;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MANIFEST-backed {@link VersionSet} (google/leveldb {@code db/version_set.cc}): every
 * {@link VersionEdit} is appended to {@code MANIFEST-NNNNNN} (a log of {@link LogFormat} records
 * encoded by {@link VersionEditCodec}) and synced before its Version becomes current;
 * {@code CURRENT} names the live MANIFEST.
 *
 * <p>Design notes.
 *
 * <ul>
 *   <li>A new MANIFEST is started by the first {@link #logAndApply} after {@link #recover()}
 *       (the old one is never appended to, so a torn tail in it stays harmless), and whenever the
 *       live one has reached {@code Options.maxManifestFileSizeBytes()} (default 16 MiB).
 *       It begins with a snapshot edit (comparator name, counters, every file and compaction
 *       pointer of the current Version), then the edit; it is synced, then {@code CURRENT} is
 *       pointed at it. Old MANIFESTs are not deleted here: the engine removes obsolete files.
 *   <li>A failed MANIFEST write is sticky: the Version is not installed and every later
 *       {@link #logAndApply} fails with an {@link IOException} whose cause is the first failure.
 *   <li>Versions are reference-counted per object: {@link #pinCurrent()} counts a pin; a Version
 *       that is neither current nor pinned is forgotten, and its files leave
 *       {@link #liveFileNumbers()}.
 *   <li>Pinning takes no lock, since every point lookup pins the current Version (LevelDB refs it
 *       under the DB mutex; RocksDB caches a referenced SuperVersion per thread to avoid that
 *       lock): it increments the current Version's atomic pin count and then checks that the
 *       Version is still current, else undoes the increment and tries again. A Version is
 *       installed once and never again, so a pin that passes the check was taken while the
 *       Version was current: a {@link #liveFileNumbers()} that began before the pin saw it
 *       current, and one that begins after sees the pin.
 * </ul>
 *
 * <p>Thread safety: {@link #create()}, {@link #recover()}, {@link #logAndApply} and
 * {@link #close()} are serialized by the caller; everything else is thread-safe and may run
 * concurrently with them. {@code live}, {@code current} and {@code currentRef} are concurrent
 * (lock-free) state; the MANIFEST writer is guarded by {@code manifestLock}.
 */
public final class ManifestVersionSet implements VersionSet {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestVersionSet.class);

  private final Path dir;
  private final FileSystem fs;
  private final String comparatorName;
  private final InternalKeyComparator comparator;
  private final long maxManifestFileSizeBytes;

  private final AtomicLong nextFileNumber = new AtomicLong(2);
  private final AtomicLong lastSequence = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private volatile long logNumber;
  private volatile long prevLogNumber;
  private volatile long manifestFileNumber;

  /**
   * The current Version's pin count and every other Version still pinned; a Ref leaves when it
   * is neither current nor pinned (removed by the install that replaces it, or by its last
   * release). Identity-keyed: a Ref uses Object's equality.
   */
  private final Set<Ref> live = ConcurrentHashMap.newKeySet();
  private volatile Ref currentRef;
  private volatile Version current; // currentRef.version

  private final Object manifestLock = new Object();
  private LogWriter manifest; // null: the next logAndApply starts a new MANIFEST
  private IOException writeFailure;
  private boolean opened;
  private boolean closed;

  /**
   * A VersionSet over {@code context.dbDirectory()}; does no I/O until {@link #create()} or
   * {@link #recover()}.
   */
  public ManifestVersionSet(PluginContext context) {
    checkNotNull(context, "context");
    this.dir = context.dbDirectory();
    this.fs = context.fileSystem();
    this.comparator = context.internalKeyComparator();
    this.comparatorName = context.options().comparator().name();
    this.maxManifestFileSizeBytes = context.options().maxManifestFileSizeBytes();
    Ref first = new Ref(Version.empty(comparator));
    live.add(first);
    this.currentRef = first;
    this.current = first.version;
  }

  @Override
  public boolean exists() {
    return fs.exists(dir.resolve(FileNames.CURRENT));
  }

  /**
   * Writes {@code MANIFEST-000001} with one edit (comparator name, log number 0, next file number
   * 2, last sequence 0), syncs it and points {@code CURRENT} at it. The MANIFEST stays open for
   * the next edits.
   *
   * @throws IOException if a write fails; the new MANIFEST is deleted (best effort) unless
   *     {@code CURRENT} names it (the rename took effect, the directory sync failed)
   * @throws IllegalStateException if {@code CURRENT} exists, or after {@link #close()}
   */
  @Override
  public void create() throws IOException {
    synchronized (manifestLock) {
      checkState(!closed, "version set is closed");
      checkState(!exists(), "%s already holds a database (CURRENT exists)", dir);
      fs.createDirectories(dir);
      VersionEdit edit = VersionEdit.builder().comparatorName(comparatorName).logNumber(0)
          .nextFileNumber(2).lastSequence(0).build();
      Path path = dir.resolve(FileNames.manifestFileName(1));
      LogWriter writer = new LogWriter(fs.newWritableFile(path));
      boolean written = false;
      boolean linked = false;
      try {
        writer.addRecord(VersionEditCodec.encode(edit));
        writer.sync();
        written = true;
        FileNames.setCurrentFile(fs, dir, 1);
        linked = true;
      } finally {
        if (!linked) {
          abandon(writer, path, !written || !currentMayName(1));
        }
      }
      bytesWritten.addAndGet(writer.sizeBytes());
      manifest = writer;
      manifestFileNumber = 1;
      nextFileNumber.set(2);
      lastSequence.set(0);
      logNumber = 0;
      prevLogNumber = 0;
      install(Version.empty(comparator));
      opened = true;
      LOG.info("created database in {}: {}", dir, FileNames.manifestFileName(1));
    }
  }

  /**
   * Replays the MANIFEST that {@code CURRENT} names. A torn tail of the MANIFEST (a record cut off
   * by a crash while it was written) is ignored; the next {@link #logAndApply} starts a new
   * MANIFEST.
   *
   * @throws CorruptionException if {@code CURRENT} is malformed or names a missing file (file
   *     {@code CURRENT}), or a MANIFEST record is damaged, does not decode, does not apply, or a
   *     counter (log number, next file number, last sequence) is missing (file: the MANIFEST)
   * @throws IllegalArgumentException if the database was written with a comparator of another
   *     name
   * @throws IOException if reading fails; the VersionSet is then unchanged
   */
  @Override
  public void recover() throws IOException {
    synchronized (manifestLock) {
      checkState(!closed, "version set is closed");
      long number = CurrentFile.read(fs, dir);
      ManifestReplay.Result r;
      try {
        r = ManifestReplay.replay(fs, dir, number, comparator, comparatorName);
      } catch (NoSuchFileException e) {
        throw CurrentFile.namesMissingManifest(FileNames.manifestFileName(number), e);
      }
      String name = r.manifestName();
      Version version = r.version();
      long log = r.logNumber();
      long prevLog = r.prevLogNumber();
      long lastSeq = r.lastSequence();
      if (r.tornTailOffset().isPresent()) {
        LOG.warn("{}: ignoring a torn record at offset {} (a write cut short by a crash)", name,
            r.tornTailOffset().getAsLong());
      }
      closeManifestQuietly(null);
      manifest = null; // never append to a recovered MANIFEST: the next edit starts a new one
      writeFailure = null;
      manifestFileNumber = number;
      nextFileNumber.set(r.nextFileNumber());
      // Never hand out a number that is already in use, even if the record says otherwise.
      markFileNumberUsed(number);
      markFileNumberUsed(log);
      markFileNumberUsed(prevLog);
      for (long n : version.fileNumbers()) {
        markFileNumberUsed(n);
      }
      lastSequence.set(lastSeq);
      logNumber = log;
      prevLogNumber = prevLog;
      install(version);
      opened = true;
      LOG.info("recovered {} ({} edits): next file {}, last sequence {}, log {}", name, r.edits(),
          nextFileNumber.get(), lastSeq, log);
    }
  }

  @Override
  public Version current() {
    return current;
  }

  @Override
  public PinnedVersion pinCurrent() {
    while (true) {
      Ref r = currentRef;
      r.pins.incrementAndGet();
      if (currentRef == r) {
        return new Pin(r);
      }
      release(r); // replaced meanwhile: pin the new one
    }
  }

  /** Drops one pin of {@code r}; forgets it if it was the last and {@code r} is not current. */
  private void release(Ref r) {
    if (r.pins.decrementAndGet() == 0 && currentRef != r) {
      live.remove(r);
    }
  }

  /**
   * Records {@code edit} and installs the Version it gives. Fills in the next file number and
   * last sequence, and the log numbers when the edit has none.
   *
   * @throws IllegalArgumentException if the edit does not apply to the current Version, or its
   *     log number is below the current one or not below the next file number, or it names
   *     another comparator: a caller bug; nothing is written
   * @throws IllegalStateException before {@link #create()} or {@link #recover()}, or after
   *     {@link #close()}
   * @throws IOException if writing or syncing the MANIFEST or updating CURRENT fails: the
   *     current Version is unchanged, and every later call fails with an IOException whose cause
   *     is this one
   */
  @Override
  public void logAndApply(VersionEdit edit) throws IOException {
    checkNotNull(edit, "edit");
    synchronized (manifestLock) {
      checkState(!closed, "version set is closed");
      checkState(opened, "call create() or recover() before logAndApply");
      if (writeFailure != null) {
        throw new IOException("MANIFEST write failed earlier", writeFailure);
      }
      edit.comparatorName().ifPresent(c -> checkArgument(c.equals(comparatorName),
          "edit names comparator %s, the database uses %s", c, comparatorName));
      VersionEdit.Builder b = edit.toBuilder();
      if (edit.logNumber().isPresent()) {
        long ln = edit.logNumber().getAsLong();
        checkArgument(ln >= logNumber && ln < nextFileNumber.get(),
            "log number %s must be in [%s, %s)", ln, logNumber, nextFileNumber.get());
      } else {
        b.logNumber(logNumber);
      }
      if (!edit.prevLogNumber().isPresent()) {
        b.prevLogNumber(prevLogNumber);
      }
      Version base = current;
      Version next = base.apply(edit);

      boolean rotate = manifest == null || manifest.sizeBytes() >= maxManifestFileSizeBytes;
      long newManifestNumber = rotate ? newFileNumber() : manifestFileNumber;
      // Filled in after the new MANIFEST's number is taken, so that number is below it.
      VersionEdit full = b.nextFileNumber(nextFileNumber.get())
          .lastSequence(lastSequence.get()).build();
      byte[] record = VersionEditCodec.encode(full);
      try {
        if (rotate) {
          startManifest(newManifestNumber, base, full, record);
        } else {
          long before = manifest.sizeBytes();
          manifest.addRecord(record);
          manifest.sync();
          bytesWritten.addAndGet(manifest.sizeBytes() - before);
        }
      } catch (IOException e) {
        writeFailure = e;
        closeManifestQuietly(e);
        manifest = null;
        throw e;
      }
      logNumber = full.logNumber().getAsLong();
      prevLogNumber = full.prevLogNumber().getAsLong();
      install(next);
    }
  }

  /**
   * Writes {@code MANIFEST-<number>}: a snapshot of {@code base} with the counters of
   * {@code full}, then {@code record}; syncs it; points CURRENT at it; then makes it the live
   * MANIFEST. Caller holds {@code manifestLock}.
   */
  private void startManifest(long number, Version base, VersionEdit full, byte[] record)
      throws IOException {
    String name = FileNames.manifestFileName(number);
    Path path = dir.resolve(name);
    VersionEdit snapshot = base.toSnapshotEdit().comparatorName(comparatorName)
        .logNumber(full.logNumber().getAsLong())
        .prevLogNumber(full.prevLogNumber().getAsLong())
        .nextFileNumber(full.nextFileNumber().getAsLong())
        .lastSequence(full.lastSequence().getAsLong())
        .build();
    LogWriter writer = new LogWriter(fs.newWritableFile(path));
    boolean written = false;
    boolean linked = false;
    try {
      writer.addRecord(VersionEditCodec.encode(snapshot));
      writer.addRecord(record);
      writer.sync();
      written = true;
      FileNames.setCurrentFile(fs, dir, number);
      linked = true;
    } finally {
      if (!linked) {
        abandon(writer, path, !written || !currentMayName(number));
      }
    }
    long oldNumber = manifestFileNumber;
    long oldSize = manifest == null ? -1 : manifest.sizeBytes();
    closeManifestQuietly(null);
    manifest = writer;
    manifestFileNumber = number;
    bytesWritten.addAndGet(writer.sizeBytes());
    if (oldSize < 0) {
      LOG.info("started {} ({} bytes); previous MANIFEST-{} is no longer appended to", name,
          writer.sizeBytes(), String.format("%06d", oldNumber));
    } else {
      LOG.info("started {} ({} bytes); previous MANIFEST-{} reached {} bytes", name,
          writer.sizeBytes(), String.format("%06d", oldNumber), oldSize);
    }
  }

  /**
   * Whether CURRENT may name {@code MANIFEST-<number>} after a failed {@link
   * FileNames#setCurrentFile}: true when its rename took effect and only the directory sync
   * failed, and when CURRENT cannot be read. Deleting a MANIFEST that CURRENT names would lose
   * the database, so the caller keeps it then.
   */
  private boolean currentMayName(long number) {
    try {
      return CurrentFile.read(fs, dir) == number;
    } catch (NoSuchFileException e) {
      return false; // no CURRENT at all names nothing
    } catch (IOException | RuntimeException e) {
      // Unknown: assume it does, and keep the file (the engine removes it later if obsolete).
      return true;
    }
  }

  /** Closes a MANIFEST being started that failed, and deletes it if asked; adds to the failure. */
  private void abandon(LogWriter writer, Path path, boolean delete) {
    try {
      writer.close();
    } catch (IOException e) {
      // The write failure propagating from the caller's finally block is what matters; this
      // secondary failure is only logged.
      LOG.warn("closing {} after a failure failed", path, e);
    }
    if (delete) {
      try {
        fs.delete(path);
      } catch (IOException e) {
        // A leftover MANIFEST that CURRENT does not name is an obsolete file the engine removes.
        LOG.warn("deleting {} after a failure failed", path, e);
      }
    }
  }

  /** Closes the live MANIFEST writer, if any; a failure is added to {@code primary} or logged. */
  private void closeManifestQuietly(IOException primary) {
    if (manifest == null) {
      return;
    }
    try {
      manifest.close();
    } catch (IOException e) {
      // Everything the writer holds was synced when its last edit was recorded, so a failed
      // close loses nothing acknowledged.
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        LOG.warn("closing MANIFEST-{} failed", String.format("%06d", manifestFileNumber), e);
      }
    }
    manifest = null;
  }

  /** Makes {@code v} current; the previous current is forgotten unless pinned. */
  private void install(Version v) {
    Ref next = new Ref(v);
    live.add(next);
    Ref previous = currentRef;
    currentRef = next;
    current = v;
    if (previous.pins.get() == 0) {
      // A pin racing this undoes itself (its check fails) and removes it again: harmless.
      live.remove(previous);
    }
  }

  @Override
  public long newFileNumber() {
    return nextFileNumber.getAndIncrement();
  }

  @Override
  public void markFileNumberUsed(long number) {
    nextFileNumber.accumulateAndGet(number + 1, Math::max);
  }

  /** The next file number that {@link #newFileNumber()} would return. */
  public long nextFileNumber() {
    return nextFileNumber.get();
  }

  @Override
  public long lastSequence() {
    return lastSequence.get();
  }

  /**
   * Sets the last sequence number used by a write.
   *
   * @throws IllegalArgumentException if {@code seq} is below {@link #lastSequence()}
   */
  @Override
  public void setLastSequence(long seq) {
    while (true) {
      long prev = lastSequence.get();
      checkArgument(seq >= prev, "last sequence must not go back: %s < %s", seq, prev);
      if (lastSequence.compareAndSet(prev, seq)) {
        return;
      }
    }
  }

  @Override
  public long logNumber() {
    return logNumber;
  }

  @Override
  public long prevLogNumber() {
    return prevLogNumber;
  }

  @Override
  public long manifestFileNumber() {
    return manifestFileNumber;
  }

  @Override
  public Set<Long> liveFileNumbers() {
    ImmutableSet.Builder<Long> files = ImmutableSet.builder();
    files.addAll(current.fileNumbers());
    // A Ref pinned throughout the iteration is seen (weakly consistent iteration).
    for (Ref r : live) {
      files.addAll(r.version.fileNumbers());
    }
    return files.build();
  }

  /** The number of pins on {@code v} (0 if none); for tests and diagnostics. */
  int pinCount(Version v) {
    for (Ref r : live) {
      if (r.version == v) {
        return Math.max(0, r.pins.get());
      }
    }
    return 0;
  }

  /** The number of distinct pinned Versions; for tests and diagnostics. */
  int pinnedVersions() {
    int n = 0;
    for (Ref r : live) {
      if (r.pins.get() > 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /**
   * Closes the live MANIFEST (everything in it was already synced). Idempotent; later
   * {@link #logAndApply} calls fail with IllegalStateException.
   *
   * @throws IOException if closing the file fails
   */
  @Override
  public void close() throws IOException {
    synchronized (manifestLock) {
      if (closed) {
        return;
      }
      closed = true;
      LogWriter w = manifest;
      manifest = null;
      if (w != null) {
        w.close();
      }
    }
  }

  /** A Version with its count of pins; the count is all that changes. Thread-safe. */
  private static final class Ref {
    final Version version;
    final AtomicInteger pins = new AtomicInteger();

    Ref(Version version) {
      this.version = version;
    }
  }

  /** A pin on one Version; close() releases it once. */
  private final class Pin implements PinnedVersion {
    private final Ref ref;
    private final AtomicBoolean released = new AtomicBoolean();

    Pin(Ref ref) {
      this.ref = ref;
    }

    @Override
    public Version version() {
      return ref.version;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(ref);
      }
    }
  }
}
