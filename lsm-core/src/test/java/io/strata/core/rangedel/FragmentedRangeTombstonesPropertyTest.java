package io.strata.core.rangedel;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link FragmentedRangeTombstones}, against a brute-force reading of the raw
 * tombstones: fragments are sorted, non-empty and non-overlapping; every key gets, at every
 * read sequence, the same newest covering tombstone as a scan of all tombstones; and a fragment's
 * sequence numbers are exactly those of the tombstones covering it.
 */
class FragmentedRangeTombstonesPropertyTest {
  private static final BytewiseComparator UCMP = BytewiseComparator.INSTANCE;

  @Provide
  Arbitrary<List<RangeTombstone>> tombstones() {
    Arbitrary<RangeTombstone> one = Combinators.combine(
        Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60),
        Arbitraries.longs().between(1, 40))
        .as((a, b, s) -> new RangeTombstone(key(a), key(b), s));
    return one.list().ofMaxSize(25);
  }

  @Property(tries = 300)
  void fragmentsAreSortedAndDisjoint(@ForAll("tombstones") List<RangeTombstone> ts) {
    FragmentedRangeTombstones f = FragmentedRangeTombstones.fragment(ts, UCMP);
    for (int i = 0; i < f.size(); i++) {
      assertThat(UCMP.compare(f.begin(i), f.end(i))).isLessThan(0);
      assertThat(f.sequences(i)).isNotEmpty();
      long[] s = f.sequences(i);
      for (int j = 1; j < s.length; j++) {
        assertThat(s[j]).isLessThan(s[j - 1]);
      }
      if (i > 0) {
        assertThat(UCMP.compare(f.end(i - 1), f.begin(i))).isLessThanOrEqualTo(0);
      }
    }
  }

  @Property(tries = 300)
  void coverageMatchesBruteForce(@ForAll("tombstones") List<RangeTombstone> ts) {
    FragmentedRangeTombstones f = FragmentedRangeTombstones.fragment(ts, UCMP);
    for (int k = -1; k <= 61; k++) {
      byte[] key = key(k);
      for (long read = 0; read <= 41; read += 3) {
        long want = -1;
        for (RangeTombstone t : ts) {
          if (UCMP.compare(t.begin(), key) <= 0 && UCMP.compare(key, t.end()) < 0
              && t.sequence() <= read) {
            want = Math.max(want, t.sequence());
          }
        }
        assertThat(f.maxCoveringSequence(key, read)).as("key %s read %s", k, read)
            .isEqualTo(want);
        for (long entry = 0; entry <= 41; entry += 5) {
          byte[] internalKey = InternalKeys.encode(key, entry, ValueType.VALUE);
          assertThat(f.covers(internalKey, read)).isEqualTo(want > entry);
        }
      }
    }
  }

  @Property(tries = 200)
  void refragmentingTheFragmentsChangesNothing(@ForAll("tombstones") List<RangeTombstone> ts) {
    FragmentedRangeTombstones f = FragmentedRangeTombstones.fragment(ts, UCMP);
    FragmentedRangeTombstones again = FragmentedRangeTombstones.fragment(f.tombstones(), UCMP);
    List<String> a = describe(f);
    List<String> b = describe(again);
    assertThat(b).isEqualTo(a);
  }

  private static List<String> describe(FragmentedRangeTombstones f) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(new String(f.begin(i), StandardCharsets.UTF_8) + ".."
          + new String(f.end(i), StandardCharsets.UTF_8) + Arrays.toString(f.sequences(i)));
    }
    return out;
  }

  private static byte[] key(int i) {
    return i < 0 ? new byte[0] : String.format("%03d", i).getBytes(StandardCharsets.UTF_8);
  }
}
