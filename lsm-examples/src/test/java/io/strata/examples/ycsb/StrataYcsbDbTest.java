package io.strata.examples.ycsb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

class StrataYcsbDbTest {
  @TempDir Path dir;

  private StrataYcsbDb open(Properties extra) throws DBException {
    Properties p = new Properties();
    p.setProperty(StrataYcsbDb.DIR, dir.toString());
    p.putAll(extra);
    StrataYcsbDb db = new StrataYcsbDb();
    db.setProperties(p);
    db.init();
    return db;
  }

  private static Map<String, ByteIterator> fields(String... nameValues) {
    Map<String, ByteIterator> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put(nameValues[i], new StringByteIterator(nameValues[i + 1]));
    }
    return m;
  }

  private static Map<String, String> strings(Map<String, ByteIterator> m) {
    Map<String, String> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new String(v.toArray(), UTF_8)));
    return out;
  }

  @Test
  void readsUpdatesScansAndDeletesRecords() throws Exception {
    StrataYcsbDb db = open(new Properties());
    try {
      assertThat(db.insert("t", "k1", fields("a", "1", "b", "22"))).isEqualTo(Status.OK);
      assertThat(db.insert("t", "k2", fields("a", "x"))).isEqualTo(Status.OK);
      assertThat(db.insert("u", "k0", fields("a", "other table"))).isEqualTo(Status.OK);

      Map<String, ByteIterator> out = new HashMap<>();
      assertThat(db.read("t", "k1", null, out)).isEqualTo(Status.OK);
      assertThat(strings(out)).isEqualTo(Map.of("a", "1", "b", "22"));
      out.clear();
      assertThat(db.read("t", "k1", Set.of("b"), out)).isEqualTo(Status.OK);
      assertThat(strings(out)).isEqualTo(Map.of("b", "22"));
      assertThat(db.read("t", "nope", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);

      assertThat(db.update("t", "k1", fields("b", "new", "c", "3"))).isEqualTo(Status.OK);
      out.clear();
      db.read("t", "k1", null, out);
      assertThat(strings(out)).isEqualTo(Map.of("a", "1", "b", "new", "c", "3"));
      assertThat(db.update("t", "nope", fields("a", "1"))).isEqualTo(Status.NOT_FOUND);

      Vector<HashMap<String, ByteIterator>> rows = new Vector<>();
      assertThat(db.scan("t", "k", 10, Set.of("a"), rows)).isEqualTo(Status.OK);
      assertThat(rows).hasSize(2); // stops at the end of table t
      assertThat(strings(rows.get(0))).isEqualTo(Map.of("a", "1"));
      assertThat(strings(rows.get(1))).isEqualTo(Map.of("a", "x"));
      rows.clear();
      db.scan("t", "k1", 1, null, rows);
      assertThat(rows).hasSize(1);

      assertThat(db.delete("t", "k1")).isEqualTo(Status.OK);
      assertThat(db.read("t", "k1", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);
    } finally {
      db.cleanup();
    }
  }

  @Test
  void theRecordEncodingIsRocksDbs() {
    byte[] record = StrataYcsbDb.encode(fields("ab", "xyz"));
    assertThat(record).containsExactly(0, 0, 0, 2, 'a', 'b', 0, 0, 0, 3, 'x', 'y', 'z');
    assertThat(StrataYcsbDb.key("usertable", "user1"))
        .isEqualTo("usertable\0user1".getBytes(UTF_8));
    assertThatThrownBy(() -> StrataYcsbDb.decode(new byte[] {0, 0, 0, 9, 'a'}, null,
        new HashMap<>())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field length 9 at byte 0 runs past the record's end");
  }

  @Test
  void clientThreadsShareOneDatabaseClosedByTheLastCleanup() throws Exception {
    StrataYcsbDb first = open(new Properties());
    StrataYcsbDb second = open(new Properties());
    assertThat(StrataYcsbDb.sharedForTesting()).isNotNull();
    first.insert("t", "k", fields("a", "1"));
    first.cleanup();
    assertThat(second.read("t", "k", null, new HashMap<>())).isEqualTo(Status.OK);
    Properties elsewhere = new Properties();
    elsewhere.setProperty(StrataYcsbDb.DIR, dir.resolve("other").toString());
    StrataYcsbDb third = new StrataYcsbDb();
    third.setProperties(elsewhere);
    assertThatThrownBy(third::init).isInstanceOf(DBException.class)
        .hasMessageContaining("a Strata database is already open in");
    second.cleanup();
    assertThat(StrataYcsbDb.sharedForTesting()).isNull();
    StrataYcsbDb reopened = open(new Properties());
    assertThat(reopened.read("t", "k", null, new HashMap<>())).isEqualTo(Status.OK);
    reopened.cleanup();
  }

  @Test
  void levelDbDefaultsPropertyStartsFromLevelDbsOptions() throws Exception {
    Properties p = new Properties();
    p.setProperty(StrataYcsbDb.LEVELDB_DEFAULTS, "true");
    p.setProperty(StrataYcsbDb.COMPACTION_OPTION_PREFIX + "l0_compaction_trigger", "6");
    Options o = StrataYcsbDb.options(p);
    assertThat(o.writeBufferSizeBytes()).isEqualTo(4L << 20);
    assertThat(o.memTable()).isEqualTo("skiplist");
    assertThat(o.compactionStrategy()).contains("leveled");
    assertThat(o.strategyOptions()).containsEntry("l0_compaction_trigger", "6")
        .containsEntry("max_bytes_for_level_base", "10485760");

    p.setProperty(StrataYcsbDb.COMPACTION_STRATEGY, "tiered");
    p.remove(StrataYcsbDb.COMPACTION_OPTION_PREFIX + "l0_compaction_trigger");
    o = StrataYcsbDb.options(p);
    assertThat(o.compactionStrategy()).contains("tiered");
    assertThat(o.strategyOptions()).isEmpty();
    assertThat(StrataYcsbDb.options(new Properties()).writeBufferSizeBytes())
        .isEqualTo(Options.defaults().writeBufferSizeBytes());
  }

  @Test
  void propertiesBecomeOptions() throws Exception {
    Properties p = new Properties();
    p.setProperty(StrataYcsbDb.COMPACTION_STRATEGY, "tiered");
    p.setProperty(StrataYcsbDb.COMPACTION_OPTION_PREFIX + "min_threshold", "6");
    p.setProperty(StrataYcsbDb.WRITE_BUFFER_SIZE, "1048576");
    p.setProperty(StrataYcsbDb.BLOCK_CACHE_SIZE, "2097152");
    p.setProperty(StrataYcsbDb.BLOOM_BITS_PER_KEY, "0");
    p.setProperty(StrataYcsbDb.COMPRESSION, "NONE");
    p.setProperty(StrataYcsbDb.MEMTABLE, " arena ");
    Options o = StrataYcsbDb.options(p);
    assertThat(o.memTable()).isEqualTo("arena");
    assertThat(o.compactionStrategy()).contains("tiered");
    assertThat(o.strategyOptions()).isEqualTo(Map.of("min_threshold", "6"));
    assertThat(o.writeBufferSizeBytes()).isEqualTo(1 << 20);
    assertThat(o.blockCacheSizeBytes()).isEqualTo(2 << 20);
    assertThat(o.bloomBitsPerKey()).isZero();
    assertThat(o.compression()).isEqualTo(CompressionType.NONE);

    Properties bad = new Properties();
    bad.setProperty(StrataYcsbDb.WRITE_BUFFER_SIZE, "4MB");
    assertThatThrownBy(() -> StrataYcsbDb.options(bad)).isInstanceOf(DBException.class)
        .hasMessage("bad Strata property: strata.write_buffer_size=4MB: not an integer");
    bad.setProperty(StrataYcsbDb.WRITE_BUFFER_SIZE, "1");
    assertThatThrownBy(() -> StrataYcsbDb.options(bad)).isInstanceOf(DBException.class)
        .hasMessageContaining("writeBufferSizeBytes");
    Properties compression = new Properties();
    compression.setProperty(StrataYcsbDb.COMPRESSION, "lz4");
    assertThatThrownBy(() -> StrataYcsbDb.options(compression))
        .hasMessage("bad Strata property: strata.compression=lz4: expected none, snappy or zstd");
    compression.setProperty(StrataYcsbDb.COMPRESSION, "ZSTD");
    assertThat(StrataYcsbDb.options(compression).compression())
        .isEqualTo(io.strata.api.CompressionType.ZSTD);

    StrataYcsbDb noDir = new StrataYcsbDb();
    noDir.setProperties(new Properties());
    assertThatThrownBy(noDir::init).isInstanceOf(DBException.class)
        .hasMessage("property strata.dir is required: the Strata database directory");
  }
}
