package io.strata.kafka.streams;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.ReadOptions;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import java.io.IOException;
import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * Converts the values of a plain key-value store's database to the timestamped format in place,
 * as Kafka Streams' {@code RocksDBTimestampedStore} upgrades a store's column family: each value
 * gets the timestamp -1 ({@link TimestampedBytesStore#convertToTimestampedFormat}). Stateless.
 */
final class TimestampedUpgrade {
  /** Entries per write batch, to bound the batch's memory. */
  private static final int BATCH_ENTRIES = 1000;

  private TimestampedUpgrade() {}

  static void convert(Db db, WriteOptions options) throws IOException {
    WriteBatch batch = new WriteBatch();
    int n = 0;
    try (DbIterator it = db.newIterator(ReadOptions.builder()
        .iterateLowerBound(StoreKeys.USER_LOWER).iterateUpperBound(StoreKeys.USER_UPPER)
        .build())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        batch.put(it.key(), TimestampedBytesStore.convertToTimestampedFormat(it.value()));
        if (++n % BATCH_ENTRIES == 0) {
          db.write(options, batch);
          batch = new WriteBatch();
        }
      }
    }
    db.write(options, batch);
  }
}
