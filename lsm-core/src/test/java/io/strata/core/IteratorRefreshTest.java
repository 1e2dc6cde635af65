package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DbIterator.refresh}: the iterator moves to the newest state, unpositioned; its bounds
 * stay; the files it pinned are let go; refused on an iterator at an explicit snapshot.
 */
class IteratorRefreshTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static List<String> keys(DbIterator it) throws IOException {
    List<String> out = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      out.add(new String(it.key(), UTF_8) + "=" + new String(it.value(), UTF_8));
    }
    return out;
  }

  @Test
  void refreshSeesTheNewestStateAndKeepsTheBounds() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
      db.put(b("m"), b("1"));
      try (DbIterator it = db.newIterator(ReadOptions.builder().iterateUpperBound(b("z"))
          .build())) {
        db.put(b("b"), b("2"));
        db.delete(b("m"));
        db.put(b("zz"), b("2")); // outside the bound
        assertThat(keys(it)).containsExactly("a=1", "m=1");
        it.seekToFirst();
        assertThat(it.isValid()).isTrue();
        it.refresh();
        assertThat(it.isValid()).as("unpositioned after refresh").isFalse();
        assertThat(keys(it)).containsExactly("a=1", "b=2");
        db.flush(); // now from a table
        db.put(b("c"), b("3"));
        it.refresh();
        assertThat(keys(it)).containsExactly("a=1", "b=2", "c=3");
      }
    }
  }

  @Test
  void refreshReleasesTheFilesThePreviousStatePinned() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
      db.flush();
      Path table = dir.resolve(FileNames.tableFileName(
          DbTesting.currentVersion(db).fileNumbers().iterator().next()));
      try (DbIterator it = db.newIterator()) {
        db.put(b("a"), b("2"));
        db.compactRange(null, null); // the table is rewritten; the iterator's pin keeps it
        assertThat(Files.exists(table)).isTrue();
        it.refresh();
        assertThat(Files.exists(table)).as("deleted once the refresh let it go").isFalse();
        assertThat(keys(it)).containsExactly("a=2");
      }
    }
  }

  @Test
  void refreshOfAnIteratorAtASnapshotIsRefused() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
      try (Snapshot s = db.getSnapshot();
          DbIterator it = db.newIterator(ReadOptions.builder().snapshot(s).build())) {
        db.put(b("b"), b("2"));
        it.seekToFirst();
        assertThatThrownBy(it::refresh).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("explicit snapshot");
        assertThat(it.isValid()).as("unchanged").isTrue();
        assertThat(keys(it)).containsExactly("a=1");
      }
      DbIterator closed = db.newIterator();
      closed.close();
      assertThatThrownBy(closed::refresh).isInstanceOf(IllegalStateException.class)
          .hasMessage("iterator is closed");
    }
  }

  @Test
  void latestSequenceNumberCountsRecords() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getLatestSequenceNumber()).isZero();
      db.put(b("a"), b("1"));
      assertThat(db.getLatestSequenceNumber()).isEqualTo(1);
      db.write(new io.strata.api.WriteBatch().put(b("b"), b("1")).delete(b("a")));
      assertThat(db.getLatestSequenceNumber()).isEqualTo(3);
      try (Snapshot s = db.getSnapshot()) {
        assertThat(s.sequenceNumber()).isEqualTo(3);
      }
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getLatestSequenceNumber()).as("after reopen").isEqualTo(3);
    }
  }
}
