package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbLockedException;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database directory is opened by one instance at a time: a second open fails at once with
 * {@link DbLockedException}, from this JVM or from another process, both ways. "At once": the
 * holder lets go only after the second open has returned, so an open that waited for the lock
 * would never return; the class timeout turns that into a failure.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void secondOpenInThisJvmFailsAtOnceAndSucceedsAfterClose() throws Exception {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
          .isInstanceOf(DbLockedException.class)
          .hasMessageContaining("LOCK").hasMessageContaining("held by this process");
      db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("k".getBytes(UTF_8))).isEqualTo("v".getBytes(UTF_8));
    }
  }

  @Test
  void openFailsWhileAnotherProcessHoldsTheDatabase() throws Exception {
    Process child = child("hold").start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("open");
      assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
          .isInstanceOf(DbLockedException.class)
          .hasMessageContaining("LOCK").hasMessageContaining("held by another process");
      try (OutputStream in = child.getOutputStream()) {
        in.write('\n');
      }
      assertThat(out.readLine()).isEqualTo("closed");
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("held".getBytes(UTF_8))).isEqualTo("yes".getBytes(UTF_8));
    }
  }

  @Test
  void anotherProcessFailsToOpenWhileThisOneHoldsTheDatabase() throws Exception {
    try (Db db = Strata.open(dir, Options.defaults())) {
      Process child = child("try").redirectErrorStream(true).start();
      String out = new String(child.getInputStream().readAllBytes(), UTF_8);
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(out).contains("locked: ").contains("LOCK").contains("held by another process");
      assertThat(child.exitValue()).isEqualTo(3);
    }
    Process child = child("try").redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(out).contains("opened");
    assertThat(child.exitValue()).isZero();
  }

  private ProcessBuilder child(String mode) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockingChild.class.getName(), mode, dir.toString());
  }
}
