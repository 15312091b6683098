package dev.millrace.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Deduplication ({@code opts.de}): while a job added with this id is not finished (or, with a
 * {@code ttl}, for that long), adding another job with the same id adds nothing and returns the
 * first job's id.
 */
public record Deduplication(String id, Duration ttl) {

  public Deduplication {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("deduplication id must not be empty");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("deduplication ttl must be positive: " + ttl);
    }
  }

  public static Deduplication of(String id) {
    return new Deduplication(id, null);
  }

  public static Deduplication of(String id, Duration ttl) {
    return new Deduplication(id, ttl);
  }
}
