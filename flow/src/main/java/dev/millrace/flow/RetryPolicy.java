package dev.millrace.flow;

import java.time.Duration;

/**
 * How often a failing step is attempted, and how long to wait between attempts. Attempt {@code n}
 * (1-based, counting retries only) waits {@code delay} for FIXED and {@code delay * 2^(n-1)} for
 * EXPONENTIAL, capped at {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Backoff backoff, Duration delay, Duration maxDelay) {
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO);

  public enum Backoff {
    FIXED,
    EXPONENTIAL
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration delayBefore(int retry) {
    if (backoff == Backoff.FIXED || retry <= 1) {
      return min(delay, maxDelay);
    }
    long factor = 1L << Math.min(retry - 1, 30);
    long millis =
        delay.toMillis() > Long.MAX_VALUE / factor ? Long.MAX_VALUE : delay.toMillis() * factor;
    return min(Duration.ofMillis(millis), maxDelay);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
