package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.ExperimentResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an experiment's charts (PNG and SVG) and {@code report.html}.
 *
 * <p>Placeholder: writes nothing; the report's own implementation replaces it.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * Writes the charts and the HTML report of {@code result} into {@code outDir}.
   *
   * @return the files written
   * @throws IOException when a file cannot be written
   */
  public static List<Path> write(ExperimentResult result, Path outDir) throws IOException {
    return List.of();
  }
}
