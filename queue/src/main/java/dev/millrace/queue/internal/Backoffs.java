package dev.millrace.queue.internal;

import dev.millrace.queue.Backoff;
import java.util.function.DoubleSupplier;

/** Node BullMQ's backoff formulas, so a retried job waits as long whichever side ran it. */
public final class Backoffs {
  /** Returned for a backoff type this library does not know: no retry. */
  public static final long NO_RETRY = -1;

  private Backoffs() {}

  /**
   * The wait before the next attempt.
   *
   * @param attemptsMade attempts made including the one that just failed (1 after the first)
   * @param random uniform in [0, 1)
   */
  public static long delayMillis(Backoff backoff, int attemptsMade, DoubleSupplier random) {
    if (backoff == null) {
      return 0;
    }
    long delay = backoff.delay().toMillis();
    long raw =
        switch (backoff.type()) {
          case "fixed" -> delay;
          case "exponential" -> Math.round(Math.pow(2, attemptsMade - 1) * delay);
          default -> NO_RETRY;
        };
    if (raw == NO_RETRY) {
      return NO_RETRY;
    }
    double jitter = backoff.jitter();
    if (jitter > 0) {
      return (long) Math.floor(random.getAsDouble() * raw * jitter + raw * (1 - jitter));
    }
    return raw;
  }
}
