package dev.millrace.queue;

import dev.millrace.queue.internal.CronSchedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a job scheduler fires: {@link #every(Duration)} (first run at once, then every period) or
 * {@link #cron(String)} (5 fields, or 6 with seconds first), optionally in a time zone.
 */
public record Schedule(Duration every, String pattern, ZoneId zone) {
  public Schedule {
    if ((every == null) == (pattern == null)) {
      throw new IllegalArgumentException("a schedule has either every or a cron pattern");
    }
    if (every != null && every.toMillis() < 1) {
      throw new IllegalArgumentException("every must be at least 1 ms: " + every);
    }
    if (pattern != null) {
      new CronSchedule(pattern); // validates
    }
  }

  public static Schedule every(Duration every) {
    return new Schedule(every, null, null);
  }

  public static Schedule cron(String pattern) {
    return new Schedule(null, pattern, null);
  }

  public static Schedule cron(String pattern, ZoneId zone) {
    return new Schedule(null, pattern, Objects.requireNonNull(zone, "zone"));
  }
}
