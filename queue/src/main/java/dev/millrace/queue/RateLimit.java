package dev.millrace.queue;

import java.time.Duration;

/** At most {@code max} jobs started per {@code duration}, across all workers sharing the limit. */
public record RateLimit(int max, Duration duration) {
  public RateLimit {
    if (max < 1) {
      throw new IllegalArgumentException("rate limit max must be at least 1: " + max);
    }
    if (duration == null || duration.toMillis() < 1) {
      throw new IllegalArgumentException("rate limit duration must be at least 1 ms");
    }
  }
}
