package io.strata.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.CompressionType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * C++ LevelDB through {@code leveldb-tool.cc} (a test resource), compiled against the installed
 * library ({@code libleveldb-dev}) once per test class. Where the library or {@code g++} is
 * missing, {@link #compile} skips the calling tests with the reason.
 */
final class LevelDbTool {
  /** What a run of the tool left: exit status and standard error. */
  record Result(int exitCode, String stderr) {}

  private final Path binary;

  private LevelDbTool(Path binary) {
    this.binary = binary;
  }

  /**
   * Compiles the tool into {@code dir} with {@code g++ -O1 ... -lleveldb}.
   *
   * @throws org.opentest4j.TestAbortedException if {@code g++} or LevelDB's headers or library
   *     are not installed
   */
  static LevelDbTool compile(Path dir) throws IOException, InterruptedException {
    Path source = dir.resolve("leveldb-tool.cc");
    try (InputStream in = LevelDbTool.class.getResourceAsStream("leveldb-tool.cc")) {
      Files.copy(in, source);
    }
    Path binary = dir.resolve("leveldb-tool");
    Result result;
    try {
      result = run(List.of("g++", "-O1", "-o", binary.toString(), source.toString(), "-lleveldb"));
    } catch (IOException e) {
      Assumptions.abort("libleveldb-dev not installed: g++ cannot be run (" + e.getMessage()
          + "); apt-get install libleveldb-dev g++");
      throw e;
    }
    Assumptions.assumeTrue(result.exitCode() == 0,
        () -> "libleveldb-dev not installed: g++ cannot build against it; apt-get install"
            + " libleveldb-dev g++\n" + result.stderr());
    return new LevelDbTool(binary);
  }

  /** Writes {@code db} from a script of {@link InteropWorkload#writeScript}. */
  Result write(Path db, Path script, CompressionType compression, long writeBufferBytes)
      throws IOException, InterruptedException {
    return run(List.of(binary.toString(), "write", db.toString(), script.toString(),
        compression == CompressionType.SNAPPY ? "snappy" : "none", Long.toString(writeBufferBytes)));
  }

  /**
   * Opens {@code db} with {@code paranoid_checks}, reads it with {@code verify_checksums} and
   * writes every entry to {@code out} in dump format.
   */
  Result dump(Path db, Path out) throws IOException, InterruptedException {
    return run(List.of(binary.toString(), "dump", db.toString(), out.toString()));
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(command))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String stderr = new String(process.getErrorStream().readAllBytes(), UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(process.exitValue(), stderr);
  }
}
