package io.strata.kafka.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key layout of a Strata store's database: user keys and the store's own metadata share one
 * database, told apart by a leading byte. Stateless.
 *
 * <pre>
 * database key                                     value
 * 0x01 user key                                    user value, as Kafka Streams gives it
 * 0x00 0x01 topic (UTF-8) 0x00 partition (int32)   changelog offset (int64, big-endian)
 * 0x00 0x02                                        the store's Position (Kafka's PositionSerde)
 * 0x00 0x03                                        the store's value format (1 byte, see
 *                                                  {@link #FORMAT_PLAIN})
 * </pre>
 *
 * <p>User keys are arbitrary bytes, so no single byte value can be kept from them; prefixing every
 * user key with {@code 0x01} and every metadata key with {@code 0x00} puts the two key spaces in
 * disjoint ranges ({@code [0x01, 0x02)} holds exactly the user keys, in their own unsigned
 * lexicographic order), so a scan bounded to that range never meets metadata, and a metadata
 * entry can be written in the same atomic batch as user data. A topic name never holds
 * {@code 0x00} (Kafka allows {@code [a-zA-Z0-9._-]}), so the offset key is unambiguous.
 */
final class StoreKeys {
  static final byte META = 0x00;
  static final byte USER = 0x01;

  /** The key of the store's Position. */
  static final byte[] POSITION_KEY = {META, 0x02};

  /** The key of the store's value format. */
  static final byte[] FORMAT_KEY = {META, 0x03};

  /** Value format code: values are stored as given (a plain key-value store). */
  static final byte FORMAT_PLAIN = 1;

  /** Value format code: values carry an 8-byte timestamp before the value (timestamped store). */
  static final byte FORMAT_TIMESTAMPED = 2;

  /** The lower bound (inclusive) of all user keys. */
  static final byte[] USER_LOWER = {USER};

  /** The upper bound (exclusive) of all user keys. */
  static final byte[] USER_UPPER = {USER + 1};

  /** The lower bound (inclusive) of the offset entries. */
  static final byte[] OFFSETS_LOWER = {META, 0x01};

  /** The upper bound (exclusive) of the offset entries. */
  static final byte[] OFFSETS_UPPER = {META, 0x02};

  private StoreKeys() {}

  /** The database key of a user key. */
  static byte[] user(byte[] key) {
    byte[] k = new byte[key.length + 1];
    k[0] = USER;
    System.arraycopy(key, 0, k, 1, key.length);
    return k;
  }

  /** The user key of a database key in the user key space. */
  static Bytes userKeyOf(byte[] dbKey) {
    return Bytes.wrap(Arrays.copyOfRange(dbKey, 1, dbKey.length));
  }

  /** The lower bound (inclusive) of a scan from {@code from}, or of all keys if null. */
  static byte[] lowerBound(Bytes from) {
    return from == null ? USER_LOWER : user(from.get());
  }

  /** The upper bound (exclusive) of a scan up to {@code to} inclusive, or all keys if null. */
  static byte[] upperBoundInclusive(Bytes to) {
    if (to == null) {
      return USER_UPPER;
    }
    // The smallest key after `to` is `to` followed by 0x00.
    byte[] k = new byte[to.get().length + 2];
    k[0] = USER;
    System.arraycopy(to.get(), 0, k, 1, to.get().length);
    return k;
  }

  /**
   * The upper bound (exclusive) of the keys starting with {@code prefix}: the prefix with its last
   * byte below 0xff incremented and the bytes after it dropped; the end of the user key space if
   * the prefix is empty or all 0xff.
   */
  static byte[] prefixUpperBound(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] k = new byte[i + 2];
        k[0] = USER;
        System.arraycopy(prefix, 0, k, 1, i + 1);
        k[i + 1]++;
        return k;
      }
    }
    return USER_UPPER;
  }

  /** The database key of a changelog partition's committed offset. */
  static byte[] offset(TopicPartition partition) {
    byte[] topic = partition.topic().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + topic.length + 1 + 4).put(OFFSETS_LOWER).put(topic)
        .put((byte) 0).putInt(partition.partition()).array();
  }

  /** The changelog partition of an offset entry's database key. */
  static TopicPartition partitionOf(byte[] dbKey) {
    int end = dbKey.length - 5;
    String topic = new String(dbKey, 2, end - 2, StandardCharsets.UTF_8);
    return new TopicPartition(topic, ByteBuffer.wrap(dbKey, end + 1, 4).getInt());
  }
}
