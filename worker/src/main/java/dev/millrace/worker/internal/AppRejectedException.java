package dev.millrace.worker.internal;

/** The app refused a request with a 4xx other than 409 (a lease superseded). */
public final class AppRejectedException extends RuntimeException {
  private final int status;

  public AppRejectedException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
