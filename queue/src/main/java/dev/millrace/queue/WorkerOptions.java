package dev.millrace.queue;

import java.time.Duration;

/**
 * Worker settings, with Node BullMQ's defaults. Immutable; build with {@link #builder()}.
 *
 * @param concurrency jobs processed at once (default 1)
 * @param lockDuration how long a job's lock lives without renewal (default 30 s); renewed every
 *     lockDuration/4
 * @param stalledInterval how often the stalled check runs (default 30 s)
 * @param maxStalledCount stalls after which a job is failed (default 1)
 * @param drainDelay how long to block on the marker when the queue is empty (default 5 s)
 * @param name worker name, stored in the job's {@code pb} field and the connection name (or null)
 * @param removeOnComplete default for jobs without their own option (null: keep all)
 * @param removeOnFail default for jobs without their own option (null: keep all)
 * @param limiter worker-level rate limit, or null ({@code meta.max} takes precedence)
 * @param skipStalledCheck do not run the stalled check from this worker
 * @param maximumRateLimitDelay longest wait when rate-limited before fetching again (30 s)
 * @param backoffStrategy wait for custom backoff types, or null (such jobs then fail unretried)
 * @param maxStartedAttempts a job started more often than this fails at once (crash loops), or null
 *     for no limit
 */
public record WorkerOptions(
    int concurrency,
    Duration lockDuration,
    Duration stalledInterval,
    int maxStalledCount,
    Duration drainDelay,
    String name,
    KeepJobs removeOnComplete,
    KeepJobs removeOnFail,
    RateLimit limiter,
    boolean skipStalledCheck,
    Duration maximumRateLimitDelay,
    BackoffStrategy backoffStrategy,
    Integer maxStartedAttempts) {

  public static final WorkerOptions DEFAULT = builder().build();

  public WorkerOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    requirePositive("lockDuration", lockDuration);
    requirePositive("stalledInterval", stalledInterval);
    requirePositive("drainDelay", drainDelay);
    requirePositive("maximumRateLimitDelay", maximumRateLimitDelay);
    if (maxStalledCount < 0) {
      throw new IllegalArgumentException("maxStalledCount must not be negative");
    }
    if (maxStartedAttempts != null && maxStartedAttempts < 1) {
      throw new IllegalArgumentException("maxStartedAttempts must be at least 1");
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Not thread-safe. */
  public static final class Builder {
    private int concurrency = 1;
    private Duration lockDuration = Duration.ofSeconds(30);
    private Duration stalledInterval = Duration.ofSeconds(30);
    private int maxStalledCount = 1;
    private Duration drainDelay = Duration.ofSeconds(5);
    private String name;
    private KeepJobs removeOnComplete;
    private KeepJobs removeOnFail;
    private RateLimit limiter;
    private boolean skipStalledCheck;
    private Duration maximumRateLimitDelay = Duration.ofSeconds(30);
    private BackoffStrategy backoffStrategy;
    private Integer maxStartedAttempts;

    private Builder() {}

    public Builder backoffStrategy(BackoffStrategy v) {
      backoffStrategy = v;
      return this;
    }

    public Builder maxStartedAttempts(Integer v) {
      maxStartedAttempts = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder lockDuration(Duration v) {
      lockDuration = v;
      return this;
    }

    public Builder stalledInterval(Duration v) {
      stalledInterval = v;
      return this;
    }

    public Builder maxStalledCount(int v) {
      maxStalledCount = v;
      return this;
    }

    public Builder drainDelay(Duration v) {
      drainDelay = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder removeOnComplete(KeepJobs v) {
      removeOnComplete = v;
      return this;
    }

    public Builder removeOnFail(KeepJobs v) {
      removeOnFail = v;
      return this;
    }

    public Builder limiter(RateLimit v) {
      limiter = v;
      return this;
    }

    public Builder skipStalledCheck(boolean v) {
      skipStalledCheck = v;
      return this;
    }

    public Builder maximumRateLimitDelay(Duration v) {
      maximumRateLimitDelay = v;
      return this;
    }

    public WorkerOptions build() {
      return new WorkerOptions(
          concurrency,
          lockDuration,
          stalledInterval,
          maxStalledCount,
          drainDelay,
          name,
          removeOnComplete,
          removeOnFail,
          limiter,
          skipStalledCheck,
          maximumRateLimitDelay,
          backoffStrategy,
          maxStartedAttempts);
    }
  }
}
