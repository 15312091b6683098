package dev.millrace.piece;

/**
 * A failure the flow author should read, such as "HTTP 404 from https://api.example.com/c/7". A
 * {@linkplain #permanent permanent} failure is not retried even when the step has a retry policy
 * (bad input will not get better by waiting).
 */
public class PieceException extends RuntimeException {
  private final boolean permanent;

  public PieceException(String message) {
    this(message, null, false);
  }

  public PieceException(String message, Throwable cause) {
    this(message, cause, false);
  }

  protected PieceException(String message, Throwable cause, boolean permanent) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** A failure that retrying cannot fix. */
  public static PieceException permanent(String message) {
    return new PieceException(message, null, true);
  }

  public boolean isPermanent() {
    return permanent;
  }
}
