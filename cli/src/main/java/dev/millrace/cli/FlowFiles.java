package dev.millrace.cli;

import dev.millrace.flow.Flow;
import dev.millrace.flow.FlowReader;
import dev.millrace.flow.InvalidFlowException;
import dev.millrace.flow.Problem;
import dev.millrace.piece.PieceRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads flow files (JSON or YAML) and reports their problems the same way for every command. */
final class FlowFiles {
  private FlowFiles() {}

  /** The problems of the flow in {@code file}; a file that cannot be read is one problem. */
  static List<Problem> problems(Path file, PieceRegistry pieces) {
    try {
      return new FlowReader(pieces).problems(Files.readString(file));
    } catch (IOException e) {
      return List.of(new Problem(file.toString(), null, null, "cannot read: " + e.getMessage()));
    }
  }

  /** The flow in {@code file}, or null after printing its problems to {@code err}. */
  static Flow read(Path file, PieceRegistry pieces, PrintWriter err) {
    try {
      return new FlowReader(pieces).read(Files.readString(file));
    } catch (InvalidFlowException e) {
      printProblems(file, e.problems(), err);
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
    }
    return null;
  }

  static void printProblems(Path file, List<Problem> problems, PrintWriter out) {
    out.println(file + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
    problems.forEach(p -> out.println("  " + p));
  }
}
