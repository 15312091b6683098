package dev.millrace.worker.internal;

/**
 * The app could not be reached (or answered 5xx) for longer than the report retry budget. An
 * infrastructure error: the job fails its attempt so that the queue's retries apply.
 */
public final class AppUnavailableException extends RuntimeException {
  public AppUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
