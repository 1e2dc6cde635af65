package io.strata.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompressionType;
import io.strata.api.DbIterator;
import io.strata.api.LevelStatistics;
import io.strata.api.Options;
import io.strata.api.Statistics;
import io.strata.core.Strata;
import io.strata.examples.experiment.engine.EngineAdapter;
import io.strata.examples.experiment.engine.EngineAdapters;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.experiment.engine.StrataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each engine of the peer runner, Strata's own included, on a tiny workload: it opens, writes,
 * reads, iterates, deletes, settles and reports its tables' space and bytes written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class PeerAdaptersTest {
  /** Small enough to be quick, large enough for several flushes of a 64 KiB memtable. */
  private static final int KEYS = 10_000;
  private static final int VALUE_BYTES = 100;

  @TempDir Path dir;

  private static EngineSettings settings() {
    return EngineSettings.of(Options.builder().writeBufferSizeBytes(64 << 10)
        .blockCacheSizeBytes(1 << 20).compression(CompressionType.NONE).build(), false);
  }

  private EngineStore open(String engine) throws IOException {
    if (engine.equals("strata")) {
      Options o = Options.builder().writeBufferSizeBytes(64 << 10).blockCacheSizeBytes(1 << 20)
          .compression(CompressionType.NONE).build();
      return StrataStore.of(Strata.open(dir.resolve(engine), o));
    }
    return EngineAdapters.load(getClass().getClassLoader()).get(engine)
        .open(dir.resolve(engine), settings());
  }

  private static byte[] key(int i) {
    return String.format("%016d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] value(int i) {
    byte[] v = new byte[VALUE_BYTES];
    for (int j = 0; j < v.length; j++) {
      v[j] = (byte) ('a' + (i * 31 + j) % 26);
    }
    return v;
  }

  @Test
  void serviceLoaderFindsBothPeers() {
    EngineAdapters adapters = EngineAdapters.load(getClass().getClassLoader());
    assertThat(adapters.names()).contains("rocksdb", "iq80");
    assertThat(adapters.get("rocksdb")).isInstanceOf(RocksDbAdapter.class);
    assertThat(adapters.get("iq80").compactionStyle()).isEqualTo("leveled");
    assertThatThrownBy(() -> adapters.get("nosuch"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown engine 'nosuch'").hasMessageContaining("iq80, rocksdb");
  }

  /** {@code shape=own}: RocksDB on its shipped defaults but for the memory options. */
  @Test
  void rocksDbTakesLevelDbsShapeOrItsOwn() throws IOException {
    Options memory = Options.builder().writeBufferSizeBytes(64 << 10)
        .blockCacheSizeBytes(1 << 20).compression(CompressionType.NONE).build();
    EngineAdapter rocksdb = EngineAdapters.load(getClass().getClassLoader()).get("rocksdb");
    try (EngineStore leveldbShape = rocksdb.open(dir.resolve("a"),
        EngineSettings.of(memory, false))) {
      assertThat(leveldbShape.options())
          .containsEntry("write_buffer_size", "65536")
          .containsEntry("target_file_size_base", "2097152")
          .containsEntry("max_bytes_for_level_base", "10485760")
          .containsEntry("level0_slowdown_writes_trigger", "8")
          .containsEntry("level_compaction_dynamic_level_bytes", "false")
          .containsEntry("compaction_pri", "MinOverlappingRatio");
    }
    try (EngineStore own = rocksdb.open(dir.resolve("b"), EngineSettings.of(memory, true))) {
      assertThat(own.options())
          .containsEntry("write_buffer_size", "65536")
          .containsEntry("block_cache_size", "1048576")
          .containsEntry("target_file_size_base", Long.toString(64L << 20))
          .containsEntry("max_bytes_for_level_base", Long.toString(256L << 20))
          .containsEntry("level0_slowdown_writes_trigger", "20")
          .containsEntry("level0_stop_writes_trigger", "36")
          .containsEntry("level_compaction_dynamic_level_bytes", "true");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"strata", "rocksdb", "iq80"})
  void opensWritesReadsSettlesAndMeasures(String engine) throws IOException {
    try (EngineStore store = open(engine)) {
      // Every key twice, in a scattered order: flushes and compactions both happen.
      for (int round = 0; round < 2; round++) {
        for (int n = 0; n < KEYS; n++) {
          int i = (int) ((n * 7919L) % KEYS);
          store.put(key(i), value(i + round));
        }
      }
      for (int i = 0; i < KEYS; i += 2) {
        store.delete(key(i));
      }
      assertThat(store.get(key(1))).isEqualTo(value(2));
      assertThat(store.get(key(2))).isNull();
      assertThat(store.get("absent".getBytes(StandardCharsets.US_ASCII))).isNull();

      store.settle();

      try (DbIterator it = store.newIterator()) {
        it.seek(key(100));
        assertThat(it.isValid()).isTrue();
        assertThat(it.key()).isEqualTo(key(101));
        it.next();
        assertThat(it.key()).isEqualTo(key(103));
        int count = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          count++;
        }
        assertThat(count).isEqualTo(KEYS / 2);
        if (store.iteratesBackwards()) {
          it.seekToLast();
          assertThat(it.key()).isEqualTo(key(KEYS - 1));
          it.prev();
          assertThat(it.key()).isEqualTo(key(KEYS - 3));
        } else {
          assertThatThrownBy(it::seekToLast).isInstanceOf(UnsupportedOperationException.class)
              .hasMessageContaining("iq80");
        }
      }

      Statistics s = store.statistics();
      long user = 2L * KEYS * (16 + VALUE_BYTES) + (KEYS / 2) * 16L;
      assertThat(s.userBytesWritten()).isEqualTo(user);
      long tables = s.levels().stream().mapToLong(LevelStatistics::bytes).sum();
      // Settled: every live key is in a table; about half the keys' bytes (the other half were
      // deleted), and at most what was written.
      assertThat(tables).isGreaterThan(KEYS / 2 * (16L + VALUE_BYTES) / 2);
      assertThat(s.tableBytesWritten()).isGreaterThanOrEqualTo(tables);
      assertThat(s.logBytesWritten()).isGreaterThanOrEqualTo(user);
      if (!engine.equals("strata")) {
        assertThat(store.options()).containsKey("engine");
      }
    }
  }
}
