package io.strata.core.ttl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.Strata;
import io.strata.core.compaction.OptionsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TTL layer: the stored layout, the expiry boundary, batches, the record in the OPTIONS
 * file and the refusals it brings, a changed TTL, a user's filter under the TTL's, and
 * snapshots.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TtlDbTest {
  private static final long START_SECONDS = 1_700_000_000L;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(START_SECONDS * 1000);

  private Options ttl(long seconds) {
    return Options.builder().clock(clock).ttl(Duration.ofSeconds(seconds)).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void storesTheWriteTimeAndExpiresAfterTheTtl() throws IOException {
    try (Db db = Strata.open(dir, ttl(10))) {
      assertThat(db).isInstanceOf(TtlDb.class);
      db.put(b("k"), b("value"));
      byte[] stored = ((TtlDb) db).baseDb().get(b("k"));
      assertThat(stored).hasSize(5 + 4);
      assertThat(TtlValues.writeTime(stored, "k")).isEqualTo(START_SECONDS);
      assertThat(db.get(b("k"))).isEqualTo(b("value"));
      clock.advanceSeconds(10);
      assertThat(db.get(b("k"))).as("now == write time + ttl: still live").isEqualTo(b("value"));
      clock.advanceSeconds(1);
      assertThat(db.get(b("k"))).as("now > write time + ttl: expired").isNull();
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(it.isValid()).isFalse();
        it.seekToLast();
        assertThat(it.isValid()).isFalse();
      }
    }
  }

  @Test
  void multiGetRefreshAndCheckpointKeepTheTtl() throws IOException {
    Path copy = dir.resolve("copy");
    try (Db db = Strata.open(dir.resolve("db"), ttl(10))) {
      db.put(b("a"), b("1"));
      clock.advanceSeconds(6);
      db.put(b("b"), b("2"));
      clock.advanceSeconds(5); // a expired, b live
      assertThat(db.multiGet(List.of(b("b"), b("a"), b("x"), b("b"))))
          .containsExactly(b("2"), null, null, b("2"));
      try (DbIterator it = db.newIterator()) {
        db.put(b("c"), b("3"));
        it.refresh();
        assertThat(it.isValid()).isFalse();
        it.seekToFirst();
        assertThat(new String(it.key(), UTF_8)).isEqualTo("b");
        assertThat(it.value()).isEqualTo(b("2"));
        it.next();
        assertThat(it.value()).isEqualTo(b("3"));
      }
      db.checkpoint(copy);
    }
    assertThatThrownBy(() -> Strata.open(copy, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
    try (Db db = Strata.open(copy, ttl(10))) {
      assertThat(db.get(b("a"))).isNull();
      assertThat(db.get(b("b"))).isEqualTo(b("2"));
      assertThat(db.get(b("c"))).isEqualTo(b("3"));
    }
  }

  @Test
  void mergesUnderATtlSeeNoWriteTimesAndExpire() throws IOException {
    Options options = Options.builder().clock(clock).ttl(Duration.ofSeconds(10))
        .mergeOperator("stringappend").build();
    try (Db db = Strata.open(dir, options)) {
      db.put(b("k"), b("a"));
      db.merge(b("k"), b("b"));
      assertThat(db.get(b("k"))).isEqualTo(b("a,b"));
      db.flush();
      clock.advanceSeconds(5);
      db.merge(b("k"), b("c"));
      db.compactRange(null, null); // merged in compaction: the result gets the merge's time
      assertThat(db.get(b("k"))).isEqualTo(b("a,b,c"));
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(it.value()).isEqualTo(b("a,b,c"));
      }
      clock.advanceSeconds(11);
      assertThat(db.get(b("k"))).as("expired a TTL after the compaction's merge").isNull();
    }
  }

  @Test
  void rewritesBatchesAndSkipsExpiredEntriesInBothDirections() throws IOException {
    try (Db db = Strata.open(dir, ttl(10))) {
      db.write(new WriteBatch().put(b("a"), b("1")).put(b("c"), b("1")).put(b("e"), b("1")));
      clock.advanceSeconds(6);
      db.write(new WriteBatch().put(b("b"), b("2")).put(b("d"), b("2")).delete(b("e")));
      clock.advanceSeconds(5); // a and c expired, b and d live, e deleted
      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        assertThat(new String(it.key(), UTF_8)).isEqualTo("b");
        assertThat(it.value()).isEqualTo(b("2"));
        it.next();
        assertThat(new String(it.key(), UTF_8)).isEqualTo("d");
        it.prev();
        assertThat(new String(it.key(), UTF_8)).isEqualTo("b");
        it.prev();
        assertThat(it.isValid()).isFalse();
        it.seek(b("c"));
        assertThat(new String(it.key(), UTF_8)).isEqualTo("d");
        it.next();
        assertThat(it.isValid()).isFalse();
        it.seekToLast();
        assertThat(new String(it.key(), UTF_8)).isEqualTo("d");
      }
    }
  }

  @Test
  void refusesToOpenTheOtherWay() throws IOException {
    Path withTtl = dir.resolve("with");
    Path without = dir.resolve("without");
    Strata.open(withTtl, ttl(10)).close();
    Strata.open(without, Options.defaults()).close();
    assertThatThrownBy(() -> Strata.open(withTtl, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("written with a TTL (10 s)")
        .hasMessageContaining("Options.Builder.ttl");
    assertThatThrownBy(() -> Strata.open(without, ttl(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("written without a TTL");
    // Refused before anything was written: both open as before.
    Strata.open(withTtl, ttl(10)).close();
    Strata.open(without, Options.defaults()).close();
  }

  @Test
  void aChangedTtlIsRecordedAndApplies() throws IOException {
    try (Db db = Strata.open(dir, ttl(100))) {
      db.put(b("k"), b("v"));
    }
    clock.advanceSeconds(50);
    try (Db db = Strata.open(dir, ttl(30))) {
      assertThat(db.get(b("k"))).isNull();
    }
    assertThat(OptionsFile.readNewest(new LocalFileSystem(), dir).orElseThrow().ttlSeconds())
        .hasValue(30);
    try (Db db = Strata.open(dir, ttl(100))) {
      assertThat(db.get(b("k"))).isEqualTo(b("v"));
      db.compactRange(null, null);
      assertThat(db.get(b("k"))).isEqualTo(b("v"));
      clock.advanceSeconds(51);
      db.put(b("other"), b("v")); // so that the compaction below has a table to merge with
      db.flush();
      db.compactRange(null, null);
      assertThat(((TtlDb) db).baseDb().get(b("k"))).as("compacted away").isNull();
    }
  }

  @Test
  void aUserFilterSeesValuesWithoutWriteTimes() throws IOException {
    List<String> seen = new CopyOnWriteArrayList<>();
    CompactionFilterFactory upper = new CompactionFilterFactory() {
      @Override
      public CompactionFilter createCompactionFilter(Context context) {
        return new CompactionFilter() {
          @Override
          public Decision filter(int level, byte[] key, byte[] value) {
            String v = new String(value, UTF_8);
            seen.add(v);
            if (v.equals("remove")) {
              return Decision.REMOVE;
            }
            return v.equals(v.toUpperCase()) ? Decision.KEEP
                : Decision.changeValue(b(v.toUpperCase()));
          }

          @Override
          public String name() {
            return "upper";
          }
        };
      }

      @Override
      public String name() {
        return "upper";
      }
    };
    Options o = ttl(10).toBuilder().compactionFilterFactory(upper).build();
    try (Db db = Strata.open(dir, o)) {
      db.put(b("a"), b("abc"));
      db.put(b("b"), b("remove"));
      db.put(b("c"), b("old"));
      clock.advanceSeconds(8);
      db.put(b("d"), b("def"));
      clock.advanceSeconds(3); // c (and a, b) expired
      db.put(b("a"), b("abc"));
      db.put(b("b"), b("remove"));
      db.compactRange(null, null);
      assertThat(seen).contains("abc", "remove", "def").doesNotContain("old");
      assertThat(db.get(b("a"))).isEqualTo(b("ABC"));
      assertThat(db.get(b("b"))).isNull();
      assertThat(db.get(b("c"))).isNull();
      assertThat(db.get(b("d"))).isEqualTo(b("DEF"));
      // The changed value kept its write time: d expires as written.
      clock.advanceSeconds(8);
      assertThat(db.get(b("d"))).isNull();
      assertThat(db.get(b("a"))).isEqualTo(b("ABC"));
    }
  }

  @Test
  void anExpiredValueASnapshotSeesIsKeptButNotReturned() throws IOException {
    try (Db db = Strata.open(dir, ttl(10))) {
      db.put(b("k"), b("v"));
      Snapshot s = db.getSnapshot();
      clock.advanceSeconds(11);
      db.compactRange(null, null);
      assertThat(((TtlDb) db).baseDb().get(ReadOptions.builder().snapshot(s).build(), b("k")))
          .as("a snapshot sees it: not filtered").isNotNull();
      assertThat(db.get(ReadOptions.builder().snapshot(s).build(), b("k"))).isNull();
      s.close();
      db.put(b("other"), b("v"));
      db.flush();
      db.compactRange(null, null);
      assertThat(((TtlDb) db).baseDb().get(b("k"))).isNull();
    }
  }

  @Test
  void aValueWrittenWithoutTheLayerIsCorruption() throws IOException {
    try (Db db = Strata.open(dir, ttl(10))) {
      ((TtlDb) db).baseDb().put(b("raw"), b("x"));
      assertThatThrownBy(() -> db.get(b("raw")))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("value of key 0x726177")
          .hasMessageContaining("shorter than the 4-byte write time");
    }
  }

  @Test
  void optionsCheckTheTtl() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1),
        Duration.ofMillis(1500), Duration.ofSeconds(1L << 31)}) {
      assertThatThrownBy(() -> Options.builder().ttl(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ttl must be whole seconds");
    }
    assertThat(Options.builder().ttl(Duration.ofDays(1)).build().ttl())
        .hasValue(Duration.ofDays(1));
  }
}
