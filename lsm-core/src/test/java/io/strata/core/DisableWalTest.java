package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code WriteOptions.disableWal}: unlogged writes reach the memtable and no log; a close
 * without a flush loses them (as a crash does) and keeps the logged ones around them; a flush
 * makes them durable; sequence numbers go on rising across reopens; {@code sync} with
 * {@code disableWal} is refused.
 */
class DisableWalTest {
  private static final WriteOptions UNLOGGED = WriteOptions.DEFAULT.withDisableWal(true);

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private long logBytes() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".log")).mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  @Test
  void syncWithDisableWalIsRefused() {
    assertThatThrownBy(() -> new WriteOptions(true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sync and disableWal cannot both be true: an unlogged write has no log to"
            + " sync");
    assertThatThrownBy(() -> WriteOptions.SYNC.withDisableWal(true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UNLOGGED.withSync(true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(UNLOGGED.disableWal()).isTrue();
    assertThat(UNLOGGED.sync()).isFalse();
    assertThat(new WriteOptions(true)).isEqualTo(WriteOptions.SYNC);
  }

  @Test
  void unloggedWritesSkipTheLogAndAreRead() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("logged"), b("1"));
      long before = logBytes();
      for (int i = 0; i < 100; i++) {
        db.put(UNLOGGED, b("u" + i), b("v" + i));
      }
      db.write(UNLOGGED, new WriteBatch().put(b("batch"), b("x")).delete(b("u0")));
      db.delete(UNLOGGED, b("u1"));
      assertThat(logBytes()).as("no log record").isEqualTo(before);
      assertThat(db.get(b("u5"))).isEqualTo(b("v5"));
      assertThat(db.get(b("batch"))).isEqualTo(b("x"));
      assertThat(db.get(b("u0"))).isNull();
      assertThat(db.get(b("u1"))).isNull();
      assertThat(db.getLatestSequenceNumber()).isEqualTo(1 + 100 + 2 + 1);
    }
  }

  @Test
  void unloggedWritesNotFlushedAreLostAndLoggedOnesAroundThemKept() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("logged"));                   // 1
      db.put(UNLOGGED, b("b"), b("unlogged"));       // 2
      db.put(UNLOGGED, b("a"), b("unlogged"));       // 3
      db.put(b("c"), b("logged"));                   // 4
    } // close does not flush: the memtable is rebuilt from the log at the next open
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("a"))).isEqualTo(b("logged"));
      assertThat(db.get(b("b"))).isNull();
      assertThat(db.get(b("c"))).isEqualTo(b("logged"));
      assertThat(db.getLatestSequenceNumber()).as("the last logged write's").isEqualTo(4);
      db.put(b("d"), b("after"));
      assertThat(db.getLatestSequenceNumber()).isEqualTo(5);
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("d"))).isEqualTo(b("after"));
      assertThat(db.getLatestSequenceNumber()).isEqualTo(5);
    }
  }

  @Test
  void aFlushMakesUnloggedWritesDurableAndRecoverySkipsTheLogsBeforeIt() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("x"), b("1"));                        // in the first log
      db.put(UNLOGGED, b("y"), b("unlogged"));
      db.flush(); // both in a table; the MANIFEST's log number moves past the first log
      db.put(UNLOGGED, b("x"), b("lost"));           // newer than the table's x, never logged
      db.put(b("z"), b("logged"));                   // in the second log
      db.put(UNLOGGED, b("w"), b("lost"));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("y"))).isEqualTo(b("unlogged"));
      assertThat(db.get(b("x"))).as("the flushed value, not a replay of the old log")
          .isEqualTo(b("1"));
      assertThat(db.get(b("z"))).isEqualTo(b("logged"));
      assertThat(db.get(b("w"))).isNull();
      long seq = db.getLatestSequenceNumber();
      assertThat(seq).as("at least the logged z's").isGreaterThanOrEqualTo(4);
      db.put(b("x"), b("2"));
      assertThat(db.getLatestSequenceNumber()).isEqualTo(seq + 1);
      db.compactRange(null, null);
      assertThat(db.get(b("x"))).as("the new write is newer than every kept one")
          .isEqualTo(b("2"));
    }
  }
}
