package dev.millrace.cli;

import dev.millrace.flow.Problem;
import dev.millrace.piece.PieceRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code millrace validate FLOW...}: prints every problem of each flow. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks flow files and prints every problem; exits non-zero if there is one.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FLOW", description = "Flow files (JSON or YAML).")
  List<Path> files;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PieceRegistry pieces = PieceRegistry.discover();
    var out = spec.commandLine().getOut();
    boolean allValid = true;
    for (Path file : files) {
      List<Problem> problems = FlowFiles.problems(file, pieces);
      if (problems.isEmpty()) {
        out.println(file + ": valid");
      } else {
        allValid = false;
        FlowFiles.printProblems(file, problems, out);
      }
    }
    out.flush();
    return allValid ? 0 : Millrace.EXIT_INVALID;
  }
}
