package io.strata.examples.ycsb;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.annotations.VisibleForTesting;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * A YCSB database binding for Strata, so that YCSB's own client runs its workloads against a
 * Strata database, as it runs them against RocksDB with {@code site.ycsb.db.rocksdb.RocksDBClient}
 * (whose record encoding and shared-database lifetime this binding follows).
 *
 * <p>Usage. Build the fat jar ({@code mvn -pl lsm-examples -am package}), then load and run
 * workload A with YCSB's client, which the jar holds:
 *
 * <pre>
 * java -cp lsm-examples/target/strata.jar site.ycsb.Client -load \
 *     -db io.strata.examples.ycsb.StrataYcsbDb -P workloads/workloada \
 *     -p strata.dir=/tmp/ycsb-strata -s
 * java -cp lsm-examples/target/strata.jar site.ycsb.Client -t \
 *     -db io.strata.examples.ycsb.StrataYcsbDb -P workloads/workloada \
 *     -p strata.dir=/tmp/ycsb-strata -p strata.compaction.strategy=tiered -threads 4 -s
 * </pre>
 *
 * ({@code workloads/workloada} is the file of that name in a YCSB 0.17.0 checkout or release.)
 * Properties, given with {@code -p} or in a {@code -P} file:
 *
 * <table>
 *   <caption>Binding properties</caption>
 *   <tr><th>property</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code strata.dir}</td><td>the database directory, created if missing</td>
 *       <td>required</td></tr>
 *   <tr><td>{@code strata.leveldb_defaults}</td><td>{@code true}: start from {@code
 *       Options.levelDbDefaults()} (4 MiB write buffer, {@code skiplist}, 8 MiB cache, {@code
 *       leveled} with LevelDB's shape; another strategy named starts from its own options); the
 *       other properties override</td><td>{@code false}: {@code Options.defaults()}</td></tr>
 *   <tr><td>{@code strata.compaction.strategy}</td><td>the compaction strategy's plugin name,
 *       e.g. {@code leveled}, {@code tiered}, {@code time-window}</td>
 *       <td>the database's own ({@code leveled} when new)</td></tr>
 *   <tr><td>{@code strata.compaction.option.NAME}</td><td>one option of the strategy</td>
 *       <td>the strategy's</td></tr>
 *   <tr><td>{@code strata.memtable}</td><td>the memtable's plugin name: {@code skiplist},
 *       {@code arena} or {@code arena-offheap}</td><td>{@code arena}</td></tr>
 *   <tr><td>{@code strata.write_buffer_size}</td><td>memtable size, bytes</td>
 *       <td>33554432 (32 MiB)</td></tr>
 *   <tr><td>{@code strata.block_cache_size}</td><td>block cache size, bytes</td>
 *       <td>33554432 (32 MiB)</td></tr>
 *   <tr><td>{@code strata.bloom_bits_per_key}</td><td>Bloom filter bits per key; 0 for none</td>
 *       <td>10</td></tr>
 *   <tr><td>{@code strata.compression}</td><td>{@code none}, {@code snappy} or {@code zstd}</td>
 *       <td>{@code snappy}</td></tr>
 * </table>
 *
 * <p>Data model. Strata has one key space, so a record's key is its table's name, a zero byte
 * and its key, in UTF-8: a scan stays within its table. Its value is its fields, each encoded
 * as RocksDB's binding encodes them:
 *
 * <pre>
 *   field         encoding                       width
 *   name length   big-endian int                 4
 *   name          UTF-8                          name length
 *   value length  big-endian int                 4
 *   value         bytes                          value length
 * </pre>
 *
 * An update reads the record, replaces the fields it is given and writes the record back
 * (NOT_FOUND when there is no record); an insert writes the record whole.
 *
 * <p>Lifetime and threads. YCSB makes one instance per client thread and calls {@link #init} and
 * {@link #cleanup} on each. All instances in a JVM share one open database, counted by {@link
 * #init} and closed by the last {@link #cleanup}: the one piece of static mutable state in
 * Strata's code, forced by YCSB's binding model and guarded by the class's lock. Each instance is
 * confined to its client thread; the shared {@link Db} is thread-safe.
 */
public class StrataYcsbDb extends DB {
  /** The database directory property, required. */
  public static final String DIR = "strata.dir";
  /** The property that starts from LevelDB's defaults when {@code true}. */
  public static final String LEVELDB_DEFAULTS = "strata.leveldb_defaults";
  /** The compaction strategy property. */
  public static final String COMPACTION_STRATEGY = "strata.compaction.strategy";
  /** The prefix of the strategy option properties. */
  public static final String COMPACTION_OPTION_PREFIX = "strata.compaction.option.";
  /** The memtable plugin property. */
  public static final String MEMTABLE = "strata.memtable";
  /** The memtable size property, bytes. */
  public static final String WRITE_BUFFER_SIZE = "strata.write_buffer_size";
  /** The block cache size property, bytes. */
  public static final String BLOCK_CACHE_SIZE = "strata.block_cache_size";
  /** The Bloom filter bits per key property. */
  public static final String BLOOM_BITS_PER_KEY = "strata.bloom_bits_per_key";
  /** The block compression property: {@code none}, {@code snappy} or {@code zstd}. */
  public static final String COMPRESSION = "strata.compression";

  private static final Logger LOG = LoggerFactory.getLogger(StrataYcsbDb.class);

  @GuardedBy("StrataYcsbDb.class")
  private static Db shared;

  @GuardedBy("StrataYcsbDb.class")
  private static Path sharedDir;

  @GuardedBy("StrataYcsbDb.class")
  private static int references;

  /** This instance's handle on the shared database, set by {@link #init}. */
  private Db db;

  /**
   * Opens the shared database, or counts one more user of it.
   *
   * @throws DBException if {@code strata.dir} is missing, a property is bad, the database is
   *     already open on another directory in this JVM, or the database does not open
   */
  @Override
  public void init() throws DBException {
    Properties p = getProperties();
    String dir = p.getProperty(DIR);
    if (dir == null || dir.isBlank()) {
      throw new DBException("property " + DIR + " is required: the Strata database directory");
    }
    Path path = Path.of(dir.trim()).toAbsolutePath().normalize();
    synchronized (StrataYcsbDb.class) {
      if (shared == null) {
        Options options = options(p);
        try {
          shared = Strata.open(path, options);
        } catch (IOException | RuntimeException e) {
          throw new DBException("cannot open the Strata database in " + path + ": " + e, e);
        }
        sharedDir = path;
        LOG.info("opened Strata database {} with {}", path, options);
      } else if (!sharedDir.equals(path)) {
        throw new DBException("a Strata database is already open in " + sharedDir
            + " in this JVM; " + DIR + " names " + path);
      }
      references++;
      db = shared;
    }
  }

  /**
   * Releases this instance's use of the shared database, closing it when it was the last.
   *
   * @throws DBException if closing the database failed; it counts as closed all the same
   */
  @Override
  public void cleanup() throws DBException {
    if (db == null) {
      return;
    }
    db = null;
    synchronized (StrataYcsbDb.class) {
      references--;
      if (references == 0) {
        Db closing = shared;
        shared = null;
        sharedDir = null;
        try {
          closing.close();
        } catch (IOException e) {
          throw new DBException("closing the Strata database: " + e, e);
        }
      }
    }
  }

  /** The shared database, or null when none is open. */
  @VisibleForTesting
  static Db sharedForTesting() {
    synchronized (StrataYcsbDb.class) {
      return shared;
    }
  }

  /**
   * The options the properties give.
   *
   * @throws DBException naming the property and its value when one is bad
   */
  @VisibleForTesting
  static Options options(Properties p) throws DBException {
    Options.Builder b = Options.builder();
    try {
      boolean levelDb = Boolean.parseBoolean(p.getProperty(LEVELDB_DEFAULTS, "false").trim());
      if (levelDb) {
        b.levelDbDefaults();
      }
      String strategy = p.getProperty(COMPACTION_STRATEGY);
      if (strategy != null) {
        if (levelDb && !strategy.trim().equals(Options.DEFAULT_COMPACTION_STRATEGY)) {
          b.strategyOptions(Map.of());
        }
        b.compactionStrategy(strategy.trim());
      }
      for (String name : p.stringPropertyNames()) {
        if (name.startsWith(COMPACTION_OPTION_PREFIX)
            && name.length() > COMPACTION_OPTION_PREFIX.length()) {
          b.strategyOption(name.substring(COMPACTION_OPTION_PREFIX.length()),
              p.getProperty(name).trim());
        }
      }
      String v = p.getProperty(MEMTABLE);
      if (v != null) {
        b.memTable(v.trim());
      }
      v = p.getProperty(WRITE_BUFFER_SIZE);
      if (v != null) {
        b.writeBufferSizeBytes(parseLong(WRITE_BUFFER_SIZE, v));
      }
      v = p.getProperty(BLOCK_CACHE_SIZE);
      if (v != null) {
        b.blockCacheSizeBytes(parseLong(BLOCK_CACHE_SIZE, v));
      }
      v = p.getProperty(BLOOM_BITS_PER_KEY);
      if (v != null) {
        b.bloomBitsPerKey(Math.toIntExact(parseLong(BLOOM_BITS_PER_KEY, v)));
      }
      v = p.getProperty(COMPRESSION);
      if (v != null) {
        b.compression(switch (v.trim().toLowerCase(Locale.ROOT)) {
          case "none" -> CompressionType.NONE;
          case "snappy" -> CompressionType.SNAPPY;
          case "zstd" -> CompressionType.ZSTD;
          default -> throw new IllegalArgumentException(
              COMPRESSION + "=" + v + ": expected none, snappy or zstd");
        });
      }
      return b.build();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new DBException("bad Strata property: " + e.getMessage(), e);
    }
  }

  private static long parseLong(String property, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + "=" + value + ": not an integer", e);
    }
  }

  @Override
  public Status read(String table, String key, Set<String> fields,
      Map<String, ByteIterator> result) {
    try {
      byte[] value = db.get(key(table, key));
      if (value == null) {
        return Status.NOT_FOUND;
      }
      decode(value, fields, result);
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      LOG.error("read {} {}", table, key, e); // YCSB counts the ERROR status
      return Status.ERROR;
    }
  }

  @Override
  public Status scan(String table, String startkey, int recordcount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    byte[] prefix = tablePrefix(table);
    try (DbIterator it = db.newIterator()) {
      int n = 0;
      for (it.seek(key(table, startkey)); it.isValid() && n < recordcount; it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length
            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break; // past the table
        }
        HashMap<String, ByteIterator> values = new HashMap<>();
        decode(it.value(), fields, values);
        result.add(values);
        n++;
      }
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      LOG.error("scan {} from {}", table, startkey, e); // YCSB counts the ERROR status
      return Status.ERROR;
    }
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    try {
      byte[] k = key(table, key);
      byte[] current = db.get(k);
      if (current == null) {
        return Status.NOT_FOUND;
      }
      Map<String, ByteIterator> record = new HashMap<>();
      decode(current, null, record);
      record.putAll(values);
      db.put(k, encode(record));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      LOG.error("update {} {}", table, key, e); // YCSB counts the ERROR status
      return Status.ERROR;
    }
  }

  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    try {
      db.put(key(table, key), encode(values));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      LOG.error("insert {} {}", table, key, e); // YCSB counts the ERROR status
      return Status.ERROR;
    }
  }

  @Override
  public Status delete(String table, String key) {
    try {
      db.delete(key(table, key));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      LOG.error("delete {} {}", table, key, e); // YCSB counts the ERROR status
      return Status.ERROR;
    }
  }

  /** The table's name and a zero byte, UTF-8: the start of every key of the table. */
  private static byte[] tablePrefix(String table) {
    byte[] name = table.getBytes(UTF_8);
    return Arrays.copyOf(name, name.length + 1);
  }

  /** A record's key: its table's prefix, then its key in UTF-8. */
  @VisibleForTesting
  static byte[] key(String table, String key) {
    byte[] prefix = tablePrefix(table);
    byte[] k = key.getBytes(UTF_8);
    byte[] out = Arrays.copyOf(prefix, prefix.length + k.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  /** Fields in the class comment's encoding. */
  @VisibleForTesting
  static byte[] encode(Map<String, ByteIterator> values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer length = ByteBuffer.allocate(4);
    for (Map.Entry<String, ByteIterator> e : values.entrySet()) {
      byte[] name = e.getKey().getBytes(UTF_8);
      byte[] value = e.getValue().toArray();
      out.write(length.putInt(0, name.length).array(), 0, 4);
      out.write(name, 0, name.length);
      out.write(length.putInt(0, value.length).array(), 0, 4);
      out.write(value, 0, value.length);
    }
    return out.toByteArray();
  }

  /**
   * Decodes {@code record} into {@code result}: every field, or those in {@code fields} when it
   * is not null.
   *
   * @throws IllegalArgumentException if {@code record} is not in the class comment's encoding
   */
  @VisibleForTesting
  static void decode(byte[] record, Set<String> fields, Map<String, ByteIterator> result) {
    ByteBuffer in = ByteBuffer.wrap(record);
    while (in.hasRemaining()) {
      int nameLength = length(in);
      String name = new String(record, in.position(), nameLength, UTF_8);
      in.position(in.position() + nameLength);
      int valueLength = length(in);
      if (fields == null || fields.contains(name)) {
        result.put(name, new ByteArrayByteIterator(record, in.position(), valueLength));
      }
      in.position(in.position() + valueLength);
    }
  }

  /** Reads a length and checks that that many bytes follow it. */
  private static int length(ByteBuffer in) {
    if (in.remaining() < 4) {
      throw new IllegalArgumentException("record truncated at byte " + in.position());
    }
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("field length " + n + " at byte " + (in.position() - 4)
          + " runs past the record's end");
    }
    return n;
  }
}
