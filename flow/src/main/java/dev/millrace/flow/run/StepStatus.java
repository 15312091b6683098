package dev.millrace.flow.run;

/** How one execution of a step ended. */
public enum StepStatus {
  SUCCEEDED,
  FAILED,
  /** Not executed because its router branch or loop did not select it. */
  SKIPPED,
  /** Waiting at a waitpoint (a delay, an approval); the run is paused on this step. */
  PAUSED
}
