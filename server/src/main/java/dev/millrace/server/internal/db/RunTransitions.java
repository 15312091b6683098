package dev.millrace.server.internal.db;

import static dev.millrace.flow.run.RunStatus.CANCELLED;
import static dev.millrace.flow.run.RunStatus.FAILED;
import static dev.millrace.flow.run.RunStatus.PAUSED;
import static dev.millrace.flow.run.RunStatus.QUEUED;
import static dev.millrace.flow.run.RunStatus.RUNNING;
import static dev.millrace.flow.run.RunStatus.SUCCEEDED;
import static dev.millrace.flow.run.RunStatus.TIMED_OUT;

import dev.millrace.flow.run.RunStatus;
import java.util.List;

/**
 * Every status change a run can make in the app, and what makes it. The stores consult this table
 * before they change a status; {@code docs/run-states.md} is drawn from it by a test.
 */
public final class RunTransitions {
  /** One allowed change: from, to, and the event that causes it. */
  public record Transition(RunStatus from, RunStatus to, String cause) {}

  public static final List<Transition> TABLE =
      List.of(
          new Transition(QUEUED, RUNNING, "claim"),
          new Transition(RUNNING, RUNNING, "claim (takeover after a lost lock)"),
          new Transition(PAUSED, RUNNING, "claim (delay over, or deadline of a wait)"),
          new Transition(RUNNING, SUCCEEDED, "finish"),
          new Transition(RUNNING, FAILED, "finish"),
          new Transition(RUNNING, CANCELLED, "finish after cancel"),
          new Transition(RUNNING, TIMED_OUT, "finish past the deadline"),
          new Transition(RUNNING, PAUSED, "pause"),
          new Transition(PAUSED, QUEUED, "resume (approval, sub-flow end)"),
          new Transition(QUEUED, CANCELLED, "cancel"),
          new Transition(PAUSED, CANCELLED, "cancel"),
          new Transition(RUNNING, CANCELLED, "claim of a run marked cancelled"),
          new Transition(FAILED, QUEUED, "retry"),
          new Transition(TIMED_OUT, QUEUED, "retry"),
          new Transition(QUEUED, FAILED, "sweeper: job failed"),
          new Transition(RUNNING, FAILED, "sweeper: job failed or vanished"),
          new Transition(PAUSED, TIMED_OUT, "sweeper: paused too long"));

  private RunTransitions() {}

  public static boolean allowed(RunStatus from, RunStatus to) {
    return TABLE.stream().anyMatch(t -> t.from() == from && t.to() == to);
  }

  /** The table as a Mermaid state diagram. */
  public static String mermaid() {
    StringBuilder out =
        new StringBuilder("stateDiagram-v2\n    [*] --> QUEUED: webhook, schedule, manual\n");
    for (Transition t : TABLE) {
      out.append("    ")
          .append(t.from())
          .append(" --> ")
          .append(t.to())
          .append(": ")
          .append(t.cause())
          .append('\n');
    }
    for (RunStatus s : RunStatus.values()) {
      if (s.terminal()) {
        out.append("    ").append(s).append(" --> [*]\n");
      }
    }
    return out.toString();
  }
}
