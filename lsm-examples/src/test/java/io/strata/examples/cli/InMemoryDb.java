package io.strata.examples.cli;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.LevelStatistics;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.Statistics;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.WriteStallCondition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Db} over a sorted map in unsigned byte order, for testing the command line without the
 * engine. Keys and values are copied in and out. Snapshots only carry a sequence number (reads
 * through one see the latest state); iterators see the live map. Thread-safe.
 */
final class InMemoryDb implements Db {
  private final ConcurrentNavigableMap<byte[], byte[]> map;
  private final AtomicLong sequence = new AtomicLong();
  final AtomicInteger compactions = new AtomicInteger();
  final AtomicInteger compactionWaits = new AtomicInteger();
  final AtomicInteger syncWrites = new AtomicInteger();
  private volatile boolean closed;

  InMemoryDb() {
    this(new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
  }

  /** A database over {@code map}, which outlives it (a reopen sees the same data). */
  InMemoryDb(ConcurrentNavigableMap<byte[], byte[]> map) {
    this.map = map;
  }

  boolean isClosed() {
    return closed;
  }

  int size() {
    return map.size();
  }

  @Override
  public void put(WriteOptions options, byte[] key, byte[] value) {
    check();
    countSync(options);
    map.put(key.clone(), value.clone());
    sequence.incrementAndGet();
  }

  @Override
  public void delete(WriteOptions options, byte[] key) {
    check();
    countSync(options);
    map.remove(Objects.requireNonNull(key, "key"));
    sequence.incrementAndGet();
  }

  @Override
  public void write(WriteOptions options, WriteBatch batch) {
    check();
    countSync(options);
    // Decodes LevelDB's WriteBatch encoding: header, then tagged length-prefixed records.
    ByteBuffer b = batch.encoded();
    b.position(WriteBatch.HEADER_SIZE);
    while (b.hasRemaining()) {
      byte tag = b.get();
      byte[] key = lengthPrefixed(b);
      if (tag == WriteBatch.TAG_PUT) {
        map.put(key, lengthPrefixed(b));
      } else if (tag == WriteBatch.TAG_RANGE_DELETION) {
        byte[] end = lengthPrefixed(b);
        if (Arrays.compareUnsigned(key, end) < 0) {
          map.subMap(key, end).clear();
        }
      } else {
        map.remove(key);
      }
      sequence.incrementAndGet();
    }
  }

  /** Removes nothing: the map has no files. */
  @Override
  public int deleteFilesInRange(byte[] begin, byte[] end) {
    check();
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    return 0;
  }

  private static byte[] lengthPrefixed(ByteBuffer b) {
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int v = b.get() & 0xff;
      length |= (v & 0x7f) << shift;
      if (v < 0x80) {
        break;
      }
    }
    byte[] bytes = new byte[length];
    b.get(bytes);
    return bytes;
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) {
    check();
    byte[] v = map.get(Objects.requireNonNull(key, "key"));
    return v == null ? null : v.clone();
  }

  @Override
  public List<byte[]> multiGet(ReadOptions options, List<byte[]> keys) {
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      values.add(get(options, Objects.requireNonNull(keys.get(i), "keys[" + i + "]")));
    }
    return values;
  }

  @Override
  public long getLatestSequenceNumber() {
    check();
    return sequence.get();
  }

  /** An in-memory database has no files: the copy is refused. */
  @Override
  public void checkpoint(Path dir) throws IOException {
    check();
    throw new IOException("an in-memory database has no files to copy into " + dir);
  }

  @Override
  public DbIterator newIterator(ReadOptions options) {
    check();
    return new Iterator();
  }

  @Override
  public Snapshot getSnapshot() {
    check();
    long seq = sequence.get();
    return new Snapshot() {
      @Override
      public long sequenceNumber() {
        return seq;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) {
    check();
    compactions.incrementAndGet();
  }

  @Override
  public Optional<String> getProperty(String name) {
    check();
    switch (name) {
      case "strata.stats":
        return Optional.of("in-memory: " + map.size() + " keys\n");
      case "strata.sstables":
        return Optional.of("--- level 0 ---");
      case "strata.total-sst-files-size":
        // As if every entry took twice its bytes in tables.
        return Optional.of(Long.toString(2 * map.entrySet().stream()
            .mapToLong(e -> e.getKey().length + e.getValue().length).sum()));
      default:
        return Optional.empty();
    }
  }

  /** Level 0 holds one "table" of the bytes {@code strata.total-sst-files-size} reports. */
  @Override
  public Statistics statistics() {
    check();
    long tableBytes = Long.parseLong(getProperty("strata.total-sst-files-size").orElseThrow());
    List<LevelStatistics> levels = new ArrayList<>();
    for (int level = 0; level < 7; level++) {
      levels.add(new LevelStatistics(level, level == 0 && tableBytes > 0 ? 1 : 0,
          level == 0 ? tableBytes : 0, 0, 0, 0, 0));
    }
    return new Statistics(0, 0, 0, 0, levels, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(),
        WriteStallCondition.NORMAL, 0, 0, 0, 0);
  }

  @Override
  public void flush() {
    check();
  }

  @Override
  public void waitForCompactions() {
    check();
    compactionWaits.incrementAndGet();
  }

  @Override
  public boolean waitForCompactions(Duration timeout) {
    check();
    return true;
  }

  @Override
  public long[] getApproximateSizes(List<Range> ranges) {
    check();
    return new long[ranges.size()];
  }

  @Override
  public void close() {
    closed = true;
  }

  private void countSync(WriteOptions options) {
    if (options.sync()) {
      syncWrites.incrementAndGet();
    }
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("database is closed");
    }
  }

  private final class Iterator implements DbIterator {
    private Map.Entry<byte[], byte[]> current;
    private boolean itClosed;

    @Override
    public boolean isValid() {
      checkOpen();
      return current != null;
    }

    @Override
    public void seekToFirst() {
      checkOpen();
      current = map.firstEntry();
    }

    @Override
    public void seekToLast() {
      checkOpen();
      current = map.lastEntry();
    }

    @Override
    public void seek(byte[] target) {
      checkOpen();
      current = map.ceilingEntry(target);
    }

    @Override
    public void next() {
      checkValid();
      current = map.higherEntry(current.getKey());
    }

    @Override
    public void prev() {
      checkValid();
      current = map.lowerEntry(current.getKey());
    }

    @Override
    public byte[] key() {
      checkValid();
      return current.getKey().clone();
    }

    @Override
    public byte[] value() {
      checkValid();
      return current.getValue().clone();
    }

    /** Iterators see the live map: a refresh only unpositions. */
    @Override
    public void refresh() {
      checkOpen();
      current = null;
    }

    @Override
    public void close() {
      itClosed = true;
    }

    private void checkOpen() {
      if (itClosed || closed) {
        throw new IllegalStateException("iterator is closed");
      }
    }

    private void checkValid() {
      checkOpen();
      if (current == null) {
        throw new IllegalStateException("iterator is not valid");
      }
    }
  }
}
