package io.strata.kafka.streams;

import com.google.common.collect.ImmutableMap;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.processor.internals.metrics.TaskMetrics;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of Strata's window and session stores: entries under store keys whose first time
 * field (window start, session end) is the segment time, kept in time segments that are
 * databases of their own ({@link Segments}), with Kafka's retention rule, restore and commit.
 *
 * <p><b>Retention</b> (as Kafka's in-memory and RocksDB stores): the stream time {@code T} is the
 * largest segment time put or restored; an entry whose segment time is at most
 * {@code T - retentionMs} has expired: a put of it is dropped (counted in the task's
 * dropped-records sensor), reads skip it, and a segment holding only expired entries is dropped
 * with its directory.
 *
 * <p><b>Writes, restore and commit</b>: every write skips the write-ahead log, since the
 * changelog topic is the log. Kafka's {@code commit(offsets)} records the offsets; once
 * {@value #CHECKPOINT_RECORDS} records were written since the last checkpoint (Kafka's own
 * checkpoint threshold) or records were restored, and on {@link #checkpoint()} (the store's
 * {@code flush()}) and {@link #close()}, a checkpoint writes a
 * {@link CommitRecord} (offsets, position, stream time) into every segment and flushes every
 * segment's memtable. A segment's durable state is then a prefix of its writes, and its commit
 * record the offset up to which it is complete; the store claims, per partition, the smallest
 * offset its segments record, and none when a segment records none. A segment created later
 * starts with the last checkpoint's record, flushed, since all it will hold comes after it.
 * Restore writes each changelog batch as one write batch per segment.
 *
 * <p>Thread-safety: writes, restore, commit and close run on the stream thread; reads may run
 * concurrently on query threads (segments are held while read).
 */
final class SegmentedBytesStore {
  /** Records written between checkpoints: Kafka's {@code OFFSET_DELTA_THRESHOLD_FOR_CHECKPOINT}. */
  static final long CHECKPOINT_RECORDS = 10_000;

  /**
   * Kafka Streams' default segment interval for a retention period, in milliseconds:
   * {@code max(retentionPeriodMs / 2, 60000)}, as its {@code Stores} suppliers choose it.
   */
  static long defaultSegmentIntervalMs(long retentionPeriodMs) {
    return Math.max(retentionPeriodMs / 2, 60_000L);
  }

  private static final Logger LOG = LoggerFactory.getLogger(SegmentedBytesStore.class);

  private final String name;
  private final long retentionMs;
  private final long segmentIntervalMs;
  private final int suffix;
  private final Set<SegmentIterator> openIterators = ConcurrentHashMap.newKeySet();

  private StateStoreContext context;
  private Segments segments;
  private Sensor droppedRecords;
  private boolean consistencyEnabled;
  private volatile boolean open;
  private volatile long streamTime = -1;
  private Position position = Position.emptyPosition();
  private final Map<TopicPartition, Long> pendingOffsets = new HashMap<>();
  private Map<TopicPartition, Long> durableOffsets;
  private byte[] lastCheckpointRecord;
  private long uncommittedRecords;
  private long uncommittedBytes;
  private boolean restoredSinceCheckpoint;

  SegmentedBytesStore(String name, long retentionMs, long segmentIntervalMs, int suffix) {
    this.name = name;
    this.retentionMs = retentionMs;
    this.segmentIntervalMs = segmentIntervalMs;
    this.suffix = suffix;
  }

  String name() {
    return name;
  }

  long retentionMs() {
    return retentionMs;
  }

  /**
   * Opens the segments under {@code <task dir>/strata/<name>} (the key-value store's directory
   * of Strata stores) and registers the restore callback.
   *
   * @throws ConfigException if a {@code strata.*} setting is misspelt or invalid
   * @throws ProcessorStateException if a segment cannot be opened, e.g. because a file of it is
   *     damaged (the message names the file and byte offset)
   */
  void init(StateStoreContext context, StateStore root) {
    this.context = context;
    Map<String, Object> appConfigs = context.appConfigs();
    StrataStoreConfig config = StrataStoreConfig.from(appConfigs);
    Options.Builder builder = config.optionsFor(name, Options.DEFAULT_COMPACTION_STRATEGY);
    config.newConfigSetter().ifPresent(s -> s.setConfig(name, builder, appConfigs));
    Options options;
    try {
      options = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Strata store " + name + ": invalid options: " + e.getMessage());
    }
    Path dir = context.stateDir().toPath().resolve(StrataKeyValueBytesStore.DIRECTORY)
        .resolve(name);
    segments = new Segments(name, dir, segmentIntervalMs, retentionMs, options);
    try {
      segments.openExisting();
      recover();
    } catch (IOException e) {
      segments.close();
      throw new ProcessorStateException("Strata store " + name + " cannot be opened in " + dir
          + ": " + e.getMessage(), e);
    }
    if (context.metrics() instanceof StreamsMetricsImpl metrics) {
      droppedRecords = TaskMetrics.droppedRecordsSensor(
          Thread.currentThread().getName(), context.taskId().toString(), metrics);
    }
    consistencyEnabled = StreamsConfig.InternalConfig.getBoolean(appConfigs,
        StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
    open = true;
    if (root != null) {
      context.register(root, (RecordBatchingStateRestoreCallback) this::restoreBatch);
    }
  }

  /** Reads the segments' commit records: smallest offsets, largest stream time, position. */
  private void recover() throws IOException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    boolean known = true;
    for (Segment s : segments.all()) {
      byte[] bytes = s.db.get(CommitRecord.KEY);
      if (bytes == null) {
        known = false;
        continue;
      }
      CommitRecord r = CommitRecord.decode(bytes);
      streamTime = Math.max(streamTime, r.streamTime());
      position = position.merge(r.position());
      for (Map.Entry<TopicPartition, Long> e : r.offsets().entrySet()) {
        offsets.merge(e.getKey(), e.getValue(), Math::min);
      }
    }
    durableOffsets = known ? offsets : null;
    pendingOffsets.clear();
    if (known) {
      pendingOffsets.putAll(offsets);
      lastCheckpointRecord =
          new CommitRecord(ImmutableMap.copyOf(offsets), position, streamTime).encode();
    }
  }

  private void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> records) {
    Map<Long, WriteBatch> batches = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(
          r, consistencyEnabled, position);
      byte[] key = r.key();
      long time = SegmentKeys.firstTime(key, suffix);
      streamTime = Math.max(streamTime, time);
      if (time <= streamTime - retentionMs) {
        continue;
      }
      WriteBatch b = batches.computeIfAbsent(segments.segmentId(time), id -> new WriteBatch());
      if (r.value() == null) {
        b.delete(key);
      } else {
        b.put(key, r.value());
      }
      uncommittedRecords++;
      uncommittedBytes += key.length + (r.value() == null ? 0 : r.value().length);
    }
    try {
      long minLive = segments.segmentId(streamTime - retentionMs);
      for (Map.Entry<Long, WriteBatch> e : batches.entrySet()) {
        if (e.getKey() >= minLive) {
          Segment s = segments.getOrCreate(e.getKey(), lastCheckpointRecord);
          s.db.write(Segments.NO_WAL, e.getValue());
          s.markDirty();
        }
      }
    } catch (IOException e) {
      throw new ProcessorStateException("cannot restore store " + name, e);
    }
    restoredSinceCheckpoint = true;
    segments.cleanup(streamTime);
  }

  /**
   * Writes {@code value} (null: deletes) under {@code storeKey}.
   *
   * @return false if the entry had expired and was dropped
   */
  boolean put(byte[] storeKey, byte[] value) {
    checkOpen();
    long time = SegmentKeys.firstTime(storeKey, suffix);
    streamTime = Math.max(streamTime, time);
    boolean written = false;
    if (time <= streamTime - retentionMs) {
      if (droppedRecords != null) {
        droppedRecords.record(1.0d, System.currentTimeMillis());
      }
      LOG.warn("Skipping record for expired segment of store {}.", name);
    } else {
      try {
        Segment s = segments.getOrCreate(segments.segmentId(time), lastCheckpointRecord);
        if (value == null) {
          s.db.delete(Segments.NO_WAL, storeKey);
        } else {
          s.db.put(Segments.NO_WAL, storeKey, value);
        }
        s.markDirty();
      } catch (IOException e) {
        throw new ProcessorStateException("cannot write to store " + name, e);
      }
      uncommittedRecords++;
      uncommittedBytes += storeKey.length + (value == null ? 0 : value.length);
      written = true;
    }
    segments.cleanup(streamTime);
    StoreQueryUtils.updatePosition(position, context);
    return written;
  }

  /** Advances the stream time to {@code time} (milliseconds) if it is later, writing nothing. */
  void observe(long time) {
    checkOpen();
    streamTime = Math.max(streamTime, time);
    segments.cleanup(streamTime);
    StoreQueryUtils.updatePosition(position, context);
  }

  /** {@return the value under {@code storeKey}, or null if absent or expired} */
  byte[] get(byte[] storeKey) {
    checkOpen();
    long time = SegmentKeys.firstTime(storeKey, suffix);
    if (time <= streamTime - retentionMs) {
      return null;
    }
    Segment s = segments.retain(segments.segmentId(time));
    if (s == null) {
      return null;
    }
    try {
      return s.db.get(storeKey);
    } catch (IOException e) {
      throw new ProcessorStateException("error reading store " + name, e);
    } finally {
      s.release();
    }
  }

  /**
   * The unexpired data entries in {@code [lower, upper)} (null: open) whose segment time lies in
   * {@code [fromTime, toTime]} (milliseconds) and that {@code keep} accepts; segment after
   * segment, in store key order within one, reversed when not {@code forward}.
   */
  KeyValueIterator<Bytes, byte[]> range(long fromTime, long toTime, byte[] lower, byte[] upper,
      Predicate<byte[]> keep, boolean forward) {
    checkOpen();
    long minVisible = streamTime - retentionMs + 1;
    long from = Math.max(fromTime, minVisible);
    List<Segment> held = from > toTime ? List.of()
        : segments.retain(segments.segmentId(from), segments.segmentId(toTime), forward);
    Predicate<byte[]> filter = k -> {
      if (k.length < suffix) {
        return false;
      }
      long t = SegmentKeys.firstTime(k, suffix);
      return t >= from && t <= toTime && keep.test(k);
    };
    SegmentIterator it =
        new SegmentIterator(name, held, lower, upper, filter, forward, openIterators::remove);
    openIterators.add(it);
    return it;
  }

  long streamTime() {
    return streamTime;
  }

  Position position() {
    return position;
  }

  StateStoreContext context() {
    return context;
  }

  boolean isOpen() {
    return open;
  }

  /** {@return the table bytes the segments wrote since the store opened, dropped ones included} */
  long tableBytesWritten() {
    return segments.tableBytesWritten();
  }

  long approximateNumUncommittedBytes() {
    return uncommittedBytes;
  }

  /** Records Kafka's committed changelog offsets; checkpoints every {@link #CHECKPOINT_RECORDS}. */
  void commit(Map<TopicPartition, Long> offsets) {
    checkOpen();
    pendingOffsets.putAll(offsets);
    if (uncommittedRecords >= CHECKPOINT_RECORDS || restoredSinceCheckpoint) {
      checkpoint();
    }
  }

  Long committedOffset(TopicPartition partition) {
    return durableOffsets == null ? null : durableOffsets.get(partition);
  }

  /** Writes the commit record into every segment and flushes every segment's memtable. */
  void checkpoint() {
    checkOpen();
    byte[] record = new CommitRecord(ImmutableMap.copyOf(pendingOffsets), position.copy(),
        streamTime).encode();
    try {
      for (Segment s : segments.all()) {
        s.db.put(Segments.NO_WAL, CommitRecord.KEY, record);
        s.db.flush();
        s.takeDirty();
      }
    } catch (IOException e) {
      throw new ProcessorStateException("cannot checkpoint store " + name, e);
    }
    lastCheckpointRecord = record;
    durableOffsets = ImmutableMap.copyOf(pendingOffsets);
    uncommittedRecords = 0;
    uncommittedBytes = 0;
    restoredSinceCheckpoint = false;
  }

  /** Checkpoints, closes the open iterators and every segment; idempotent. */
  void close() {
    if (!open) {
      return;
    }
    try {
      checkpoint();
    } finally {
      open = false;
      if (!openIterators.isEmpty()) {
        LOG.warn("Closing {} open iterators for store {}", openIterators.size(), name);
        for (SegmentIterator it : List.copyOf(openIterators)) {
          it.close();
        }
      }
      segments.close();
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new InvalidStateStoreException("store " + name + " is not open");
    }
  }
}
