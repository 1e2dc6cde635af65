package io.strata.kafka.streams;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.Db;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One time segment of a segmented store: a Strata database of its own, in its own directory,
 * holding the entries whose segment time falls in {@code [id * interval, (id + 1) * interval)}.
 *
 * <p>Lifetime: open from creation; {@link #drop()} marks it expired, and the last of the
 * store's hold and the iterators' holds ({@link #retain()}, {@link #release()}) to go closes
 * the database and deletes its directory, so an iterator never reads a closed database.
 *
 * <p>Thread-safe: the holds are guarded by {@code this}; the database is thread-safe.
 */
final class Segment {
  final long id;
  final Path dir;
  final Db db;

  @GuardedBy("this")
  private int holds = 1;
  @GuardedBy("this")
  private boolean dirty;
  @GuardedBy("this")
  private boolean expired;

  Segment(long id, Path dir, Db db) {
    this.id = id;
    this.dir = dir;
    this.db = db;
  }

  /** {@return false if the segment is gone already; else it stays until {@link #release()}} */
  synchronized boolean retain() {
    if (holds == 0) {
      return false;
    }
    holds++;
    return true;
  }

  /** Gives up a hold; the last one closes the database and deletes the directory. */
  void release() {
    boolean last;
    synchronized (this) {
      last = --holds == 0;
    }
    if (last) {
      try {
        db.close();
        if (isExpired()) {
          deleteRecursively(dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot drop segment " + dir, e);
      }
    }
  }

  /** Gives up the store's own hold: the segment has expired, its directory goes with it. */
  void drop() {
    synchronized (this) {
      expired = true;
    }
    release();
  }

  /** Gives up the store's own hold, keeping the directory: the store closes. */
  void close() {
    release();
  }

  private synchronized boolean isExpired() {
    return expired;
  }

  synchronized void markDirty() {
    dirty = true;
  }

  /** {@return whether the segment took writes since the last call} */
  synchronized boolean takeDirty() {
    boolean was = dirty;
    dirty = false;
    return was;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
