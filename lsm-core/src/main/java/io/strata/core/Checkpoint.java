package io.strata.core;

import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.core.compaction.OptionsFile;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;

/**
 * Makes an openable copy of an open database in a new directory (rocksdb
 * utilities/checkpoint/checkpoint_impl.cc, {@code CheckpointImpl::CreateCheckpoint}, with
 * {@code log_size_for_flush} 0). Thread-safe: each call works on its own.
 *
 * <p>Steps, in order:
 *
 * <ol>
 *   <li>Refuse a target that exists; flush the memtable, so that every write acknowledged before
 *       the call, unlogged ones included, is in a table.
 *   <li>Disable obsolete-file deletion ({@link ObsoleteFiles#disableDeletions}), so that the logs
 *       and the MANIFEST recorded next stay on disk until copied.
 *   <li>With writers held back ({@link WritePath#runWithWritersBlocked}: no leader is appending,
 *       every write before is published), under {@code metadataLock} (no MANIFEST edit in
 *       progress): pin the current Version and record the MANIFEST's number and size and the log
 *       numbers it needs; then record the size of each log it needs. The MANIFEST prefix
 *       describes exactly the pinned Version, and the logs' prefixes end at a write group's
 *       boundary: the copy is the state at one sequence number.
 *   <li>Create the directory; hard-link each table of the pinned Version (copy it when linking
 *       fails, e.g. across file systems); copy the MANIFEST, the logs and the newest OPTIONS file
 *       up to the recorded sizes; sync each copy and the directory; then write {@code CURRENT}
 *       naming the MANIFEST (temporary file, sync, rename, directory sync), last, so that a
 *       directory without {@code CURRENT} is a checkpoint that did not finish; sync the parent.
 *   <li>Unpin the Version and enable deletion again (running the pass held back). On failure the
 *       files written and the directory are removed again.
 * </ol>
 *
 * <p>Writes made with {@code disableWal} while the checkpoint is being taken (after its flush)
 * are in no log, so the copy may lack them while holding later logged writes.
 */
final class Checkpoint {
  private static final Logger LOG = DbState.LOG;
  /** Bytes copied per read and append. */
  private static final int COPY_CHUNK_BYTES = 64 << 10;

  private final DbState state;
  private final WritePath writePath;
  private final ObsoleteFiles obsoleteFiles;
  private final FileSystem fs;

  Checkpoint(DbState state, WritePath writePath, ObsoleteFiles obsoleteFiles) {
    this.state = state;
    this.writePath = writePath;
    this.obsoleteFiles = obsoleteFiles;
    this.fs = state.fs;
  }

  /** What the copy takes from the database, recorded while writers are held back. */
  private static final class Captured {
    PinnedVersion pinned;
    long manifestNumber;
    long manifestBytes;
    /** Names of the logs to copy, and the bytes of each, in the same order. */
    final List<String> logs = new ArrayList<>();
    final List<Long> logBytes = new ArrayList<>();
  }

  /**
   * Creates the checkpoint in {@code target}; see the class comment.
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   * @throws IOException if a step fails; what was written of {@code target} is removed again
   */
  void create(Path target) throws IOException {
    Path out = target.toAbsolutePath().normalize();
    if (fs.exists(out)) {
      throw new FileAlreadyExistsException(out.toString(), null,
          "checkpoint directory exists; a checkpoint needs a new directory");
    }
    writePath.flushMemTable();
    obsoleteFiles.disableDeletions();
    Captured c = new Captured();
    boolean done = false;
    try {
      writePath.runWithWritersBlocked(() -> capture(c));
      write(c, out);
      done = true;
    } finally {
      try {
        if (c.pinned != null) {
          obsoleteFiles.unpin(c.pinned);
        }
      } finally {
        try {
          state.events.tablesDeletedAsync(obsoleteFiles.enableDeletions());
        } catch (IOException e) {
          if (done) {
            throw e;
          }
          // The checkpoint's own failure is what the caller must see; the pass that follows
          // the next flush or compaction deletes what this one left.
          LOG.warn("{}: deleting obsolete files after a failed checkpoint failed", state.dir, e);
        }
      }
    }
  }

  /** Records the Version, MANIFEST and logs to copy. Writers are held back by the caller. */
  private void capture(Captured c) throws IOException {
    long logNumber;
    long prevLogNumber;
    assert !state.mutex.isHeldByCurrentThread() : "metadataLock is never taken under mutex";
    state.metadataLock.lock();
    try {
      c.pinned = state.versions.pinCurrent();
      c.manifestNumber = state.versions.manifestFileNumber();
      c.manifestBytes =
          fs.size(state.dir.resolve(FileNames.manifestFileName(c.manifestNumber)));
      logNumber = state.versions.logNumber();
      prevLogNumber = state.versions.prevLogNumber();
    } finally {
      state.metadataLock.unlock();
    }
    // No log is switched or appended to while writers are held back, and none is deleted while
    // deletions are disabled: these sizes end at the last published write group. The log being
    // written counts its records' bytes: written through a mapping, its file runs on in zeros
    // that later writes fill while the copy reads. An older log takes no more writes; its
    // file's zeros, if any, are harmless, and a close may cut them meanwhile (copyLogPrefix).
    long[] current = writePath.currentLog();
    for (DbFiles.DbFile f : DbFiles.list(fs, state.dir).of(FileType.LOG)) {
      if (f.number() >= logNumber || f.number() == prevLogNumber) {
        c.logs.add(f.name());
        c.logBytes.add(f.number() == current[0] ? current[1]
            : fs.size(state.dir.resolve(f.name())));
      }
    }
  }

  /** Writes the copy into {@code out}, which must not exist; removes it again on failure. */
  private void write(Captured c, Path out) throws IOException {
    fs.createDirectories(out);
    List<Path> written = new ArrayList<>();
    boolean done = false;
    try {
      Version v = c.pinned.version();
      int linked = 0;
      int copied = 0;
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          String name = FileNames.tableFileName(f.fileNumber());
          if (!fs.exists(state.dir.resolve(name))
              && fs.exists(state.dir.resolve(FileNames.legacyTableFileName(f.fileNumber())))) {
            name = FileNames.legacyTableFileName(f.fileNumber());
          }
          Path to = out.resolve(name);
          written.add(to);
          if (linkOrCopy(state.dir.resolve(name), to, f.fileSizeBytes())) {
            linked++;
          } else {
            copied++;
          }
        }
      }
      String manifest = FileNames.manifestFileName(c.manifestNumber);
      written.add(out.resolve(manifest));
      copyPrefix(state.dir.resolve(manifest), out.resolve(manifest), c.manifestBytes);
      for (int i = 0; i < c.logs.size(); i++) {
        String log = c.logs.get(i);
        written.add(out.resolve(log));
        copyLogPrefix(state.dir.resolve(log), out.resolve(log), c.logBytes.get(i));
      }
      OptionalLong options = OptionsFile.newestNumber(fs, state.dir);
      if (options.isPresent()) {
        String name = FileNames.optionsFileName(options.getAsLong());
        Path from = state.dir.resolve(name);
        written.add(out.resolve(name));
        copyPrefix(from, out.resolve(name), fs.size(from));
      }
      fs.syncDirectory(out);
      written.add(out.resolve(FileNames.tempFileName(c.manifestNumber)));
      written.add(out.resolve(FileNames.CURRENT));
      FileNames.setCurrentFile(fs, out, c.manifestNumber);
      Path parent = out.getParent();
      if (parent != null) {
        fs.syncDirectory(parent);
      }
      done = true;
      LOG.info("{}: checkpoint in {}: {} table(s) linked, {} copied, {}, {} log(s)", state.dir,
          out, linked, copied, manifest, c.logs.size());
    } finally {
      if (!done) {
        removeQuietly(written, out);
      }
    }
  }

  /**
   * Hard-links {@code from} as {@code to}, or copies its {@code bytes} when linking fails.
   *
   * @return true if linked, false if copied
   */
  private boolean linkOrCopy(Path from, Path to, long bytes) throws IOException {
    try {
      fs.link(from, to);
      return true;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      // Across file systems, or a file system without hard links: a copy serves as well.
      LOG.debug("{}: linking {} failed ({}); copying it", state.dir, from, e.toString());
      if (fs.exists(to)) {
        fs.delete(to);
      }
      copyPrefix(from, to, bytes);
      return false;
    }
  }

  /** Copies the first {@code bytes} of {@code from} into the new file {@code to}, synced. */
  private void copyPrefix(Path from, Path to, long bytes) throws IOException {
    byte[] buf = new byte[(int) Math.min(COPY_CHUNK_BYTES, Math.max(bytes, 1))];
    try (ReadableFile in = fs.newReadableFile(from);
        WritableFile outFile = fs.newWritableFile(to)) {
      long position = 0;
      while (position < bytes) {
        int n = (int) Math.min(buf.length, bytes - position);
        in.readFully(position, buf, 0, n);
        outFile.append(buf, 0, n);
        position += n;
      }
      outFile.sync();
    }
  }

  /**
   * Copies up to {@code bytes} of log {@code from} into a new file {@code to}, and syncs it. The
   * log is read through a channel ({@link io.strata.api.spi.env.FileSystem#newReadableFileInUse}),
   * not a mapping: a log switched away from is cut to its records when it is closed, which may
   * happen meanwhile, and what it loses then is the zeros of its last mapped chunk, never a
   * record; the copy then ends where the log does.
   */
  private void copyLogPrefix(Path from, Path to, long bytes) throws IOException {
    byte[] buf = new byte[(int) Math.min(COPY_CHUNK_BYTES, Math.max(bytes, 1))];
    try (ReadableFile in = fs.newReadableFileInUse(from);
        WritableFile outFile = fs.newWritableFile(to)) {
      long position = 0;
      while (position < bytes) {
        int n = in.read(position, buf, 0, (int) Math.min(buf.length, bytes - position));
        if (n < 0) {
          break;
        }
        outFile.append(buf, 0, n);
        position += n;
      }
      outFile.sync();
    }
  }

  /** Removes the files of a failed checkpoint, then its directory; failures are suppressed. */
  private void removeQuietly(List<Path> written, Path out) {
    for (Path p : written) {
      try {
        if (fs.exists(p)) {
          fs.delete(p);
        }
      } catch (IOException | RuntimeException e) {
        // The failure that stopped the checkpoint is what the caller sees; this one is logged.
        LOG.warn("{}: removing {} of a failed checkpoint failed", state.dir, p, e);
      }
    }
    try {
      if (fs.exists(out) && fs.list(out).isEmpty()) {
        fs.delete(out);
      }
    } catch (IOException | RuntimeException e) {
      // As above: logged, not thrown over the original failure.
      LOG.warn("{}: removing the directory of a failed checkpoint {} failed", state.dir, out, e);
    }
  }
}
