package dev.millrace.queue;

/**
 * What a job being processed can do to itself; the worker binds one to each job it hands to a
 * {@link Processor}. Implementations are thread-safe.
 */
public interface ActiveJobHandle {
  /** Stores the progress (JSON text) and emits a {@code progress} event. */
  void updateProgress(String progressJson);

  /** Appends a log line; returns the number of lines kept. */
  long log(String line);

  /** The token of the lock this worker holds on the job (BullMQ's lock token), or null. */
  default String lockToken() {
    return null;
  }
}
