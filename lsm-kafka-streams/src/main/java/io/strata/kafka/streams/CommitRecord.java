package io.strata.kafka.streams;

import com.google.common.collect.ImmutableMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.internals.PositionSerde;

/**
 * What a segmented store writes into each of its segments at a checkpoint: the changelog offsets
 * its data is complete up to, the store's query position, and its observed stream time. It lives
 * under {@link #KEY}, 7 bytes long, shorter than any data key (see {@link SegmentKeys}).
 *
 * <pre>
 *   field           encoding                                width
 *   version         byte, 1                                 1
 *   streamTime      big-endian int64, milliseconds          8
 *   offsetCount     big-endian int32                        4
 *   per offset:     topic length (int16), topic (UTF-8),    2 + t + 4 + 8
 *                   partition (int32), offset (int64)
 *   position        Kafka's PositionSerde encoding          rest
 * </pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param offsets the changelog offsets, by partition
 * @param position the query position
 * @param streamTime the largest time the store has seen, in milliseconds; -1 for none
 */
record CommitRecord(ImmutableMap<TopicPartition, Long> offsets, Position position,
    long streamTime) {

  /** The record's key. */
  static final byte[] KEY = {0, 's', 't', 'r', 'a', 't', 'a'};

  private static final byte VERSION = 1;

  byte[] encode() {
    ByteBuffer pos = PositionSerde.serialize(position);
    int size = 1 + 8 + 4 + pos.remaining();
    for (TopicPartition tp : offsets.keySet()) {
      size += 2 + tp.topic().getBytes(StandardCharsets.UTF_8).length + 4 + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putLong(streamTime).putInt(offsets.size());
    for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
      byte[] topic = e.getKey().topic().getBytes(StandardCharsets.UTF_8);
      out.putShort((short) topic.length).put(topic).putInt(e.getKey().partition())
          .putLong(e.getValue());
    }
    out.put(pos);
    return out.array();
  }

  /**
   * Decodes a record.
   *
   * @throws IllegalStateException if the bytes are not a commit record of a known version
   */
  static CommitRecord decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalStateException("unknown commit record version " + version);
      }
      long streamTime = in.getLong();
      int count = in.getInt();
      ImmutableMap.Builder<TopicPartition, Long> offsets = ImmutableMap.builder();
      for (int i = 0; i < count; i++) {
        byte[] topic = new byte[in.getShort()];
        in.get(topic);
        offsets.put(new TopicPartition(new String(topic, StandardCharsets.UTF_8), in.getInt()),
            in.getLong());
      }
      return new CommitRecord(offsets.build(), PositionSerde.deserialize(in.slice()), streamTime);
    } catch (RuntimeException e) {
      throw new IllegalStateException("damaged commit record of " + bytes.length + " bytes", e);
    }
  }
}
