package dev.millrace.worker.internal;

import dev.millrace.flow.run.LeaseLostException;

/**
 * What the worker learnt about a run in flight: cancelled (from a /steps or heartbeat reply), lease
 * lost (a 409 from anywhere), or reporting broken (a write the app did not take within the retry
 * budget). Any of them stops the engine at the next boundary; the last two also forbid every later
 * write. Thread-safe: the heartbeat sets them, the run reads them.
 */
public final class RunSignals {
  private volatile boolean cancelled;
  private volatile boolean leaseLost;
  private volatile RuntimeException reportFailure;

  public void cancel() {
    cancelled = true;
  }

  public void loseLease() {
    leaseLost = true;
  }

  /**
   * A write failed for good. The engine treats a throwing journal like a failing step (and may
   * retry the step, repeating its effect); stopping the run here ends such a retry at once, and
   * every later write rethrows the failure so that it leaves the engine and fails the job's
   * attempt.
   */
  public void failReporting(RuntimeException failure) {
    if (reportFailure == null) {
      reportFailure = failure;
    }
  }

  public boolean leaseLost() {
    return leaseLost;
  }

  /** The engine's stop signal. */
  public boolean stopRequested() {
    return cancelled || leaseLost || reportFailure != null;
  }

  /**
   * @throws LeaseLostException when the lease was lost
   * @throws RuntimeException the write failure, when reporting broke
   */
  public void requireWritable(String runId) {
    if (leaseLost) {
      throw new LeaseLostException("the lease of run " + runId + " was superseded");
    }
    RuntimeException failure = reportFailure;
    if (failure != null) {
      throw failure;
    }
  }
}
