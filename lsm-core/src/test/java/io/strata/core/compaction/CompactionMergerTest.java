package io.strata.core.compaction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.core.merge.StringAppendOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Snapshot stripes, full merges onto a base or at the bottom, and partial merges elsewhere. */
class CompactionMergerTest {
  private static final MergeOperator APPEND = new StringAppendOperator(",");

  @Test
  void aRunFullMergesOntoAPutInTheSameStripe() throws Exception {
    ListIterator in = new ListIterator().merge(9, "c").merge(8, "b").put(7, "a").put(3, "old");
    in.seekToFirst();
    CompactionMerger.Result r = new CompactionMerger(APPEND, new long[0],
        BytewiseComparator.INSTANCE).mergeUntil(in, () -> false, k -> false);
    assertThat(r.complete()).isTrue();
    assertThat(r.consumed()).isEqualTo(3);
    assertThat(describe(r)).containsExactly("k@9 VALUE a,b,c");
    assertThat(InternalKeys.sequence(in.key())).isEqualTo(3); // left on the entry not taken
  }

  @Test
  void aDeleteEndsTheRunAsNoValue() throws Exception {
    ListIterator in = new ListIterator().merge(9, "c").merge(8, "b").delete(7).put(3, "old");
    in.seekToFirst();
    CompactionMerger.Result r = new CompactionMerger(APPEND, new long[0],
        BytewiseComparator.INSTANCE).mergeUntil(in, () -> false, k -> false);
    assertThat(describe(r)).containsExactly("k@9 VALUE b,c");
    assertThat(r.consumed()).isEqualTo(3);
    assertThat(r.tombstoneConsumed()).isTrue();
  }

  @Test
  void atTheBottomTheRunFullMergesOntoNothing() throws Exception {
    ListIterator in = new ListIterator().merge(9, "c").merge(8, "b");
    in.seekToFirst();
    CompactionMerger m = new CompactionMerger(APPEND, new long[0], BytewiseComparator.INSTANCE);
    assertThat(describe(m.mergeUntil(in, () -> true, k -> false))).containsExactly("k@9 VALUE b,c");
    in.seekToFirst();
    // Older files below may hold the key: partial merge only.
    CompactionMerger.Result r = m.mergeUntil(in, () -> false, k -> false);
    assertThat(r.complete()).isFalse();
    assertThat(describe(r)).containsExactly("k@9 MERGE b,c");
  }

  @Test
  void aSnapshotSeparatesStripesThatAreMergedApart() throws Exception {
    // Snapshot 8 sees b and a; entries above it (9, 10) form their own stripe.
    ListIterator in = new ListIterator().merge(10, "d").merge(9, "c").merge(8, "b").put(7, "a");
    in.seekToFirst();
    CompactionMerger m = new CompactionMerger(APPEND, new long[] {8},
        BytewiseComparator.INSTANCE);
    CompactionMerger.Result top = m.mergeUntil(in, () -> true, k -> false);
    assertThat(top.complete()).isFalse();
    assertThat(describe(top)).containsExactly("k@10 MERGE c,d");
    CompactionMerger.Result lower = m.mergeUntil(in, () -> true, k -> false);
    assertThat(describe(lower)).containsExactly("k@8 VALUE a,b");
    assertThat(in.isValid()).isFalse();
  }

  @Test
  void withoutAPartialMergeOperandsStayApart() throws Exception {
    MergeOperator fullOnly = new MergeOperator() {
      @Override
      public String name() {
        return "full-only";
      }

      @Override
      public Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existing,
          List<byte[]> operands) {
        return APPEND.fullMerge(key, existing, operands);
      }
    };
    ListIterator in = new ListIterator().merge(9, "c").merge(8, "b");
    in.seekToFirst();
    CompactionMerger.Result r = new CompactionMerger(fullOnly, new long[0],
        BytewiseComparator.INSTANCE).mergeUntil(in, () -> false, k -> false);
    assertThat(describe(r)).containsExactly("k@9 MERGE c", "k@8 MERGE b");
    assertThat(r.consumed()).isEqualTo(2);
  }

  @Test
  void withoutAnOperatorTheOperandIsKeptAlone() throws Exception {
    ListIterator in = new ListIterator().merge(9, "c").put(8, "b");
    in.seekToFirst();
    CompactionMerger.Result r = new CompactionMerger(null, new long[0],
        BytewiseComparator.INSTANCE).mergeUntil(in, () -> true, k -> false);
    assertThat(describe(r)).containsExactly("k@9 MERGE c");
    assertThat(r.complete()).isFalse();
  }

  @Test
  void stripesFollowTheSnapshots() {
    CompactionMerger m = new CompactionMerger(APPEND, new long[] {20, 10},
        BytewiseComparator.INSTANCE);
    assertThat(m.stripe(5)).isEqualTo(0);
    assertThat(m.stripe(10)).isEqualTo(0);
    assertThat(m.stripe(11)).isEqualTo(1);
    assertThat(m.stripe(20)).isEqualTo(1);
    assertThat(m.stripe(21)).isEqualTo(2);
  }

  private static List<String> describe(CompactionMerger.Result r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.keys().size(); i++) {
      byte[] k = r.keys().get(i);
      out.add(new String(InternalKeys.userKey(k), UTF_8) + "@" + InternalKeys.sequence(k) + " "
          + ValueType.fromCode(InternalKeys.typeCode(k)) + " "
          + new String(r.values().get(i), UTF_8));
    }
    return out;
  }

  /** The entries of key "k", newest first, as added. */
  static final class ListIterator implements InternalIterator {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private int pos = -1;

    ListIterator merge(long seq, String v) {
      return add(seq, ValueType.MERGE, v);
    }

    ListIterator put(long seq, String v) {
      return add(seq, ValueType.VALUE, v);
    }

    ListIterator delete(long seq) {
      return add(seq, ValueType.DELETION, "");
    }

    private ListIterator add(long seq, ValueType type, String v) {
      keys.add(InternalKeys.encode("k".getBytes(UTF_8), seq, type));
      values.add(v.getBytes(UTF_8));
      return this;
    }

    @Override
    public boolean isValid() {
      return pos >= 0 && pos < keys.size();
    }

    @Override
    public void seekToFirst() {
      pos = 0;
    }

    @Override
    public void seekToLast() {
      pos = keys.size() - 1;
    }

    @Override
    public void seek(byte[] target) {
      throw new AssertionError("not used by the merger");
    }

    @Override
    public void next() {
      pos++;
    }

    @Override
    public void prev() {
      pos--;
    }

    @Override
    public byte[] key() {
      return keys.get(pos);
    }

    @Override
    public byte[] value() {
      return values.get(pos);
    }

    @Override
    public void close() {}
  }
}
