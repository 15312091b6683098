package dev.millrace.worker.internal;

import dev.millrace.flow.run.LeaseLostException;

/**
 * What the app told the worker about a run in flight: cancelled (from a /steps or heartbeat reply)
 * or lease lost (a 409 from anywhere). Thread-safe: the heartbeat sets them, the run reads them.
 */
public final class RunSignals {
  private volatile boolean cancelled;
  private volatile boolean leaseLost;

  public void cancel() {
    cancelled = true;
  }

  public void loseLease() {
    leaseLost = true;
  }

  public boolean leaseLost() {
    return leaseLost;
  }

  /** The engine's stop signal: a cancel, or a lost lease (the run must stop at once). */
  public boolean stopRequested() {
    return cancelled || leaseLost;
  }

  /**
   * @throws LeaseLostException when the lease was lost
   */
  public void requireLease(String runId) {
    if (leaseLost) {
      throw new LeaseLostException("the lease of run " + runId + " was superseded");
    }
  }
}
