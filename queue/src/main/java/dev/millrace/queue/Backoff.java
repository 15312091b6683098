package dev.millrace.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed job waits before its next attempt. {@code fixed}: always {@code delay}; {@code
 * exponential}: {@code delay * 2^(attemptsMade-1)}. A {@code jitter} in [0, 1] spreads the wait
 * over {@code [wait*(1-jitter), wait]}, exactly as Node BullMQ computes it.
 */
public record Backoff(String type, Duration delay, double jitter) {

  public Backoff {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("backoff delay must not be negative: " + delay);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("backoff jitter must be within [0, 1]: " + jitter);
    }
  }

  public static Backoff fixed(Duration delay) {
    return new Backoff("fixed", delay, 0);
  }

  public static Backoff exponential(Duration delay) {
    return new Backoff("exponential", delay, 0);
  }

  public Backoff withJitter(double jitter) {
    return new Backoff(type, delay, jitter);
  }
}
