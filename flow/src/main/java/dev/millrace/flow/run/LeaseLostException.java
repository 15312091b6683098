package dev.millrace.flow.run;

/**
 * The run was taken over by another worker (its lease was superseded): this execution must stop at
 * once and write nothing more.
 */
public final class LeaseLostException extends RuntimeException {
  public LeaseLostException(String message) {
    super(message);
  }
}
