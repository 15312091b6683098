package dev.millrace.engine.internal;

import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.Waitpoint;

/** Unwinds the walk when the run must stop: a failed step, a pause, a cancel or a time-out. */
final class RunHalt extends RuntimeException {
  final RunStatus status;
  final Waitpoint waitpoint;

  RunHalt(RunStatus status, String error, Waitpoint waitpoint) {
    super(error, null, false, false);
    this.status = status;
    this.waitpoint = waitpoint;
  }
}
