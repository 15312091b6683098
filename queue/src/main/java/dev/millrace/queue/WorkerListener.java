package dev.millrace.queue;

/**
 * Callbacks from a {@link Worker}. Called on the worker's threads: keep them short and do not throw
 * (a thrown exception is logged and ignored). All methods default to doing nothing.
 */
public interface WorkerListener {
  /** A job this worker took ran to completion; {@code returnValueJson} is what was stored. */
  default void completed(Job job, String returnValueJson) {}

  /**
   * An attempt of a job failed; {@code willRetry} tells whether another attempt is scheduled (as
   * Node's worker, this fires on every failed attempt).
   */
  default void failed(Job job, Throwable error, boolean willRetry) {}

  /** The stalled check (run by this worker) moved a job whose lock expired back to waiting. */
  default void stalled(String jobId) {}

  /** Something went wrong outside a processor: Redis unreachable, a lock lost, a finish refused. */
  default void error(Throwable error) {}
}
