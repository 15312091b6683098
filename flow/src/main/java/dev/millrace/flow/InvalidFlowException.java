package dev.millrace.flow;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a flow has problems; carries every one of them, not just the first. */
public final class InvalidFlowException extends RuntimeException {
  private final List<Problem> problems;

  public InvalidFlowException(List<Problem> problems) {
    super(
        problems.size()
            + " problem(s) in flow:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
