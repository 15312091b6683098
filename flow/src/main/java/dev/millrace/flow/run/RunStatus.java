package dev.millrace.flow.run;

/** Where a run stands. QUEUED and RUNNING are the app's; an execution ends in one of the others. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  PAUSED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
  }
}
