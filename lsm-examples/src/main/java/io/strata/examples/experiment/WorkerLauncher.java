package io.strata.examples.experiment;

import io.strata.examples.experiment.model.WorkerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one worker JVM: {@code <java> <jvm flags> -cp <this JVM's class path>
 * io.strata.examples.experiment.worker.ExperimentWorker <spec file>}, standard error to a file,
 * standard output piped for its progress lines. The java executable is this process's, else
 * {@code java.home}'s. Tests subclass it to run without forking. Stateless and thread-safe.
 */
class WorkerLauncher {
  /** The worker's main class. */
  static final String WORKER_MAIN_CLASS = "io.strata.examples.experiment.worker.ExperimentWorker";

  /**
   * Starts the worker of {@code spec}, whose JSON is already in {@code specFile}.
   *
   * @param jvmFlags flags placed before the class path
   * @param stderrLog the file its standard error goes to, replaced
   * @return the process; the caller reads its standard output and waits for it
   * @throws IOException when the process cannot be started
   */
  Process start(WorkerSpec spec, List<String> jvmFlags, Path specFile, Path stderrLog)
      throws IOException {
    Process p = new ProcessBuilder(command(jvmFlags, specFile))
        .redirectError(stderrLog.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    p.getOutputStream().close(); // the worker reads nothing
    return p;
  }

  /** The worker's command line. */
  static List<String> command(List<String> jvmFlags, Path specFile) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WORKER_MAIN_CLASS);
    cmd.add(specFile.toString());
    return cmd;
  }

  /** This process's java executable, else {@code $java.home/bin/java}. */
  static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
