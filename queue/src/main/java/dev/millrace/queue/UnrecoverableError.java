package dev.millrace.queue;

/**
 * Thrown by a processor to fail a job at once, skipping its remaining attempts (Node BullMQ's
 * {@code UnrecoverableError}).
 */
public class UnrecoverableError extends Exception {
  public UnrecoverableError(String message) {
    super(message);
  }

  public UnrecoverableError(String message, Throwable cause) {
    super(message, cause);
  }
}
