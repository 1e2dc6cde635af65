package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.annotations.VisibleForTesting;
import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.ChangelogRecordDeserializationHelper;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.PositionSerde;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent Kafka Streams key-value store backed by one Strata database, in
 * {@code <task state directory>/strata/<store name>}: Strata's counterpart of Kafka Streams'
 * {@code RocksDBStore}. Made by {@link StrataKeyValueBytesStoreSupplier}.
 *
 * <p><b>Layout.</b> User keys and the store's metadata (committed changelog offsets, the
 * {@link Position} for interactive queries, the value format) share the database in disjoint key
 * spaces ({@link StoreKeys}): a user key is stored behind the byte {@code 0x01}, metadata behind
 * {@code 0x00}, and every scan is bounded to the user key space.
 *
 * <p><b>Durability.</b> The changelog topic is the store's log, so every write skips Strata's
 * write-ahead log ({@link WriteOptions#disableWal()}): what is not yet in a table lives only in
 * the memtable. The store manages its own changelog offsets (KIP-1035, {@link #managesOffsets()}):
 * {@link #commit(Map)} writes the offsets and the position as one batch after the data they
 * cover, and a memtable flush makes everything before it durable at once. The flush runs on
 * Kafka's checkpoint schedule, not per commit: when {@value #FLUSH_AFTER_RECORDS} records (Kafka's
 * own checkpoint threshold) or any restored records were written since the last flush, and at
 * {@link #flush()} and {@link #close()}. A memtable flush persists a prefix of the writes in
 * sequence order, so after a crash the offsets the store claims never run ahead of the data it
 * holds; Kafka Streams restores the rest from the changelog. (The data may run ahead of the
 * offsets; replaying a key-value changelog over it converges. Under exactly-once, as with Kafka's
 * RocksDB store, values written after the last commit may survive a crash until restoration
 * overwrites them.)
 *
 * <p><b>Errors.</b> A damaged database fails {@link #init} (and any read that meets the damage)
 * with a {@link ProcessorStateException} carrying the engine's {@link CorruptionException} message,
 * which names the file and byte offset; other I/O errors are reported the same way. A misspelt or
 * invalid {@code strata.*} setting fails {@link #init} with a {@link ConfigException}.
 *
 * <p><b>Threads.</b> Thread-safe: the stream thread writes, interactive-query threads read; writes
 * and lifecycle calls are serialised on the store, reads go to the engine directly. Every iterator
 * the store hands out is tracked and closed when the store closes.
 */
public class StrataKeyValueBytesStore implements KeyValueStore<Bytes, byte[]> {

  /** The subdirectory of a task's state directory that holds the task's Strata databases. */
  public static final String DIRECTORY = "strata";

  /** The compaction strategy of a key-value store when no setting names one. */
  public static final String DEFAULT_STRATEGY = "leveled";

  /**
   * The number of records written since the last memtable flush at which a commit flushes: Kafka
   * Streams' own threshold for writing a checkpoint file
   * ({@code LegacyCheckpointingStateStore.OFFSET_DELTA_THRESHOLD_FOR_CHECKPOINT}).
   */
  public static final long FLUSH_AFTER_RECORDS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(StrataKeyValueBytesStore.class);
  private static final WriteOptions UNLOGGED = new WriteOptions(false, true);
  private static final String PROPERTY_ESTIMATE_NUM_KEYS = "strata.estimate-num-keys";

  private final String name;
  private final String metricsScope;
  private final String defaultStrategy;
  private final Set<StrataKeyValueIterator> openIterators = ConcurrentHashMap.newKeySet();
  private final LongAdder bytesRead = new LongAdder();
  private final Map<TopicPartition, Long> committedOffsets = new ConcurrentHashMap<>();

  private volatile Db db;
  private Path dir;
  private StateStoreContext context;
  private Position position = Position.emptyPosition();
  private boolean consistencyEnabled;
  private long recordsSinceFlush;
  private boolean restoredSinceFlush;
  private boolean writtenSinceMetadata;
  private boolean positionStored;
  private StrataStoreMetrics metrics;

  /**
   * A key-value store with the default compaction strategy ({@value #DEFAULT_STRATEGY}) and the
   * metrics scope {@value StrataKeyValueBytesStoreSupplier#METRICS_SCOPE}. Does no I/O: the
   * database opens in {@link #init}.
   *
   * @param name the store's name, unique within the topology
   * @throws NullPointerException if {@code name} is null
   */
  public StrataKeyValueBytesStore(String name) {
    this(name, StrataKeyValueBytesStoreSupplier.METRICS_SCOPE, DEFAULT_STRATEGY);
  }

  /**
   * A key-value store. Does no I/O: the database opens in {@link #init}.
   *
   * @param name the store's name, unique within the topology
   * @param metricsScope the scope of the store's metrics, e.g. {@code strata}
   * @param defaultStrategy the compaction strategy when no {@code strata.compaction.strategy}
   *     setting names one, e.g. {@code leveled}
   * @throws NullPointerException if an argument is null
   */
  public StrataKeyValueBytesStore(String name, String metricsScope, String defaultStrategy) {
    this.name = checkNotNull(name, "name");
    this.metricsScope = checkNotNull(metricsScope, "metricsScope");
    this.defaultStrategy = checkNotNull(defaultStrategy, "defaultStrategy");
  }

  /** The value format this store keeps: {@link StoreKeys#FORMAT_PLAIN} for plain values. */
  byte valueFormat() {
    return StoreKeys.FORMAT_PLAIN;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Opens the store's database under the task's state directory and registers the store's
   * restore callback.
   *
   * @throws ConfigException if a {@code strata.*} setting is misspelt or invalid
   * @throws ProcessorStateException if the database cannot be opened, e.g. because a file of it
   *     is damaged (the message names the file and byte offset)
   */
  @Override
  public synchronized void init(StateStoreContext context, StateStore root) {
    checkNotNull(context, "context");
    checkNotNull(root, "root");
    if (db != null) {
      throw new IllegalStateException("Strata store " + name + " is already open");
    }
    Map<String, Object> appConfigs = context.appConfigs();
    StrataStoreConfig config = StrataStoreConfig.from(appConfigs);
    Options.Builder builder = config.optionsFor(name, defaultStrategy);
    config.newConfigSetter().ifPresent(s -> s.setConfig(name, builder, appConfigs));
    Options options;
    try {
      options = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Strata store " + name + ": invalid options: " + e.getMessage());
    }
    this.dir = context.stateDir().toPath().resolve(DIRECTORY).resolve(name);
    this.context = context;
    this.consistencyEnabled = StreamsConfig.InternalConfig.getBoolean(appConfigs,
        StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, false);
    open(options);
    context.register(root, (RecordBatchingStateRestoreCallback) this::restoreBatch);
    metrics = StrataStoreMetrics.register(context, metricsScope, this);
  }

  private void open(Options options) {
    Db opened;
    try {
      Files.createDirectories(dir);
      opened = Strata.open(dir, options);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Strata store " + name + ": invalid options: " + e.getMessage());
    } catch (IOException e) {
      throw storeException("cannot be opened", e);
    }
    try {
      positionStored = opened.get(StoreKeys.POSITION_KEY) != null;
      position = readPosition(opened);
      committedOffsets.clear();
      committedOffsets.putAll(readOffsets(opened));
      checkFormat(opened);
    } catch (IOException | RuntimeException e) {
      try {
        opened.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e instanceof IOException io ? storeException("cannot be opened", io)
          : (RuntimeException) e;
    }
    db = opened;
    recordsSinceFlush = 0;
    restoredSinceFlush = false;
    writtenSinceMetadata = false;
    LOG.debug("Strata store {} opened in {} at offsets {}", name, dir, committedOffsets);
  }

  /**
   * Checks the format the database's values are in against this store's, writing it into a new
   * database. A plain store's values are converted in place when it is reopened as a timestamped
   * one (each value gets the timestamp -1, as Kafka's {@code RocksDBTimestampedStore} upgrades).
   */
  private void checkFormat(Db opened) throws IOException {
    byte[] stored = opened.get(StoreKeys.FORMAT_KEY);
    byte wanted = valueFormat();
    if (stored != null && stored.length == 1 && stored[0] == wanted) {
      return;
    }
    if (stored == null || (stored.length == 1 && stored[0] == StoreKeys.FORMAT_PLAIN
        && wanted == StoreKeys.FORMAT_TIMESTAMPED)) {
      if (stored != null) {
        TimestampedUpgrade.convert(opened, UNLOGGED);
        LOG.info("Strata store {}: converted the values of a key-value store to timestamped", name);
      }
      opened.write(UNLOGGED, new WriteBatch().put(StoreKeys.FORMAT_KEY, new byte[] {wanted}));
      opened.flush();
      return;
    }
    throw new ProcessorStateException("Strata store " + name + " in " + dir
        + " holds values of format " + (stored.length == 1 ? stored[0] : -1)
        + ", which a store of format " + wanted + " cannot read"
        + " (1: plain key-value, 2: timestamped key-value)");
  }

  private static Position readPosition(Db opened) throws IOException {
    byte[] v = opened.get(StoreKeys.POSITION_KEY);
    return v == null ? Position.emptyPosition() : PositionSerde.deserialize(ByteBuffer.wrap(v));
  }

  private static Map<TopicPartition, Long> readOffsets(Db opened) throws IOException {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (DbIterator it = opened.newIterator(ReadOptions.builder()
        .iterateLowerBound(StoreKeys.OFFSETS_LOWER).iterateUpperBound(StoreKeys.OFFSETS_UPPER)
        .build())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        offsets.put(StoreKeys.partitionOf(it.key()), ByteBuffer.wrap(it.value()).getLong());
      }
    }
    return offsets;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public synchronized void put(Bytes key, byte[] value) {
    checkNotNull(key, "key");
    checkOpen();
    write(value == null ? new WriteBatch().delete(StoreKeys.user(key.get()))
        : new WriteBatch().put(StoreKeys.user(key.get()), value), 1);
    StoreQueryUtils.updatePosition(position, context);
  }

  @Override
  public synchronized byte[] putIfAbsent(Bytes key, byte[] value) {
    checkNotNull(key, "key");
    byte[] old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public synchronized void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    checkNotNull(entries, "entries");
    checkOpen();
    WriteBatch batch = new WriteBatch();
    for (KeyValue<Bytes, byte[]> e : entries) {
      checkNotNull(e.key, "key");
      if (e.value == null) {
        batch.delete(StoreKeys.user(e.key.get()));
      } else {
        batch.put(StoreKeys.user(e.key.get()), e.value);
      }
    }
    write(batch, entries.size());
    StoreQueryUtils.updatePosition(position, context);
  }

  @Override
  public synchronized byte[] delete(Bytes key) {
    checkNotNull(key, "key");
    byte[] old = get(key);
    write(new WriteBatch().delete(StoreKeys.user(key.get())), 1);
    StoreQueryUtils.updatePosition(position, context);
    return old;
  }

  private void write(WriteBatch batch, int records) {
    try {
      db.write(UNLOGGED, batch);
    } catch (IOException e) {
      throw storeException("write failed", e);
    }
    recordsSinceFlush += records;
    writtenSinceMetadata = true;
  }

  /**
   * Writes one batch of changelog records during restoration, without the write-ahead log, and
   * advances the position by the records' headers (Kafka's
   * {@code ChangelogRecordDeserializationHelper}).
   */
  synchronized void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> records) {
    checkOpen();
    WriteBatch batch = new WriteBatch();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ChangelogRecordDeserializationHelper.applyChecksAndUpdatePosition(r, consistencyEnabled,
          position);
      if (r.value() == null) {
        batch.delete(StoreKeys.user(r.key()));
      } else {
        batch.put(StoreKeys.user(r.key()), r.value());
      }
    }
    write(batch, records.size());
    restoredSinceFlush = restoredSinceFlush || !records.isEmpty();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(Bytes key) {
    checkNotNull(key, "key");
    Db d = checkOpen();
    try {
      byte[] v = d.get(StoreKeys.user(key.get()));
      if (v != null) {
        bytesRead.add(key.get().length + v.length);
      }
      return v;
    } catch (IOException e) {
      throw storeException("read failed", e);
    }
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return range(from, to, true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return range(from, to, false);
  }

  private KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to, boolean forward) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      LOG.warn("Strata store {}: returning an empty iterator for the key range from > to; the "
          + "range arguments may be in the wrong order, or the key serde may not keep the order "
          + "of the serialized bytes", name);
      return scan(StoreKeys.USER_UPPER, StoreKeys.USER_UPPER, forward);
    }
    return scan(StoreKeys.lowerBound(from), StoreKeys.upperBoundInclusive(to), forward);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return scan(StoreKeys.USER_LOWER, StoreKeys.USER_UPPER, true);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return scan(StoreKeys.USER_LOWER, StoreKeys.USER_UPPER, false);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix,
      PS prefixKeySerializer) {
    checkNotNull(prefix, "prefix");
    checkNotNull(prefixKeySerializer, "prefixKeySerializer");
    byte[] p = prefixKeySerializer.serialize(null, prefix);
    return scan(StoreKeys.user(p), StoreKeys.prefixUpperBound(p), true);
  }

  private synchronized KeyValueIterator<Bytes, byte[]> scan(byte[] lower, byte[] upper,
      boolean forward) {
    Db d = checkOpen();
    DbIterator it = d.newIterator(ReadOptions.builder().iterateLowerBound(lower)
        .iterateUpperBound(upper).build());
    StrataKeyValueIterator kv = new StrataKeyValueIterator(name, it, forward,
        openIterators::remove, bytesRead::add);
    openIterators.add(kv);
    kv.start();
    return kv;
  }

  /**
   * The approximate number of entries: the engine's {@code strata.estimate-num-keys} (the entry
   * counts the tables record plus the memtables', minus twice the deletions; RocksDB's estimate),
   * less the store's own metadata entries. Overwrites not yet compacted away count once per
   * version, as in RocksDB; the store's commits add two such versions each until compaction
   * drops them.
   *
   * @throws InvalidStateStoreException if the store is closed
   */
  @Override
  public long approximateNumEntries() {
    Db d = checkOpen();
    long estimate = Long.parseLong(d.getProperty(PROPERTY_ESTIMATE_NUM_KEYS).orElse("0").trim());
    long metadataEntries = 1 + (positionStored ? 1 : 0) + committedOffsets.size();
    return Math.max(0, estimate - metadataEntries);
  }

  // ---------------------------------------------------------------- commit and lifecycle

  /**
   * Flushes the memtable to a table, making every write so far (and the offsets committed so
   * far) durable.
   *
   * @throws ProcessorStateException if the flush fails
   */
  @Override
  public synchronized void flush() {
    Db d = db;
    if (d == null) {
      return;
    }
    try {
      d.flush();
    } catch (IOException e) {
      throw storeException("flush failed", e);
    }
    recordsSinceFlush = 0;
    restoredSinceFlush = false;
  }

  /**
   * Records the changelog offsets the store's data now covers, and its position, in one unlogged
   * batch; flushes the memtable when {@value #FLUSH_AFTER_RECORDS} records, or any restored
   * records, were written since the last flush. Does nothing if the store is closed.
   *
   * @param changelogOffsets the offset of each changelog partition, as Kafka Streams gives them
   *     (a negative sentinel when it knows none)
   * @throws ProcessorStateException if the write or the flush fails
   */
  @Override
  public synchronized void commit(Map<TopicPartition, Long> changelogOffsets) {
    checkNotNull(changelogOffsets, "changelogOffsets");
    if (db == null) {
      return;
    }
    writeMetadata(changelogOffsets);
    if (recordsSinceFlush >= FLUSH_AFTER_RECORDS || restoredSinceFlush) {
      flush();
    }
  }

  private void writeMetadata(Map<TopicPartition, Long> changelogOffsets) {
    if (!writtenSinceMetadata && committedOffsets.entrySet().containsAll(
        changelogOffsets.entrySet())) {
      return; // nothing changed since the last metadata batch
    }
    WriteBatch batch = new WriteBatch();
    for (Map.Entry<TopicPartition, Long> e : changelogOffsets.entrySet()) {
      batch.put(StoreKeys.offset(e.getKey()),
          ByteBuffer.allocate(Long.BYTES).putLong(e.getValue()).array());
    }
    ByteBuffer p = PositionSerde.serialize(position);
    byte[] pb = new byte[p.remaining()];
    p.get(pb);
    batch.put(StoreKeys.POSITION_KEY, pb);
    try {
      db.write(UNLOGGED, batch);
    } catch (IOException e) {
      throw storeException("commit failed", e);
    }
    committedOffsets.putAll(changelogOffsets);
    writtenSinceMetadata = false;
    positionStored = true;
  }

  /**
   * The offset last committed for a changelog partition: after a restart, the one the database
   * held when it was opened, which never exceeds the data it holds.
   *
   * @param partition a changelog partition
   * @return the offset, or null if none was committed
   */
  @Override
  public Long committedOffset(TopicPartition partition) {
    checkNotNull(partition, "partition");
    return committedOffsets.get(partition);
  }

  /** Returns true: the store keeps its changelog offsets in its own database (KIP-1035). */
  @Override
  public boolean managesOffsets() {
    return true;
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return db != null;
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound,
      QueryConfig config) {
    return StoreQueryUtils.handleBasicQueries(query, positionBound, config, this, position,
        context);
  }

  @Override
  public Position getPosition() {
    return position;
  }

  /**
   * Closes every iterator still open, records the position, flushes the memtable and closes the
   * database. Idempotent.
   *
   * @throws ProcessorStateException if the final flush fails (the database is closed anyway)
   */
  @Override
  public synchronized void close() {
    Db d = db;
    if (d == null) {
      return;
    }
    closeIterators();
    ProcessorStateException failure = null;
    try {
      writeMetadata(Map.of());
      d.flush();
    } catch (IOException e) {
      failure = storeException("flush at close failed", e);
    } catch (ProcessorStateException e) {
      failure = e;
    }
    closeDb(d);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Closes the database without writing the position or flushing the memtable, as a crash would
   * leave it: what the memtable held is lost.
   */
  @VisibleForTesting
  synchronized void closeWithoutFlush() {
    Db d = db;
    if (d != null) {
      closeIterators();
      closeDb(d);
    }
  }

  private void closeIterators() {
    List<StrataKeyValueIterator> open = new ArrayList<>(openIterators);
    if (!open.isEmpty()) {
      LOG.debug("Strata store {}: closing {} open iterators", name, open.size());
    }
    for (StrataKeyValueIterator it : open) {
      it.close();
    }
  }

  private void closeDb(Db d) {
    db = null;
    if (metrics != null) {
      metrics.remove();
      metrics = null;
    }
    try {
      d.close();
    } catch (IOException e) {
      throw storeException("close failed", e);
    }
  }

  @VisibleForTesting
  int openIteratorCount() {
    return openIterators.size();
  }

  /** The database, for the store's metrics; null when closed. */
  Db db() {
    return db;
  }

  long bytesRead() {
    return bytesRead.sum();
  }

  Path directory() {
    return dir;
  }

  private Db checkOpen() {
    Db d = db;
    if (d == null) {
      throw new InvalidStateStoreException("Strata store " + name + " is not open");
    }
    return d;
  }

  private ProcessorStateException storeException(String what, IOException e) {
    String kind = e instanceof CorruptionException ? " is corrupted: " : " " + what + ": ";
    return new ProcessorStateException("Strata store " + name + " in " + dir + kind
        + e.getMessage(), e);
  }
}
