package dev.millrace.queue;

/**
 * Computes the wait before a retry for backoff types other than fixed and exponential (Node's
 * {@code settings.backoffStrategy}). Must be quick and must not throw.
 */
@FunctionalInterface
public interface BackoffStrategy {
  /**
   * @param attemptsMade attempts made including the one that just failed
   * @param type the job's backoff type
   * @return the wait in ms; 0 retries at once, -1 fails the job without retry
   */
  long delayMillis(int attemptsMade, String type, Throwable error, Job job);
}
