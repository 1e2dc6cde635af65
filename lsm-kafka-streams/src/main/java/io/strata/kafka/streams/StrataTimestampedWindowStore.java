package io.strata.kafka.streams;

import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * The window store whose values carry their record timestamp (Kafka's timestamped format: 8
 * bytes of timestamp, then the value), as {@code Stores.persistentTimestampedWindowStore} gives:
 * the {@link TimestampedBytesStore} marker tells Kafka's store builders to store values as they
 * come, without converting. Everything else is {@link StrataWindowStore}'s.
 */
final class StrataTimestampedWindowStore extends StrataWindowStore
    implements TimestampedBytesStore {
  StrataTimestampedWindowStore(String name, long retentionMs, long segmentIntervalMs,
      long windowSizeMs, boolean retainDuplicates) {
    super(name, retentionMs, segmentIntervalMs, windowSizeMs, retainDuplicates);
  }
}
