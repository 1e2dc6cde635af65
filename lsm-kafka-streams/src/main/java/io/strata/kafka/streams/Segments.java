package io.strata.kafka.streams;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The live segments of one segmented store: segment {@code id} holds the entries whose segment
 * time {@code t} has {@code floorDiv(t, intervalMs) == id}, in the database directory
 * {@code <root>/<name>.<id * intervalMs>} (the naming of Kafka's {@code KeyValueSegments}).
 *
 * <p>Retention drops whole segments: once the stream time is {@code T}, every segment below
 * {@code segmentId(T - retentionMs)} holds only expired entries, and {@link #cleanup(long)}
 * closes its database and deletes its directory, rewriting nothing that is still live.
 *
 * <p>Thread-safe for readers: the map is concurrent and a reader holds a segment with
 * {@link Segment#retain()}. Creating and dropping segments is confined to the stream thread.
 */
final class Segments {
  static final WriteOptions NO_WAL = new WriteOptions(false, true);

  private final String name;
  private final Path root;
  private final long intervalMs;
  private final long retentionMs;
  private final Options options;
  private final ConcurrentSkipListMap<Long, Segment> live = new ConcurrentSkipListMap<>();
  private long droppedTableBytesWritten;

  Segments(String name, Path root, long intervalMs, long retentionMs, Options options) {
    this.name = name;
    this.root = root;
    this.intervalMs = intervalMs;
    this.retentionMs = retentionMs;
    this.options = options;
  }

  long segmentId(long timeMs) {
    return Math.floorDiv(timeMs, intervalMs);
  }

  /** Opens every segment directory found under the root, creating the root if missing. */
  void openExisting() throws IOException {
    Files.createDirectories(root);
    Pattern pattern = Pattern.compile(Pattern.quote(name) + "\\.(-?\\d+)");
    List<Path> dirs;
    try (Stream<Path> list = Files.list(root)) {
      dirs = list.filter(Files::isDirectory).toList();
    }
    for (Path dir : dirs) {
      Matcher m = pattern.matcher(dir.getFileName().toString());
      if (m.matches()) {
        long id = segmentId(Long.parseLong(m.group(1)));
        live.put(id, new Segment(id, dir, Strata.open(dir, options)));
      }
    }
  }

  /**
   * The segment {@code id}, created if missing. A new segment first gets {@code commitRecord}
   * (when not null), flushed, so that it claims the offsets of the last checkpoint, before any of
   * the later writes it will hold.
   */
  Segment getOrCreate(long id, byte[] commitRecord) throws IOException {
    Segment s = live.get(id);
    if (s != null) {
      return s;
    }
    Path dir = root.resolve(name + "." + Math.multiplyExact(id, intervalMs));
    Db db = Strata.open(dir, options);
    if (commitRecord != null) {
      db.put(NO_WAL, CommitRecord.KEY, commitRecord);
      db.flush();
    }
    s = new Segment(id, dir, db);
    live.put(id, s);
    return s;
  }

  /** {@return the live segment {@code id}, held (release it), or null} */
  Segment retain(long id) {
    Segment s = live.get(id);
    return s != null && s.retain() ? s : null;
  }

  /**
   * The live segments with ids in {@code [fromId, toId]}, each held (the caller releases them),
   * oldest first when {@code forward}, else newest first.
   */
  List<Segment> retain(long fromId, long toId, boolean forward) {
    List<Segment> out = new ArrayList<>();
    if (fromId > toId) {
      return out;
    }
    ConcurrentNavigableMap<Long, Segment> range = live.subMap(fromId, true, toId, true);
    for (Segment s : (forward ? range : range.descendingMap()).values()) {
      if (s.retain()) {
        out.add(s);
      }
    }
    return out;
  }

  /** {@return the live segments, oldest first; not held} */
  List<Segment> all() {
    return new ArrayList<>(live.values());
  }

  /** Drops every segment whose entries have all expired at stream time {@code streamTime}. */
  void cleanup(long streamTime) {
    long minLive = segmentId(streamTime - retentionMs);
    for (Map.Entry<Long, Segment> e = live.firstEntry(); e != null && e.getKey() < minLive;
        e = live.firstEntry()) {
      live.remove(e.getKey());
      droppedTableBytesWritten += e.getValue().db.statistics().tableBytesWritten();
      e.getValue().drop();
    }
  }

  /**
   * {@return the table bytes (flushes and compactions) the live segments and the segments
   * dropped since the store opened have written} Confined to the stream thread.
   */
  long tableBytesWritten() {
    long n = droppedTableBytesWritten;
    for (Segment s : live.values()) {
      n += s.db.statistics().tableBytesWritten();
    }
    return n;
  }

  /** Closes every segment's database, keeping the directories. */
  void close() {
    for (Segment s : live.values()) {
      s.close();
    }
    live.clear();
  }
}
