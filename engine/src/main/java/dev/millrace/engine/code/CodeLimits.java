package dev.millrace.engine.code;

import java.time.Duration;

/**
 * Limits on one code step.
 *
 * @param cpuTime CPU time the guest may use
 * @param wallClock wall-clock time before the step is cancelled (covers waiting on fetch too)
 * @param statements statements the guest may execute
 * @param stackFrames guest stack depth
 * @param maxOutputBytes size of the JSON the step returns
 * @param maxLogBytes size of everything it logs
 * @param threads platform threads that run guest code (steps beyond that wait their turn)
 * @param warmContexts contexts kept warm between calls of the same step (0: a fresh context for
 *     every call)
 */
public record CodeLimits(
    Duration cpuTime,
    Duration wallClock,
    long statements,
    int stackFrames,
    int maxOutputBytes,
    int maxLogBytes,
    int threads,
    int warmContexts) {
  /** Limits with the default number of warm contexts. */
  public CodeLimits(
      Duration cpuTime,
      Duration wallClock,
      long statements,
      int stackFrames,
      int maxOutputBytes,
      int maxLogBytes,
      int threads) {
    this(
        cpuTime,
        wallClock,
        statements,
        stackFrames,
        maxOutputBytes,
        maxLogBytes,
        threads,
        DEFAULT_WARM_CONTEXTS);
  }

  /** The default of {@link #warmContexts}. */
  public static final int DEFAULT_WARM_CONTEXTS = 32;

  /**
   * @throws IllegalArgumentException naming the first limit that is missing, zero or negative
   */
  public CodeLimits {
    positive("cpuTime", cpuTime);
    positive("wallClock", wallClock);
    positive("statements", statements);
    positive("stackFrames", stackFrames);
    positive("maxOutputBytes", maxOutputBytes);
    positive("maxLogBytes", maxLogBytes);
    positive("threads", threads);
    if (warmContexts < 0) {
      throw new IllegalArgumentException(
          "code limit warmContexts must be zero or more, was " + warmContexts);
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("code limit " + name + " must be positive, was " + value);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("code limit " + name + " must be positive, was " + value);
    }
  }

  public static CodeLimits defaults() {
    return new CodeLimits(
        Duration.ofSeconds(5), Duration.ofSeconds(30), 50_000_000L, 1_000, 1 << 20, 64 << 10, 4);
  }
}
