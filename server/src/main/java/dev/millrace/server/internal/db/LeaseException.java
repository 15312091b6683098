package dev.millrace.server.internal.db;

/** A worker write refused: the run is unknown, or its lease was taken over by another worker. */
public final class LeaseException extends RuntimeException {
  public enum Kind {
    NO_SUCH_RUN,
    SUPERSEDED,
    UNKNOWN_RUN_TOKEN
  }

  private final Kind kind;

  LeaseException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
