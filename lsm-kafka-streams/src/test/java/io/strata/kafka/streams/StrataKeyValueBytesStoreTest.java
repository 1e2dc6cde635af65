package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store driven directly through a hand-made context: lifecycle, offsets, crash, errors. */
class StrataKeyValueBytesStoreTest {
  private static final TopicPartition CHANGELOG = new TopicPartition("app-store-changelog", 0);

  @TempDir
  Path dir;

  private static Bytes key(String s) {
    return Bytes.wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private StrataKeyValueBytesStore open(String name, Map<String, Object> configs) {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore(name);
    store.init(new TestStoreContext(dir, configs), store);
    return store;
  }

  @Test
  void committedOffsetsAndPositionSurviveACleanClose() {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore("s");
    TestStoreContext context = new TestStoreContext(dir);
    store.init(context, store);
    context.recordMetadata = metadata("input", 3, 41);
    store.put(key("a"), new byte[] {1});
    store.commit(Map.of(CHANGELOG, 7L));
    assertThat(store.committedOffset(CHANGELOG)).isEqualTo(7L);
    assertThat(store.committedOffset(new TopicPartition("other", 0))).isNull();
    assertThat(store.managesOffsets()).isTrue();
    assertThat(store.persistent()).isTrue();
    store.close();
    assertThat(store.isOpen()).isFalse();
    store.close();

    StrataKeyValueBytesStore reopened = open("s", Map.of());
    assertThat(reopened.committedOffset(CHANGELOG)).isEqualTo(7L);
    assertThat(reopened.getPosition().getPartitionPositions("input")).containsEntry(3, 41L);
    assertThat(reopened.get(key("a"))).containsExactly(1);
    QueryResult<byte[]> r = reopened.query(KeyQuery.withKey(key("a")),
        PositionBound.unbounded(), new QueryConfig(false));
    assertThat(r.isSuccess()).isTrue();
    assertThat(r.getResult()).containsExactly(1);
    reopened.close();
  }

  @Test
  void restoreRebuildsTheStoreAndTheNextCommitMakesItDurable() {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore("restored");
    TestStoreContext context = new TestStoreContext(dir);
    store.init(context, store);
    RecordBatchingStateRestoreCallback callback =
        (RecordBatchingStateRestoreCallback) context.callbacks.get("restored");
    Map<Bytes, byte[]> expected = new TreeMap<>();
    Random random = new Random(7);
    long offset = 0;
    for (int batch = 0; batch < 20; batch++) {
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < 500; i++, offset++) {
        Bytes k = key("k" + random.nextInt(3000));
        byte[] v = random.nextInt(10) == 0 ? null : longBytes(offset);
        records.add(new ConsumerRecord<>(CHANGELOG.topic(), 0, offset, k.get(), v));
        if (v == null) {
          expected.remove(k);
        } else {
          expected.put(k, v);
        }
      }
      callback.restoreBatch(records);
    }
    assertThat(contents(store)).isEqualTo(hex(expected));
    long flushesBefore = store.db().statistics().flushes();
    store.commit(Map.of(CHANGELOG, offset));
    assertThat(store.db().statistics().flushes()).isGreaterThan(flushesBefore);
    // A crash after that commit loses nothing: the restored state was flushed with its offset.
    store.closeWithoutFlush();
    StrataKeyValueBytesStore reopened = open("restored", Map.of());
    assertThat(reopened.committedOffset(CHANGELOG)).isEqualTo(offset);
    assertThat(contents(reopened)).isEqualTo(hex(expected));
    reopened.close();
  }

  /**
   * Writes records at consecutive changelog offsets, commits at random points, lets memtables
   * flush on their own, then "crashes" (closes without flushing): after reopening, every key holds
   * at least what it held at the offset the store claims, so the claimed offset never runs ahead
   * of the data.
   */
  @Test
  void aCrashNeverLeavesTheClaimedOffsetAheadOfTheData() {
    for (long seed = 1; seed <= 3; seed++) {
      String name = "crash" + seed;
      Random random = new Random(seed);
      StrataKeyValueBytesStore store = open(name, Map.of(StrataStoreConfig.WRITE_BUFFER_BYTES,
          "65536"));
      int keys = 500;
      long[] lastOffsetOfKey = new long[keys];
      List<long[]> history = new ArrayList<>(); // per offset: {key}
      int records = 5_000 + random.nextInt(20_000);
      long nextCommit = random.nextInt(3000);
      for (long offset = 0; offset < records; offset++) {
        int k = random.nextInt(keys);
        byte[] v = new byte[100];
        ByteBuffer.wrap(v).putLong(offset).putInt(k);
        store.put(key("k" + k), v);
        history.add(new long[] {k});
        if (offset == nextCommit) {
          store.commit(Map.of(CHANGELOG, offset + 1));
          nextCommit = offset + 1 + random.nextInt(3000);
        }
      }
      store.closeWithoutFlush();

      StrataKeyValueBytesStore reopened = open(name, Map.of());
      Long claimed = reopened.committedOffset(CHANGELOG);
      System.out.println("crash seed " + seed + ": " + records + " records written, offset "
          + claimed + " claimed after the crash");
      long upTo = claimed == null ? 0 : claimed;
      java.util.Arrays.fill(lastOffsetOfKey, -1);
      for (int o = 0; o < upTo; o++) {
        lastOffsetOfKey[(int) history.get(o)[0]] = o;
      }
      for (int k = 0; k < keys; k++) {
        byte[] v = reopened.get(key("k" + k));
        String where = "seed " + seed + " key " + k + " claimed offset " + claimed;
        if (lastOffsetOfKey[k] < 0) {
          continue;
        }
        assertThat(v).as(where).isNotNull();
        ByteBuffer b = ByteBuffer.wrap(v);
        long writtenAt = b.getLong();
        assertThat(b.getInt()).as(where).isEqualTo(k);
        assertThat(writtenAt).as(where).isGreaterThanOrEqualTo(lastOffsetOfKey[k]);
      }
      reopened.close();
    }
  }

  @Test
  void closingTheStoreClosesItsIterators() {
    StrataKeyValueBytesStore store = open("iters", Map.of());
    for (int i = 0; i < 100; i++) {
      store.put(key("k" + i), new byte[] {(byte) i});
    }
    KeyValueIterator<Bytes, byte[]> all = store.all();
    KeyValueIterator<Bytes, byte[]> range = store.reverseRange(key("k1"), key("k5"));
    KeyValueIterator<Bytes, byte[]> prefix = store.prefixScan("k9",
        new org.apache.kafka.common.serialization.StringSerializer());
    try (KeyValueIterator<Bytes, byte[]> closedByCaller = store.all()) {
      assertThat(closedByCaller.hasNext()).isTrue();
    }
    assertThat(store.openIteratorCount()).isEqualTo(3);
    assertThat(all.next().key).isEqualTo(key("k0"));
    assertThat(range.peekNextKey()).isEqualTo(key("k5"));
    assertThat(prefix.next().key).isEqualTo(key("k9"));
    store.close();
    assertThat(store.openIteratorCount()).isZero();
    assertThatThrownBy(all::hasNext).isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(range::next).isInstanceOf(InvalidStateStoreException.class);
    prefix.close();
    assertThatThrownBy(() -> store.get(key("k1"))).isInstanceOf(InvalidStateStoreException.class)
        .hasMessageContaining("iters is not open");
  }

  @Test
  void aMisspeltSettingFailsInitNamingTheValidOnes() {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore("bad");
    assertThatThrownBy(() -> store.init(new TestStoreContext(dir,
        Map.of("strata.write.bufer.bytes", "1048576")), store))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("strata.write.bufer.bytes")
        .hasMessageContaining("strata.write.buffer.bytes")
        .hasMessageContaining("strata.config.setter");
    assertThat(store.isOpen()).isFalse();
  }

  @Test
  void anOutOfRangeSettingFailsInit() {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore("small");
    assertThatThrownBy(() -> store.init(new TestStoreContext(dir,
        Map.of(StrataStoreConfig.WRITE_BUFFER_BYTES, "100")), store))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("writeBufferSizeBytes");
  }

  /** Records what the config setter was told. */
  public static final class RecordingSetter implements StrataConfigSetter {
    static final List<String> CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void setConfig(String storeName, io.strata.api.Options.Builder options,
        Map<String, Object> configs) {
      CALLS.add(storeName + ":" + configs.get("custom"));
      options.bloomBitsPerKey(0).compactionStrategy("tiered");
    }
  }

  @Test
  void theConfigSetterCompletesTheOptions() {
    RecordingSetter.CALLS.clear();
    StrataKeyValueBytesStore store = open("set", Map.of(StrataStoreConfig.CONFIG_SETTER,
        RecordingSetter.class.getName(), "custom", "x"));
    assertThat(RecordingSetter.CALLS).containsExactly("set:x");
    assertThat(store.db().getProperty("strata.strategy")).hasValue("tiered");
    store.close();
    StrataKeyValueBytesStore other = new StrataKeyValueBytesStore("set2");
    assertThatThrownBy(() -> other.init(new TestStoreContext(dir,
        Map.of(StrataStoreConfig.CONFIG_SETTER, "no.such.Setter")), other))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("no.such.Setter").hasMessageContaining("no such class");
    assertThatThrownBy(() -> other.init(new TestStoreContext(dir,
        Map.of(StrataStoreConfig.CONFIG_SETTER, String.class)), other))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("does not implement");
  }

  /** Hands every store the one memory budget and thread pool of the application's JVM. */
  public static final class SharedSetter implements StrataConfigSetter {
    static volatile io.strata.api.SharedResources shared;

    @Override
    public void setConfig(String storeName, io.strata.api.Options.Builder options,
        Map<String, Object> configs) {
      options.sharedResources(shared);
    }
  }

  @Test
  void storesShareOneMemoryBudgetThroughTheConfigSetter() {
    try (io.strata.api.SharedResources shared =
        io.strata.core.Strata.newSharedResources(8 << 20, 4 << 20, 2)) {
      SharedSetter.shared = shared;
      Map<String, Object> configs = Map.of(StrataStoreConfig.CONFIG_SETTER, SharedSetter.class);
      List<StrataKeyValueBytesStore> stores = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        stores.add(open("shared" + i, configs));
      }
      assertThat(shared.openDatabases()).isEqualTo(4);
      for (StrataKeyValueBytesStore store : stores) {
        for (int k = 0; k < 2000; k++) {
          store.put(key("k" + k), new byte[200]);
        }
      }
      assertThat(shared.writeBufferUsageBytes()).isLessThanOrEqualTo(4 << 20);
      for (StrataKeyValueBytesStore store : stores) {
        assertThat(store.get(key("k1999"))).hasSize(200);
        store.close();
      }
      assertThat(shared.openDatabases()).isZero();
    } finally {
      SharedSetter.shared = null;
    }
  }

  @Test
  void aDamagedStoreFailsInitWithTheFileAndOffset() throws IOException {
    StrataKeyValueBytesStore store = open("damaged", Map.of());
    for (int i = 0; i < 1000; i++) {
      store.put(key("k" + i), new byte[50]);
    }
    store.close();
    Path db = dir.resolve(StrataKeyValueBytesStore.DIRECTORY).resolve("damaged");
    Path manifest;
    try (Stream<Path> files = Files.list(db)) {
      manifest = files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-"))
          .sorted().reduce((a, b) -> b).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(manifest.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
    StrataKeyValueBytesStore reopened = new StrataKeyValueBytesStore("damaged");
    assertThatThrownBy(() -> reopened.init(new TestStoreContext(dir), reopened))
        .isInstanceOf(ProcessorStateException.class)
        .hasMessageContaining("is corrupted")
        .hasMessageContaining(manifest.getFileName().toString())
        .hasMessageContaining("offset")
        .hasCauseInstanceOf(io.strata.api.CorruptionException.class);
    assertThat(reopened.isOpen()).isFalse();
  }

  @Test
  void aPlainStoreReopenedAsTimestampedIsConverted() {
    StrataKeyValueBytesStore plain = open("upgrade", Map.of());
    plain.put(key("a"), new byte[] {1, 2});
    plain.close();
    StrataTimestampedKeyValueBytesStore ts = new StrataTimestampedKeyValueBytesStore("upgrade");
    ts.init(new TestStoreContext(dir), ts);
    assertThat(ts).isInstanceOf(TimestampedBytesStore.class);
    assertThat(ts.get(key("a"))).isEqualTo(
        TimestampedBytesStore.convertToTimestampedFormat(new byte[] {1, 2}));
    ts.close();
    StrataKeyValueBytesStore back = new StrataKeyValueBytesStore("upgrade");
    assertThatThrownBy(() -> back.init(new TestStoreContext(dir), back))
        .isInstanceOf(ProcessorStateException.class)
        .hasMessageContaining("holds values of format 2");
  }

  @Test
  void gaugesAreRegisteredAndRemoved() {
    StrataKeyValueBytesStore store = new StrataKeyValueBytesStore("gauged");
    TestStoreContext context = new TestStoreContext(dir);
    store.init(context, store);
    store.put(key("a"), new byte[10]);
    store.get(key("a"));
    Map<String, Object> values = new TreeMap<>();
    context.metricsImpl().metrics().forEach((MetricName n, org.apache.kafka.common.Metric m) -> {
      if ("gauged".equals(n.tags().get("strata-state-id"))) {
        values.put(n.name(), m.metricValue());
      }
    });
    assertThat(values).containsKeys("bytes-written-total", "bytes-read-total", "memtable-bytes",
        "block-cache-hits-total", "compaction-time-total-ms", "write-stall-time-total-ms",
        "estimate-num-keys");
    assertThat((Long) values.get("bytes-read-total")).isEqualTo(11L);
    assertThat((Long) values.get("bytes-written-total")).isGreaterThan(0L);
    assertThat((Long) values.get("estimate-num-keys")).isEqualTo(1L);
    store.close();
    assertThat(context.metricsImpl().metrics().keySet())
        .noneMatch(n -> "gauged".equals(n.tags().get("strata-state-id")));
  }

  private static Map<String, String> contents(StrataKeyValueBytesStore store) {
    Map<String, String> m = new TreeMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> m.put(kv.key.toString(),
          Bytes.wrap(kv.value).toString()));
    }
    return m;
  }

  private static Map<String, String> hex(Map<Bytes, byte[]> m) {
    Map<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k.toString(), Bytes.wrap(v).toString()));
    return out;
  }

  private static RecordMetadata metadata(String topic, int partition, long offset) {
    return new RecordMetadata() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }
    };
  }
}
