package dev.millrace.queue;

/**
 * A queue operation failed: Redis refused it, could not be reached, or a script reported an error.
 */
public class QueueException extends RuntimeException {
  public QueueException(String message) {
    super(message);
  }

  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
