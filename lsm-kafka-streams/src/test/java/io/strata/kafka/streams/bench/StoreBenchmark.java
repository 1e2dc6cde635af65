package io.strata.kafka.streams.bench;

import io.strata.api.SharedResources;
import io.strata.core.Strata;
import io.strata.kafka.streams.StrataStoreConfig;
import io.strata.kafka.streams.example.LocalKafkaBroker;
import io.strata.kafka.streams.example.StoreKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Compares state store kinds under Kafka Streams, each kind in a JVM of its own.
 *
 * <ol>
 *   <li><b>Windowed aggregation</b> through {@link TopologyTestDriver}: a sum per key in 5-minute
 *       tumbling windows over {@code --records} records (default 1,000,000) with
 *       {@code --keys} random keys (default 100,000) and timestamps spread over one hour (twelve
 *       windows), record cache off so every update reaches the store; throughput in records per
 *       second. The driver commits, and so flushes the store, after every record, as it always
 *       does.
 *   <li><b>Restore</b> (unless {@code --no-restore}): the changelog records the driver captured in
 *       the first step are written to a topic of a real single-node broker
 *       ({@link LocalKafkaBroker}), and a Kafka Streams application with the same topology and a
 *       fresh state directory restores the store from it; the time between Kafka's
 *       {@link StateRestoreListener#onRestoreStart} and {@link StateRestoreListener#onRestoreEnd}.
 *   <li><b>Memory of many stores</b>: {@code --stores} key-value stores (default 60, as 2 stores
 *       × 30 partitions) open at once in one task, each written {@code --store-entries} entries
 *       (default 50,000) of {@code --value-bytes} bytes (default 100) and read back once; the
 *       process's resident set (VmRSS of /proc/self/status) and the heap used after a full GC,
 *       both in MiB, while the stores are open. Strata's stores share one
 *       {@link SharedResources} ({@code --strata-cache-mib}, default 64, and
 *       {@code --strata-write-buffer-mib}, default 64, two background threads) through
 *       {@link SharedBudgetConfigSetter}; RocksDB's run with Kafka Streams' default settings (per
 *       store a 50 MiB block cache and up to three 16 MiB write buffers). This step's JVM runs
 *       with {@code -Xmx} of {@code --memory-heap} (default 512m): a JVM's resident set follows
 *       the heap the collector commits, which grows towards {@code -Xmx} under allocation
 *       whatever the live data; RssAnon and RssFile+RssShmem are reported apart.
 *   <li><b>Broker</b> (phase {@code broker}, not in the default): the same windowed sum as a
 *       {@link KafkaStreams} application against the broker, with a real {@link StreamsConfig}
 *       (default commit interval, at_least_once, or exactly_once_v2 with
 *       {@code --exactly-once}) and the record cache off. The first step's input records are
 *       written to a one-partition input topic first; the application writes every update to an
 *       output topic. Throughput in records per second, from the first input record the
 *       application processes to the broker's append time of the last output record (one output
 *       per input); the step gives up after {@code --broker-timeout-s} seconds (default 1800).
 * </ol>
 *
 * <p>{@code --phases aggregation,memory} (the default) chooses the steps; {@code broker} adds the
 * last one.
 *
 * <p>The broker's and the stores' files go to a new directory under {@code --work-dir} (default
 * the JVM's temporary directory), left in place. The driver's commit after every record writes a
 * checkpoint file with an fsync; on a disk that dominates every kind's time, so a directory on
 * tmpfs ({@code --work-dir /dev/shm}) measures the stores rather than the disk's sync latency.
 *
 * <p>Prints one table row per kind and the same figures as JSON.
 *
 * <pre>{@code
 * ./strata-kafka-demo bench [--kinds strata,rocksdb,memory] [--records 1000000] [--keys 100000]
 *     [--stores 60] [--store-entries 50000] [--value-bytes 100] [--no-restore] [--work-dir DIR]
 *     [--phases aggregation,memory] [--memory-heap 512m] [--strata-cache-mib 64]
 *     [--strata-write-buffer-mib 64] [--exactly-once] [--broker-timeout-s 1800]
 * }</pre>
 */
public final class StoreBenchmark {

  private static final String AGG_STORE = "agg-store";
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private static final Duration RETENTION = Duration.ofHours(2);
  private static final Duration SPAN = Duration.ofHours(1);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String RESULT = "RESULT ";
  private static final int BATCH_ENTRIES = 1_000;

  private StoreBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args the options listed in the class description
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    if (options.containsKey("--child-aggregation")) {
      Map<String, Object> result = aggregation(
          StoreKind.parse(options.get("--child-aggregation")), options);
      System.out.println(RESULT + json(result));
      return;
    }
    if (options.containsKey("--child-broker")) {
      Map<String, Object> result = brokerAggregation(
          StoreKind.parse(options.get("--child-broker")), options);
      System.out.println(RESULT + json(result));
      return;
    }
    if (options.containsKey("--child-memory")) {
      Map<String, Object> result = memory(StoreKind.parse(options.get("--child-memory")), options);
      System.out.println(RESULT + json(result));
      return;
    }
    List<StoreKind> kinds = Arrays.stream(options.get("--kinds").split(","))
        .map(StoreKind::parse).toList();
    Path dir = options.containsKey("--work-dir")
        ? Files.createTempDirectory(
            Files.createDirectories(Path.of(options.get("--work-dir"))), "strata-kafka-bench")
        : Files.createTempDirectory("strata-kafka-bench");
    String classPath = System.getProperty("java.class.path");
    List<String> phases = List.of(options.get("--phases").split(","));
    LocalKafkaBroker broker = null;
    if ((!options.containsKey("--no-restore") && phases.contains("aggregation"))
        || phases.contains("broker")) {
      broker = LocalKafkaBroker.start(dir.resolve("broker"), classPath, Duration.ofMinutes(2));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    try {
      for (StoreKind kind : kinds) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("store", kind.name().toLowerCase(Locale.ROOT));
        if (phases.contains("aggregation")) {
          List<String> childArgs = new ArrayList<>(List.of(args));
          childArgs.addAll(List.of("--child-aggregation", kind.name(), "--dir",
              dir.resolve("agg-" + kind).toString()));
          if (broker != null) {
            childArgs.addAll(List.of("--bootstrap-servers", broker.bootstrapServers()));
          }
          row.putAll(child(classPath, "2g", childArgs));
        }
        if (phases.contains("broker")) {
          List<String> childArgs = new ArrayList<>(List.of(args));
          childArgs.addAll(List.of("--child-broker", kind.name(), "--dir",
              dir.resolve("broker-" + kind).toString(),
              "--bootstrap-servers", broker.bootstrapServers()));
          row.putAll(child(classPath, "2g", childArgs));
        }
        if (phases.contains("memory")) {
          List<String> childArgs = new ArrayList<>(List.of(args));
          childArgs.addAll(List.of("--child-memory", kind.name(), "--dir",
              dir.resolve("memory-" + kind).toString()));
          row.putAll(child(classPath, options.get("--memory-heap"), childArgs));
        }
        rows.add(row);
        System.err.println("done: " + json(row));
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    printTable(rows, options);
    System.out.println(rows.stream().map(StoreBenchmark::json)
        .collect(Collectors.joining(",\n  ", "[\n  ", "\n]")));
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new TreeMap<>(Map.of(
        "--kinds", "strata,rocksdb",
        "--records", "1000000",
        "--keys", "100000",
        "--stores", "60",
        "--store-entries", "50000",
        "--value-bytes", "100",
        "--strata-cache-mib", "64",
        "--strata-write-buffer-mib", "64",
        "--memory-heap", "512m",
        "--phases", "aggregation,memory"));
    options.put("--broker-timeout-s", "1800");
    List<String> valid = List.of("--kinds", "--records", "--keys", "--stores", "--store-entries",
        "--value-bytes", "--no-restore", "--work-dir", "--child-aggregation", "--child-memory",
        "--dir", "--bootstrap-servers", "--strata-cache-mib", "--strata-write-buffer-mib",
        "--memory-heap", "--phases", "--child-broker", "--exactly-once", "--broker-timeout-s");
    for (int i = 0; i < args.length; i++) {
      if (!valid.contains(args[i])) {
        throw new IllegalArgumentException("unknown argument " + args[i] + "; valid: " + valid);
      }
      if (args[i].equals("--no-restore") || args[i].equals("--exactly-once")) {
        options.put(args[i], "true");
      } else if (i + 1 < args.length) {
        options.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
    }
    return options;
  }

  private static Map<String, Object> child(String classPath, String maxHeap, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-cp", classPath, StoreBenchmark.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(RESULT)) {
          result = line.substring(RESULT.length());
        } else {
          System.err.println(line);
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IOException("benchmark step " + args + " failed with exit code " + exit);
    }
    return parseJson(result);
  }

  // ---- windowed aggregation and restore

  private static Topology aggregationTopology(StoreKind kind, String input) {
    StreamsBuilder builder = new StreamsBuilder();
    windowedSum(kind, builder.stream(input, Consumed.with(Serdes.String(), Serdes.Long())));
    return builder.build();
  }

  private static KTable<Windowed<String>, Long> windowedSum(StoreKind kind,
      KStream<String, Long> input) {
    return input
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW))
        .aggregate(() -> 0L, (key, value, sum) -> sum + value,
            Materialized.<String, Long>as(kind.windowStore(AGG_STORE, RETENTION, WINDOW))
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.Long())
                .withCachingDisabled());
  }

  private static Map<String, Object> aggregation(StoreKind kind, Map<String, String> options)
      throws Exception {
    int records = Integer.parseInt(options.get("--records"));
    int keys = Integer.parseInt(options.get("--keys"));
    Path dir = Files.createDirectories(Path.of(options.get("--dir")));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("driver").toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    Map<String, Object> result = new LinkedHashMap<>();
    List<TestRecord<byte[], byte[]>> changelog;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(aggregationTopology(kind, "input"), props)) {
      var input = driver.createInputTopic("input", new StringSerializer(), new LongSerializer());
      Random random = new Random(7);
      long spanMillis = SPAN.toMillis();
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        input.pipeInput(key(random.nextInt(keys)), (long) random.nextInt(1000),
            START.plusMillis(spanMillis * i / records));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      result.put("records", records);
      result.put("keys", keys);
      result.put("aggregation_seconds", round(seconds));
      result.put("records_per_second", Math.round(records / seconds));
      changelog = driver.createOutputTopic("bench-" + AGG_STORE + "-changelog",
          new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }
    result.put("changelog_records", changelog.size());
    String servers = options.get("--bootstrap-servers");
    if (servers != null) {
      result.putAll(restore(kind, servers, changelog, dir.resolve("restore")));
    }
    return result;
  }

  private static Map<String, Object> restore(StoreKind kind, String servers,
      List<TestRecord<byte[], byte[]>> changelog, Path stateDir) throws Exception {
    String applicationId = "bench-restore-" + kind.name().toLowerCase(Locale.ROOT);
    String input = applicationId + "-input";
    String changelogTopic = applicationId + "-" + AGG_STORE + "-changelog";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      admin.createTopics(List.of(new NewTopic(input, 1, (short) 1),
          new NewTopic(changelogTopic, 1, (short) 1).configs(Map.of(
              TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get(1, TimeUnit.MINUTES);
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (TestRecord<byte[], byte[]> record : changelog) {
        producer.send(new ProducerRecord<>(changelogTopic, 0,
            record.timestamp(), record.key(), record.value()));
      }
      producer.flush();
    }

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    AtomicLong restoreStart = new AtomicLong();
    AtomicLong restoreEnd = new AtomicLong();
    AtomicLong restored = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    try (KafkaStreams streams = new KafkaStreams(aggregationTopology(kind, input), props)) {
      streams.setGlobalStateRestoreListener(new StateRestoreListener() {
        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startOffset,
            long endOffset) {
          restoreStart.set(System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset,
            long numRestored) {}

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
          restoreEnd.set(System.nanoTime());
          restored.set(totalRestored);
          done.countDown();
        }
      });
      streams.start();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IOException("the restore did not end within 10 minutes");
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    double seconds = (restoreEnd.get() - restoreStart.get()) / 1e9;
    result.put("restored_records", restored.get());
    result.put("restore_seconds", round(seconds));
    result.put("restore_records_per_second", Math.round(restored.get() / seconds));
    return result;
  }

  // ---- windowed aggregation as a Kafka Streams application against the broker

  /**
   * The aggregation's input records, generated as the {@code aggregation} step pipes them, are
   * written to a topic of the broker first; then a {@link KafkaStreams} application with the same
   * windowed sum, writing every update to an output topic, runs from the input's first offset.
   * Throughput is the input records over the time from the first input record the application
   * processes (wall clock in its stream thread) to the broker's append time of the last output
   * record (the output topic has {@code message.timestamp.type=LogAppendTime}). With the record
   * cache off every input record yields one output record, so the step waits, read_committed,
   * until it has seen as many output records as input records, at most
   * {@code --broker-timeout-s} seconds.
   */
  private static Map<String, Object> brokerAggregation(StoreKind kind, Map<String, String> options)
      throws Exception {
    int records = Integer.parseInt(options.get("--records"));
    int keys = Integer.parseInt(options.get("--keys"));
    boolean exactlyOnce = options.containsKey("--exactly-once");
    String servers = options.get("--bootstrap-servers");
    Path stateDir = Files.createDirectories(Path.of(options.get("--dir")));
    String applicationId = "bench-broker-" + kind.name().toLowerCase(Locale.ROOT);
    String input = applicationId + "-input";
    String output = applicationId + "-output";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      // Time-based retention off: the broker would otherwise delete segments of old records
      // while the step reads them.
      admin.createTopics(List.of(
          new NewTopic(input, 1, (short) 1).configs(Map.of(
              TopicConfig.RETENTION_MS_CONFIG, "-1")),
          new NewTopic(output, 1, (short) 1).configs(Map.of(
              TopicConfig.RETENTION_MS_CONFIG, "-1",
              TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"))))
          .all().get(1, TimeUnit.MINUTES);
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    long produceStart = System.nanoTime();
    try (KafkaProducer<String, Long> producer = new KafkaProducer<>(
        producerProps, new StringSerializer(), new LongSerializer())) {
      Random random = new Random(7);
      long spanMillis = SPAN.toMillis();
      // The same records as the first step's, in the last full hour rather than START's: the
      // changelog's time-based retention (the store's plus a day) then keeps them.
      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(SPAN);
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(input, 0,
            start.plusMillis(spanMillis * i / records).toEpochMilli(),
            key(random.nextInt(keys)), (long) random.nextInt(1000)));
      }
      producer.flush();
    }
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (exactlyOnce) {
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }
    AtomicLong firstProcessed = new AtomicLong();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Long> in = builder.stream(input, Consumed.with(Serdes.String(), Serdes.Long()))
        .peek((k, v) -> {
          if (firstProcessed.get() == 0) {
            firstProcessed.compareAndSet(0, System.currentTimeMillis());
          }
        });
    windowedSum(kind, in).toStream()
        .to(output, Produced.with(
            WindowedSerdes.timeWindowedSerdeFrom(String.class, WINDOW.toMillis()),
            Serdes.Long()));

    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    long outputs = 0;
    long lastAppend = 0;
    long deadline = System.nanoTime()
        + TimeUnit.SECONDS.toNanos(Long.parseLong(options.get("--broker-timeout-s")));
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps,
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(output, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      streams.start();
      while (outputs < records) {
        if (System.nanoTime() > deadline) {
          throw new IOException("only " + outputs + " of " + records + " output records within "
              + options.get("--broker-timeout-s") + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          outputs++;
          lastAppend = Math.max(lastAppend, record.timestamp());
        }
      }
    }
    double seconds = (lastAppend - firstProcessed.get()) / 1e3;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("broker_records", records);
    result.put("broker_guarantee", exactlyOnce ? "exactly_once_v2" : "at_least_once");
    result.put("broker_produce_seconds", round(produceSeconds));
    result.put("broker_output_records", outputs);
    result.put("broker_seconds", round(seconds));
    result.put("broker_records_per_second", Math.round(records / seconds));
    return result;
  }

  // ---- memory of many stores

  private static Map<String, Object> memory(StoreKind kind, Map<String, String> options)
      throws Exception {
    int stores = Integer.parseInt(options.get("--stores"));
    int entries = Integer.parseInt(options.get("--store-entries"));
    int valueBytes = Integer.parseInt(options.get("--value-bytes"));
    Path dir = Files.createDirectories(Path.of(options.get("--dir")));
    long baselineRss = rssKib();
    Map<String, Object> result = new LinkedHashMap<>();
    SharedResources shared = null;
    Properties props = new Properties();
    if (kind == StoreKind.STRATA) {
      long cacheMib = Long.parseLong(options.get("--strata-cache-mib"));
      long writeBufferMib = Long.parseLong(options.get("--strata-write-buffer-mib"));
      shared = Strata.newSharedResources(cacheMib << 20, writeBufferMib << 20, 2);
      SharedBudgetConfigSetter.use(shared);
      props.put(StrataStoreConfig.CONFIG_SETTER, SharedBudgetConfigSetter.class.getName());
      result.put("memory_config", "shared " + cacheMib + " MiB cache + " + writeBufferMib
          + " MiB write buffers + 2 threads");
    } else if (kind == StoreKind.ROCKSDB) {
      result.put("memory_config", "per store 50 MiB cache + 3 x 16 MiB write buffers");
    } else {
      result.put("memory_config", "heap");
    }

    StreamsBuilder builder = new StreamsBuilder();
    String[] names = new String[stores];
    for (int i = 0; i < stores; i++) {
      names[i] = "kv-" + i;
      builder.addStateStore(Stores.keyValueStoreBuilder(
              kind.keyValueStore(names[i]), Serdes.String(), Serdes.ByteArray())
          .withCachingDisabled()
          .withLoggingDisabled());
    }
    builder.stream("commands", Consumed.with(Serdes.String(), Serdes.Integer()))
        .process(() -> new ManyStores(names, valueBytes), names);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-memory");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      var commands = driver.createInputTopic("commands",
          new StringSerializer(), new org.apache.kafka.common.serialization.IntegerSerializer());
      long start = System.nanoTime();
      for (int from = 0; from < entries; from += BATCH_ENTRIES) {
        commands.pipeInput("write", from);
      }
      for (int from = 0; from < entries; from += BATCH_ENTRIES) {
        commands.pipeInput("read", from);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.gc();
      System.gc();
      long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      result.put("stores", stores);
      result.put("entries_per_store", entries);
      result.put("memory_phase_seconds", round(seconds));
      result.put("rss_mib", rssKib() / 1024);
      result.put("rss_growth_mib", (rssKib() - baselineRss) / 1024);
      result.put("rss_anon_mib", status("RssAnon:") / 1024);
      result.put("rss_file_and_shmem_mib", (status("RssFile:") + status("RssShmem:")) / 1024);
      result.put("heap_used_after_gc_mib", heapUsed / (1024 * 1024));
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
    return result;
  }

  /** Writes or reads {@value #BATCH_ENTRIES} entries of every store per command record. */
  private static final class ManyStores implements Processor<String, Integer, Void, Void> {
    private final String[] names;
    private final byte[] value;
    private final List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();

    ManyStores(String[] names, int valueBytes) {
      this.names = names;
      this.value = new byte[valueBytes];
      new Random(3).nextBytes(value);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      for (String name : names) {
        stores.add(context.getStateStore(name));
      }
    }

    @Override
    public void process(Record<String, Integer> record) {
      int from = record.value();
      boolean write = record.key().equals("write");
      for (KeyValueStore<String, byte[]> store : stores) {
        for (int i = from; i < from + BATCH_ENTRIES; i++) {
          if (write) {
            store.put(key(i), value);
          } else if (store.get(key(i)) == null) {
            throw new IllegalStateException("entry " + key(i) + " missing");
          }
        }
      }
    }
  }

  // ---- helpers

  private static String key(int i) {
    return String.format(Locale.ROOT, "key-%07d", i);
  }

  private static long rssKib() throws IOException {
    return status("VmRSS:");
  }

  /** A figure of /proc/self/status, in KiB. */
  private static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no " + field + " in /proc/self/status");
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void printTable(List<Map<String, Object>> rows, Map<String, String> options) {
    System.out.printf(Locale.ROOT, "windowed aggregation: %s records, %s keys, 5-minute tumbling"
        + " windows; memory: %s stores x %s entries of %s bytes%n", options.get("--records"),
        options.get("--keys"), options.get("--stores"), options.get("--store-entries"),
        options.get("--value-bytes"));
    System.out.printf(Locale.ROOT, "%-8s %12s %10s %12s %10s %9s %9s %9s %10s %11s %9s%n",
        "store", "records/s", "agg s", "restore s", "restore/s", "RSS MiB", "RSS +MiB",
        "anon MiB", "heap MiB", "broker r/s", "broker s");
    for (Map<String, Object> row : rows) {
      System.out.printf(Locale.ROOT, "%-8s %12s %10s %12s %10s %9s %9s %9s %10s %11s %9s%n",
          row.get("store"), row.getOrDefault("records_per_second", "-"),
          row.getOrDefault("aggregation_seconds", "-"), row.getOrDefault("restore_seconds", "-"),
          row.getOrDefault("restore_records_per_second", "-"), row.getOrDefault("rss_mib", "-"),
          row.getOrDefault("rss_growth_mib", "-"), row.getOrDefault("rss_anon_mib", "-"),
          row.getOrDefault("heap_used_after_gc_mib", "-"),
          row.getOrDefault("broker_records_per_second", "-"),
          row.getOrDefault("broker_seconds", "-"));
    }
  }

  private static String json(Map<String, Object> map) {
    return map.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof String
            ? "\"" + e.getValue() + "\"" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Parses the flat JSON objects {@link #json} writes (string and number values only). */
  private static Map<String, Object> parseJson(String text) {
    Map<String, Object> map = new LinkedHashMap<>();
    String body = text.substring(1, text.length() - 1).trim();
    if (body.isEmpty()) {
      return map;
    }
    for (String pair : body.split(", ")) {
      int colon = pair.indexOf("\": ");
      String key = pair.substring(1, colon);
      String value = pair.substring(colon + 3);
      map.put(key, value.startsWith("\"") ? value.substring(1, value.length() - 1)
          : value.contains(".") ? (Object) Double.parseDouble(value) : Long.parseLong(value));
    }
    return map;
  }
}
