package io.strata.examples.experiment;

import io.strata.examples.experiment.model.ExperimentResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strata experiment compare A B}: the configurations of two experiments' results that
 * share a name, B against A, phase by phase, as {@link SummaryTable#printCompare} prints them;
 * like benchstat, for one build against another. p-values come from the runs' values when both
 * sides have 5 or more completed runs. A or B may name a results.json or the directory holding
 * one.
 */
@Command(
    name = "compare",
    description = "Compares two experiments' results.json, B against A, for the configurations"
        + " of the same name: medians, ratios and (5 or more runs on both sides) Mann-Whitney"
        + " p-values.")
final class ExperimentCompareCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "The reference results.json.")
  private Path a;

  @Parameters(index = "1", paramLabel = "B", description = "The compared results.json.")
  private Path b;

  @Override
  public Integer call() throws IOException {
    Path fileA = resultsFile(a);
    Path fileB = resultsFile(b);
    ExperimentResult ra = ExperimentFiles.read(fileA);
    ExperimentResult rb = ExperimentFiles.read(fileB);
    PrintWriter out = spec.commandLine().getOut();
    out.println("A: " + fileA + " (" + describe(ra) + ")");
    out.println("B: " + fileB + " (" + describe(rb) + ")");
    if (ra.num() != rb.num() || ra.valueSizeBytes() != rb.valueSizeBytes()
        || !ra.workloads().equals(rb.workloads())) {
      out.println("note: the experiments differ in --num, --value-size or --workloads");
    }
    SummaryTable.printCompare(out, ra, rb);
    out.flush();
    return 0;
  }

  private static Path resultsFile(Path p) {
    return Files.isDirectory(p) ? p.resolve(ExperimentFiles.RESULTS_JSON) : p;
  }

  private static String describe(ExperimentResult r) {
    return "strata " + r.strataVersion() + ", started " + r.startedAt() + ", " + r.reps()
        + " repetitions, num " + r.num();
  }
}
