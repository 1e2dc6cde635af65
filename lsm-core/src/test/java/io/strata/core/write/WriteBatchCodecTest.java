package io.strata.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.core.memtable.SkipListMemTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteBatchCodecTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] rep(WriteBatch batch) {
    ByteBuffer encoded = batch.encoded();
    byte[] rep = new byte[encoded.remaining()];
    encoded.get(rep);
    return rep;
  }

  /** Every memtable entry as "key@sequence:PUT(value)" or "key@sequence:DEL", in order. */
  private static List<String> dump(SkipListMemTable mem) throws Exception {
    List<String> out = new ArrayList<>();
    try (InternalIterator it = mem.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        String user = new String(InternalKeys.userKey(key), StandardCharsets.UTF_8);
        out.add(user + "@" + InternalKeys.sequence(key)
            + (InternalKeys.typeCode(key) == ValueType.VALUE.code()
                ? ":PUT(" + new String(it.value(), StandardCharsets.UTF_8) + ")" : ":DEL"));
      }
    }
    return out;
  }

  @Test
  void headerAccessors() {
    byte[] rep = rep(new WriteBatch().put(bytes("k"), bytes("v")).delete(bytes("d")));
    assertThat(WriteBatchCodec.sequence(rep)).isZero();
    assertThat(WriteBatchCodec.count(rep)).isEqualTo(2);
    WriteBatchCodec.setSequence(rep, 0x0102030405060708L);
    WriteBatchCodec.setCount(rep, 7);
    assertThat(WriteBatchCodec.sequence(rep)).isEqualTo(0x0102030405060708L);
    assertThat(WriteBatchCodec.count(rep)).isEqualTo(7);
    assertThat(rep[0]).isEqualTo((byte) 0x08); // little-endian
    assertThat(rep[8]).isEqualTo((byte) 7);
    assertThatThrownBy(() -> WriteBatchCodec.count(new byte[11]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 bytes");
  }

  @Test
  void insertsEveryRecordWithConsecutiveSequences() throws Exception {
    WriteBatch batch = new WriteBatch()
        .put(bytes("b"), bytes("1"))
        .delete(bytes("a"))
        .put(bytes("empty"), new byte[0])
        .put(bytes("b"), bytes("2"));
    byte[] rep = rep(batch);
    WriteBatchCodec.setSequence(rep, 100);
    SkipListMemTable mem = new SkipListMemTable(CMP);
    assertThat(WriteBatchCodec.insertInto(rep, rep.length, mem, "000003.log", 0)).isEqualTo(4);
    assertThat(dump(mem)).containsExactly("a@101:DEL", "b@103:PUT(2)", "b@100:PUT(1)",
        "empty@102:PUT()");
  }

  @Test
  void keysAndValuesAreCopiedOutOfTheRep() throws Exception {
    byte[] rep = rep(new WriteBatch().put(bytes("k"), bytes("v")));
    SkipListMemTable mem = new SkipListMemTable(CMP);
    WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0);
    java.util.Arrays.fill(rep, (byte) 'X');
    assertThat(dump(mem)).containsExactly("k@0:PUT(v)");
  }

  @Test
  void roundTripsRandomBatchesWithLargeValues() throws Exception {
    long seed = System.nanoTime();
    System.out.println("WriteBatchCodecTest seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      WriteBatch batch = new WriteBatch();
      int n = random.nextInt(50);
      long first = random.nextInt(1_000_000);
      List<byte[]> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[random.nextInt(300)]; // lengths past 127 need 2-byte varints
        random.nextBytes(key);
        if (random.nextInt(4) == 0) {
          batch.delete(key);
          values.add(null);
        } else {
          byte[] value = new byte[random.nextInt(8) == 0 ? 200_000 : random.nextInt(200)];
          random.nextBytes(value);
          batch.put(key, value);
          values.add(value);
        }
      }
      byte[] rep = rep(batch);
      WriteBatchCodec.setSequence(rep, first);
      SkipListMemTable mem = new SkipListMemTable(CMP);
      assertThat(WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0)).isEqualTo(n);
      assertThat(mem.entryCount()).isEqualTo(n);
      // Every record is in the memtable at its own sequence with its value.
      int found = 0;
      try (InternalIterator it = mem.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          int i = (int) (InternalKeys.sequence(it.key()) - first);
          byte[] value = values.get(i);
          assertThat(InternalKeys.typeCode(it.key()))
              .isEqualTo(value == null ? ValueType.DELETION.code() : ValueType.VALUE.code());
          if (value != null) {
            assertThat(it.value()).isEqualTo(value);
          }
          found++;
        }
      }
      assertThat(found).isEqualTo(n);
      // Re-encoding the same records gives the same bytes.
      byte[] again = WriteBatchCodec.concat(List.of(batch), first);
      assertThat(again).isEqualTo(rep);
    }
  }

  @Test
  void concatJoinsBatchesForAGroupCommit() throws Exception {
    WriteBatch one = new WriteBatch().put(bytes("a"), bytes("1")).delete(bytes("b"));
    WriteBatch two = new WriteBatch();
    WriteBatch three = new WriteBatch().put(bytes("b"), bytes("3"));
    byte[] rep = WriteBatchCodec.concat(List.of(one, two, three), 50);
    assertThat(WriteBatchCodec.sequence(rep)).isEqualTo(50);
    assertThat(WriteBatchCodec.count(rep)).isEqualTo(3);
    assertThat(rep).hasSize(12 + one.recordsSizeBytes() + three.recordsSizeBytes());
    SkipListMemTable mem = new SkipListMemTable(CMP);
    assertThat(WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0)).isEqualTo(3);
    assertThat(dump(mem)).containsExactly("a@50:PUT(1)", "b@52:PUT(3)", "b@51:DEL");

    assertThatThrownBy(() -> WriteBatchCodec.concat(List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WriteBatchCodec.concat(List.of(one), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  /**
   * A one-record batch as the write path encodes a lone put, delete or merge: sized by
   * {@link WriteBatchCodec#recordSizeBytes}, written by {@link WriteBatchCodec#putRecord}.
   */
  private static byte[] singleRecord(byte tag, byte[] key, byte[] value) {
    byte[] rep =
        new byte[WriteBatch.HEADER_SIZE + WriteBatchCodec.recordSizeBytes(tag, key, value)];
    WriteBatchCodec.setCount(rep, 1);
    assertThat(WriteBatchCodec.putRecord(rep, WriteBatch.HEADER_SIZE, tag, key, value))
        .isEqualTo(rep.length);
    return rep;
  }

  @Test
  void singleRecordEncodesAsAOneRecordBatch() {
    Random random = new Random(17);
    for (int keyBytes : new int[] {0, 16, 127, 128, 300}) {
      for (int valueBytes : new int[] {0, 100, 127, 128, 20_000}) {
        byte[] key = new byte[keyBytes];
        byte[] value = new byte[valueBytes];
        random.nextBytes(key);
        random.nextBytes(value);
        assertThat(singleRecord(WriteBatch.TAG_PUT, key, value))
            .isEqualTo(rep(new WriteBatch().put(key, value)));
        assertThat(singleRecord(WriteBatch.TAG_MERGE, key, value))
            .isEqualTo(rep(new WriteBatch().merge(key, value)));
      }
      assertThat(singleRecord(WriteBatch.TAG_DELETE, new byte[keyBytes], null))
          .isEqualTo(rep(new WriteBatch().delete(new byte[keyBytes])));
    }
    assertThatThrownBy(() -> singleRecord(WriteBatch.TAG_PUT, null, new byte[0]))
        .isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> singleRecord(WriteBatch.TAG_PUT, new byte[1], null))
        .isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> singleRecord(WriteBatch.TAG_RANGE_DELETION,
        new byte[1], new byte[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15");
  }

  @Test
  void insertEncodedAddsWhatInsertIntoAdds() throws Exception {
    WriteBatch batch = new WriteBatch()
        .put(bytes("b"), bytes("1"))
        .delete(bytes("a"))
        .put(bytes("empty"), new byte[0])
        .put(bytes("b"), bytes("2"));
    byte[] rep = rep(batch);
    WriteBatchCodec.setSequence(rep, 100);
    SkipListMemTable mem = new SkipListMemTable(CMP);
    assertThat(WriteBatchCodec.insertEncoded(rep, rep.length, mem)).isEqualTo(4);
    java.util.Arrays.fill(rep, (byte) 'X'); // copied out of the rep
    assertThat(dump(mem)).containsExactly("a@101:DEL", "b@103:PUT(2)", "b@100:PUT(1)",
        "empty@102:PUT()");

    byte[] single = singleRecord(WriteBatch.TAG_PUT, bytes("k"), bytes("v"));
    WriteBatchCodec.setSequence(single, 7);
    SkipListMemTable one = new SkipListMemTable(CMP);
    assertThat(WriteBatchCodec.insertEncoded(single, single.length, one)).isEqualTo(1);
    assertThat(dump(one)).containsExactly("k@7:PUT(v)");

    assertThatThrownBy(() -> WriteBatchCodec.insertEncoded(new byte[11], 11, one))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("11 bytes");
    byte[] badTag = rep(new WriteBatch().put(bytes("k"), bytes("v")));
    badTag[12] = 9;
    assertThatThrownBy(() -> WriteBatchCodec.insertEncoded(badTag, badTag.length, one))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("unknown write batch tag 9");
  }

  @Test
  void everyTruncationIsCorruptionAndAddsNothing() throws Exception {
    byte[] rep = rep(new WriteBatch()
        .put(bytes("key1"), new byte[200])
        .delete(bytes("key2"))
        .put(new byte[130], bytes("v")));
    for (int length = 0; length < rep.length; length++) {
      SkipListMemTable mem = new SkipListMemTable(CMP);
      int n = length;
      assertThatThrownBy(() -> WriteBatchCodec.insertInto(rep, n, mem, "000007.log", 4096))
          .as("length %s", length)
          .isInstanceOf(CorruptionException.class)
          .satisfies(e -> {
            assertThat(((CorruptionException) e).file()).isEqualTo("000007.log");
            assertThat(((CorruptionException) e).offset()).isEqualTo(4096);
          });
      assertThat(mem.entryCount()).as("length %s", length).isZero();
    }
    SkipListMemTable mem = new SkipListMemTable(CMP);
    assertThat(WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0)).isEqualTo(3);
  }

  @Test
  void wrongCountIsCorruption() {
    byte[] rep = rep(new WriteBatch().put(bytes("a"), bytes("1")).delete(bytes("b")));
    for (int count : new int[] {0, 1, 3, -1}) {
      WriteBatchCodec.setCount(rep, count);
      SkipListMemTable mem = new SkipListMemTable(CMP);
      assertThatThrownBy(() -> WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("has 2 records but its header says " + Integer.toUnsignedLong(count));
      assertThat(mem.entryCount()).isZero();
    }
  }

  @Test
  void badTagAndBadVarintAreCorruption() {
    byte[] rep = rep(new WriteBatch().put(bytes("a"), bytes("1")));
    rep[12] = 0x40; // 2 is a merge
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(rep, rep.length,
        new SkipListMemTable(CMP), "log", 0))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("unknown write batch tag 64");

    // A key length varint of six bytes.
    byte[] longVarint = new byte[12 + 1 + 6];
    WriteBatchCodec.setCount(longVarint, 1);
    longVarint[12] = WriteBatch.TAG_DELETE;
    java.util.Arrays.fill(longVarint, 13, 18, (byte) 0x80);
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(longVarint, longVarint.length,
        new SkipListMemTable(CMP), "log", 0))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("bad key length varint");

    // A huge length must not allocate.
    byte[] huge = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x0f};
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(huge, huge.length,
        new SkipListMemTable(CMP), "log", 0))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("key of 4294967295 bytes runs past the end");
  }

  @Test
  void sequencePastTheLimitIsCorruption() {
    byte[] rep = rep(new WriteBatch().put(bytes("a"), bytes("1")).put(bytes("b"), bytes("2")));
    WriteBatchCodec.setSequence(rep, (1L << 56) - 1);
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(rep, rep.length,
        new SkipListMemTable(CMP), "log", 0))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("largest sequence");
    WriteBatchCodec.setSequence(rep, -5);
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(rep, rep.length,
        new SkipListMemTable(CMP), "log", 0))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void randomDamageIsCorruptionOrAValidBatch() throws Exception {
    long seed = System.nanoTime();
    System.out.println("WriteBatchCodecTest.damage seed=" + seed);
    Random random = new Random(seed);
    byte[] original = rep(new WriteBatch().put(bytes("alpha"), bytes("one"))
        .delete(bytes("beta")).put(bytes("gamma"), new byte[140]));
    for (int i = 0; i < 2000; i++) {
      byte[] rep = original.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        rep[random.nextInt(rep.length)] ^= (byte) (1 << random.nextInt(8));
      }
      SkipListMemTable mem = new SkipListMemTable(CMP);
      try {
        int n = WriteBatchCodec.insertInto(rep, rep.length, mem, "log", 0);
        assertThat(mem.entryCount()).isEqualTo(n);
      } catch (CorruptionException e) {
        assertThat(mem.entryCount()).isZero();
      }
    }
  }

  @Test
  void lengthOutsideTheArrayIsACallerMistake() {
    assertThatThrownBy(() -> WriteBatchCodec.insertInto(new byte[12], 13,
        new SkipListMemTable(CMP), "log", 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
