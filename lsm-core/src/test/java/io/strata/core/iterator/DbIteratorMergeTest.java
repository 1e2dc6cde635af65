package io.strata.core.iterator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.DbIterator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.merge.StringAppendOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Merge operands resolved by the user iterator, both ways, at every read sequence. */
class DbIteratorMergeTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final MergeOperator APPEND = new StringAppendOperator(",");

  /**
   * a: put a0 @1, merge a1 @4, merge a2 @7; b: merge b1 @2, delete @5, merge b2 @6;
   * c: merge c1 @3 (invisible below 3); d: put d0 @8 over merge d1 @9 (invisible below 9).
   */
  private static SkipListMemTable mem() {
    SkipListMemTable mem = new SkipListMemTable(CMP);
    mem.add(1, ValueType.VALUE, b("a"), b("a0"));
    mem.add(2, ValueType.MERGE, b("b"), b("b1"));
    mem.add(3, ValueType.MERGE, b("c"), b("c1"));
    mem.add(4, ValueType.MERGE, b("a"), b("a1"));
    mem.add(5, ValueType.DELETION, b("b"), new byte[0]);
    mem.add(6, ValueType.MERGE, b("b"), b("b2"));
    mem.add(7, ValueType.MERGE, b("a"), b("a2"));
    mem.add(8, ValueType.VALUE, b("d"), b("d0"));
    mem.add(9, ValueType.MERGE, b("d"), b("d1"));
    return mem;
  }

  @Test
  void bothDirectionsAgreeAtEverySequence() throws Exception {
    List<List<String>> expected = List.of(
        List.of(),
        List.of("a=a0"),
        List.of("a=a0", "b=b1"),
        List.of("a=a0", "b=b1", "c=c1"),
        List.of("a=a0,a1", "b=b1", "c=c1"),
        List.of("a=a0,a1", "c=c1"),
        List.of("a=a0,a1", "b=b2", "c=c1"),
        List.of("a=a0,a1,a2", "b=b2", "c=c1"),
        List.of("a=a0,a1,a2", "b=b2", "c=c1", "d=d0"),
        List.of("a=a0,a1,a2", "b=b2", "c=c1", "d=d0,d1"));
    for (int seq = 0; seq < expected.size(); seq++) {
      assertThat(scan(seq, true)).as("forward at %s", seq).isEqualTo(expected.get(seq));
      List<String> backward = new ArrayList<>(expected.get(seq));
      java.util.Collections.reverse(backward);
      assertThat(scan(seq, false)).as("backward at %s", seq).isEqualTo(backward);
    }
  }

  @Test
  void changingDirectionOnAMergedEntry() throws Exception {
    try (DbIterator it = over(9)) {
      it.seek(b("b"));
      assertThat(entry(it)).isEqualTo("b=b2");
      it.prev();
      assertThat(entry(it)).isEqualTo("a=a0,a1,a2");
      it.next();
      assertThat(entry(it)).isEqualTo("b=b2");
      it.next();
      it.next();
      assertThat(entry(it)).isEqualTo("d=d0,d1");
      it.prev();
      assertThat(entry(it)).isEqualTo("c=c1");
      it.next();
      assertThat(entry(it)).isEqualTo("d=d0,d1");
      it.next();
      assertThat(it.isValid()).isFalse();
      it.seekToLast();
      it.prev();
      it.prev();
      it.next();
      assertThat(entry(it)).isEqualTo("c=c1");
    }
  }

  @Test
  void anOperandWithoutAnOperatorFailsTheMove() throws Exception {
    try (DbIterator it = new DbIteratorImpl(mem().newIterator(), BytewiseComparator.INSTANCE, 9,
        () -> {}, () -> true)) {
      assertThatThrownBy(it::seekToFirst).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no merge operator");
    }
  }

  /**
   * A read may see an immutable memtable and the table its flush wrote at once: every entry
   * comes twice in a row. Each operand must count once, both ways.
   */
  @Test
  void anEntrySeenTwiceCountsOnce() throws Exception {
    for (long seq : new long[] {4, 7, 9}) {
      for (boolean forward : new boolean[] {true, false}) {
        List<String> out = new ArrayList<>();
        try (DbIterator it = new DbIteratorImpl(
            MergingIterator.of(CMP, List.of(mem().newIterator(), mem().newIterator())),
            BytewiseComparator.INSTANCE, seq, () -> {}, () -> true, new LongAdder(), APPEND)) {
          for (boolean ok = seek(it, forward); ok; ok = step(it, forward)) {
            out.add(entry(it));
          }
        }
        assertThat(out).as("at %s, forward %s", seq, forward)
            .isEqualTo(scan(seq, forward));
      }
    }
  }

  private static boolean seek(DbIterator it, boolean forward) throws Exception {
    if (forward) {
      it.seekToFirst();
    } else {
      it.seekToLast();
    }
    return it.isValid();
  }

  private static boolean step(DbIterator it, boolean forward) throws Exception {
    if (forward) {
      it.next();
    } else {
      it.prev();
    }
    return it.isValid();
  }

  private static DbIterator over(long sequence) {
    return new DbIteratorImpl(mem().newIterator(), BytewiseComparator.INSTANCE, sequence,
        () -> {}, () -> true, new LongAdder(), APPEND);
  }

  private static List<String> scan(long sequence, boolean forward) throws Exception {
    List<String> out = new ArrayList<>();
    try (DbIterator it = over(sequence)) {
      if (forward) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          out.add(entry(it));
        }
      } else {
        for (it.seekToLast(); it.isValid(); it.prev()) {
          out.add(entry(it));
        }
      }
    }
    return out;
  }

  private static String entry(DbIterator it) {
    return new String(it.key(), UTF_8) + "=" + new String(it.value(), UTF_8);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
