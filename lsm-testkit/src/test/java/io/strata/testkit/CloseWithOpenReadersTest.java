package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a database while iterators and snapshots are still open is safe: close throws nothing
 * and releases the directory; afterwards every method of a leftover iterator but {@code close}
 * throws {@link IllegalStateException} ("database is closed"), as {@link DbIterator} documents,
 * and closing the leftovers is a no-op.
 */
class CloseWithOpenReadersTest {
  @TempDir Path dir;

  @Test
  void closeWithOpenIteratorsAndSnapshotsIsSafe() throws IOException {
    Db db = Strata.open(dir, PowerLossScenario.options(new NoFsyncFileSystem()));
    byte[] value = new byte[1000];
    for (int i = 0; i < 200; i++) { // several tables and a compaction or two
      db.put(PowerLossScenario.key(i), value);
    }
    Snapshot snapshot = db.getSnapshot();
    DbIterator positioned = db.newIterator(ReadOptions.builder().snapshot(snapshot).build());
    positioned.seekToFirst();
    positioned.next();
    assertThat(positioned.isValid()).isTrue();
    DbIterator unpositioned = db.newIterator();

    assertThatCode(db::close).doesNotThrowAnyException();

    for (DbIterator it : new DbIterator[] {positioned, unpositioned}) {
      assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("database is closed");
      assertThatThrownBy(it::seekToFirst).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("database is closed");
      assertThatThrownBy(() -> it.seek(PowerLossScenario.key(3)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
      assertThatCode(it::close).doesNotThrowAnyException();
      assertThatCode(it::close).doesNotThrowAnyException();
    }
    assertThatCode(snapshot::close).doesNotThrowAnyException();
    assertThatThrownBy(() -> db.get(PowerLossScenario.key(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("database is closed");
    assertThatCode(db::close).doesNotThrowAnyException();

    // The directory is free again, and nothing was lost.
    try (Db reopened = Strata.open(dir, PowerLossScenario.options(new NoFsyncFileSystem()))) {
      assertThat(reopened.get(PowerLossScenario.key(199))).isEqualTo(value);
      assertThat(reopened.get("absent".getBytes(UTF_8))).isNull();
    }
  }
}
