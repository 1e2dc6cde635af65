package io.strata.core.ttl;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.Statistics;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.spi.ValueType;
import io.strata.core.write.WriteBatchCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A database whose values expire (rocksdb utilities/ttl/db_ttl_impl.cc, {@code DBWithTTLImpl}):
 * a thin layer over the engine that stores each value with its write time ({@link TtlValues})
 * and hides it once expired. {@code Strata.open} returns one when {@code Options.ttl()} is set.
 *
 * <ul>
 *   <li>Writes: every put's value and merge operand gets the clock's time appended; a {@link WriteBatch} is
 *       rewritten so, record by record, before it is handed down. Deletes and range deletions
 *       pass unchanged.
 *   <li>Reads: {@code get} strips the write time and answers null for an expired value;
 *       iterators skip expired entries in both directions and strip the rest. Expiry is judged
 *       at the time of the call, whatever snapshot the read uses.
 *   <li>Compactions drop expired values through the engine's compaction filter
 *       ({@link TtlCompactionFilterFactory}), wired at open; this class is not involved.
 * </ul>
 *
 * Thread-safe, as the engine it wraps. A value too short to hold a write time (written by the
 * engine directly, not through this layer) fails reads with a {@code CorruptionException}.
 */
public final class TtlDb implements Db {
  private final Db base;
  private final TtlValues ttl;
  private final String name;

  /**
   * Wraps {@code base}, an open engine of a database written with a TTL.
   *
   * @param base the engine, which this object closes
   * @param ttl the TTL and clock of this open
   * @param name the database's directory, for messages
   * @throws NullPointerException if an argument is null
   */
  public TtlDb(Db base, TtlValues ttl, String name) {
    this.base = checkNotNull(base, "base");
    this.ttl = checkNotNull(ttl, "ttl");
    this.name = checkNotNull(name, "name");
  }

  /**
   * The engine under this layer (rocksdb {@code DBWithTTL::GetBaseDB}): its values carry their
   * write times, and what is written through it directly carries none.
   *
   * @return the wrapped database
   */
  public Db baseDb() {
    return base;
  }

  /** {@return the time to live of this open} */
  public Duration ttl() {
    return Duration.ofSeconds(ttl.ttlSeconds());
  }

  @Override
  public void put(WriteOptions options, byte[] key, byte[] value) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(key, "key");
    checkNotNull(value, "value");
    base.put(options, key, TtlValues.append(value, ttl.nowSeconds()));
  }

  @Override
  public void delete(WriteOptions options, byte[] key) throws IOException {
    base.delete(options, key);
  }

  @Override
  public void write(WriteOptions options, WriteBatch batch) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(batch, "batch");
    base.write(options, withWriteTimes(batch, ttl.nowSeconds()));
  }

  /** A copy of {@code batch} whose every put carries {@code nowSeconds} after its value. */
  static WriteBatch withWriteTimes(WriteBatch batch, long nowSeconds) throws IOException {
    ByteBuffer encoded = batch.encoded();
    byte[] rep = new byte[encoded.remaining()];
    encoded.get(rep);
    WriteBatch out = new WriteBatch();
    WriteBatchCodec.iterate(rep, rep.length, (sequence, type, key, value) -> {
      if (type == ValueType.VALUE) {
        out.put(key, TtlValues.append(value, nowSeconds));
      } else if (type == ValueType.DELETION) {
        out.delete(key);
      } else if (type == ValueType.MERGE) {
        out.merge(key, TtlValues.append(value, nowSeconds));
      } else if (type == ValueType.RANGE_DELETION) {
        out.deleteRange(key, value);
      } else {
        throw new IllegalArgumentException("a write batch record of type " + type
            + " has no meaning under a TTL");
      }
    }, "write batch", 0);
    return out;
  }

  @Override
  public byte[] get(ReadOptions options, byte[] key) throws IOException {
    byte[] stored = base.get(options, key);
    if (stored == null) {
      return null;
    }
    String what = describe(key);
    if (ttl.isExpired(TtlValues.writeTime(stored, what), ttl.nowSeconds())) {
      return null;
    }
    return TtlValues.strip(stored, what);
  }

  @Override
  public List<byte[]> multiGet(ReadOptions options, List<byte[]> keys) throws IOException {
    List<byte[]> stored = base.multiGet(options, keys);
    long now = ttl.nowSeconds();
    List<byte[]> values = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      byte[] v = stored.get(i);
      String what = describe(keys.get(i));
      values.add(v == null || ttl.isExpired(TtlValues.writeTime(v, what), now) ? null
          : TtlValues.strip(v, what));
    }
    return values;
  }

  @Override
  public long getLatestSequenceNumber() {
    return base.getLatestSequenceNumber();
  }

  /**
   * {@inheritDoc} The copy records the TTL too, and opens only with one, as this database.
   */
  @Override
  public void checkpoint(Path dir) throws IOException {
    base.checkpoint(dir);
  }

  @Override
  public DbIterator newIterator(ReadOptions options) {
    return new TtlIterator(base.newIterator(options), ttl, this::describe);
  }

  /** Names the value of {@code key} in a {@code CorruptionException}. */
  private String describe(byte[] key) {
    return name + " (value of key 0x" + HexFormat.of().formatHex(key, 0,
        Math.min(key.length, 32)) + (key.length > 32 ? "..." : "") + ")";
  }

  @Override
  public int deleteFilesInRange(byte[] begin, byte[] end) throws IOException {
    return base.deleteFilesInRange(begin, end);
  }

  @Override
  public Snapshot getSnapshot() {
    return base.getSnapshot();
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    base.compactRange(begin, end);
  }

  @Override
  public Optional<String> getProperty(String property) {
    return base.getProperty(property);
  }

  @Override
  public Statistics statistics() {
    return base.statistics();
  }

  @Override
  public void flush() throws IOException {
    base.flush();
  }

  @Override
  public void waitForCompactions() throws IOException {
    base.waitForCompactions();
  }

  @Override
  public boolean waitForCompactions(Duration timeout) throws IOException {
    return base.waitForCompactions(timeout);
  }

  @Override
  public long[] getApproximateSizes(List<Range> ranges) throws IOException {
    return base.getApproximateSizes(ranges);
  }

  @Override
  public void close() throws IOException {
    base.close();
  }
}
