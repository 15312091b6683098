package dev.millrace.queue;

import java.time.Duration;

/**
 * What to keep of finished jobs ({@code removeOnComplete} / {@code removeOnFail}). Node's forms:
 * {@code true} ({@link #removeAll()}), {@code false} ({@link #keepAll()}), a number ({@link
 * #newest(int)}) or {@code {age, count}} ({@link #of(Duration, Integer)}; age in whole seconds).
 */
public record KeepJobs(boolean remove, Integer count, Duration age) {

  public KeepJobs {
    if (count != null && count < 0) {
      throw new IllegalArgumentException("keep count must not be negative: " + count);
    }
    if (age != null && (age.isNegative() || age.isZero())) {
      throw new IllegalArgumentException("keep age must be positive: " + age);
    }
  }

  /** {@code true}: delete the job as soon as it finishes. */
  public static KeepJobs removeAll() {
    return new KeepJobs(true, null, null);
  }

  /** {@code false}: keep every finished job (the default). */
  public static KeepJobs keepAll() {
    return new KeepJobs(false, null, null);
  }

  /** A number: keep the newest {@code count} jobs. */
  public static KeepJobs newest(int count) {
    return new KeepJobs(false, count, null);
  }

  /** {@code {age, count}}: keep jobs younger than {@code age}, and at most {@code count} if set. */
  public static KeepJobs of(Duration age, Integer count) {
    return new KeepJobs(false, count, age);
  }

  /** The count the finish script applies: -1 keeps all, 0 removes the job, n keeps the newest n. */
  public int scriptCount() {
    if (remove) {
      return 0;
    }
    return count == null ? -1 : count;
  }

  /** The age the finish script applies, in seconds; 0 means any age. */
  public long scriptAgeSeconds() {
    return age == null ? 0 : age.toSeconds();
  }
}
