package io.strata.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark's setup, one call of each of its benchmark methods, and its teardown, called
 * directly on small data: the build catches a benchmark that no longer runs without running JMH.
 * Nothing here is timed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class BenchmarksSmokeTest {
  /** JMH's condition for making a blackhole outside a benchmark run. */
  private static final Blackhole BH = new Blackhole("Today's password is swordfish. I understand "
      + "instantiating Blackholes directly is dangerous.");

  @Test
  void memTable() {
    for (int valueBytes : new int[] {100, 1024}) {
      MemTableBenchmark b = new MemTableBenchmark();
      b.valueBytes = valueBytes;
      b.entries = 1 << 10;
      b.setUp();
      assertThat(b.insert().entryCount()).isEqualTo(1 << 10);
      b.get(BH);
    }
  }

  @Test
  void blockSeek() throws Exception {
    BlockSeekBenchmark b = new BlockSeekBenchmark();
    b.setUp();
    assertThat(b.entries()).isGreaterThan(16);
    b.seek(BH);
    b.newIteratorSeek(BH);
  }

  @Test
  void blockScan() throws Exception {
    BlockScanBenchmark b = new BlockScanBenchmark();
    b.setUp();
    int entries = b.entries();
    assertThat(entries).isGreaterThan(16);
    assertThat(b.backward(BH)).isEqualTo(entries);
    assertThat(b.forward(BH)).isEqualTo(entries);
  }

  @Test
  void filterProbe() {
    FilterProbeBenchmark b = new FilterProbeBenchmark();
    b.setUp();
    assertThat(b.hit()).isTrue();
    b.miss();
  }

  @Test
  void tableGet() throws Exception {
    for (String source : new String[] {"blockCache", "mmap", "pread"}) {
      TableGetBenchmark b = new TableGetBenchmark();
      b.source = source;
      b.entries = 1 << 10;
      b.setUp();
      try {
        b.get(BH);
        assertThat(b.getMissing()).isFalse();
      } finally {
        b.tearDown();
      }
    }
  }

  @Test
  void filterBuild() {
    FilterBuildBenchmark b = new FilterBuildBenchmark();
    b.setUp();
    assertThat(b.build()).isGreaterThan(FilterBuildBenchmark.KEYS); // over 8 bits per key
  }

  @Test
  void tableBuild() throws Exception {
    TableBuildBenchmark b = new TableBuildBenchmark();
    b.setUp();
    try {
      assertThat(b.build()).isPositive();
      assertThat(b.build()).isPositive(); // a second table, in a new file
    } finally {
      b.tearDown();
    }
  }

  @Test
  void logAppend() throws Exception {
    for (boolean mapped : new boolean[] {true, false}) {
      for (boolean sync : new boolean[] {false, true}) {
        LogAppendBenchmark b = new LogAppendBenchmark();
        b.groupSize = 16;
        b.sync = sync;
        b.mapped = mapped;
        b.setUp();
        try {
          long first = b.commitGroup();
          assertThat(b.commitGroup()).isGreaterThan(first);
        } finally {
          b.tearDown();
        }
      }
    }
  }

  @Test
  void groupCommit() throws Exception {
    GroupCommitBenchmark b = new GroupCommitBenchmark();
    b.setUp();
    try {
      b.putSync1Thread();
      b.putSync4Threads();
    } finally {
      b.tearDown();
    }
  }

  @Test
  void dbPut() throws Exception {
    for (boolean wal : new boolean[] {true, false}) {
      DbPutBenchmark b = new DbPutBenchmark();
      b.wal = wal;
      b.writeBufferMiB = 4;
      b.setUp();
      try {
        for (int i = 0; i < 100; i++) {
          b.put();
        }
      } finally {
        b.tearDown();
      }
    }
  }

  @Test
  void dbGet() throws Exception {
    DbGetBenchmark b = new DbGetBenchmark();
    b.keys = 2_000;
    b.setUp();
    try {
      DbGetBenchmark.Lookups lookups = new DbGetBenchmark.Lookups();
      lookups.setUp();
      for (int i = 0; i < 100; i++) {
        assertThat(b.get(lookups)).hasSize(DbGetBenchmark.VALUE_BYTES);
        assertThat(b.getTwoThreads(lookups)).hasSize(DbGetBenchmark.VALUE_BYTES);
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void mergingIterator() throws Exception {
    MergingIteratorBenchmark b = new MergingIteratorBenchmark();
    b.inputs = 8;
    b.entries = 1 << 6;
    b.setUp();
    try {
      for (int i = 0; i < 100; i++) { // wraps around at the end once
        b.next(BH);
      }
    } finally {
      b.tearDown();
    }
  }

  @Test
  void compaction() throws Exception {
    CompactionBenchmark b = new CompactionBenchmark();
    b.entries = 1 << 12;
    b.build();
    try {
      CompactionBenchmark.Counters counters = new CompactionBenchmark.Counters();
      counters.reset();
      b.openCopy();
      try {
        assertThat(b.fullCompaction(counters)).isPositive();
      } finally {
        b.closeCopy();
      }
      assertThat(counters.inputMB).isPositive();
    } finally {
      b.deletePristine();
    }
  }
}
