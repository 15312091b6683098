package dev.millrace.queue;

import java.time.Duration;

/**
 * Options of one job, as Node BullMQ's {@code JobsOptions}. Immutable; build with {@link
 * #builder()}. {@link #DEFAULT} has no options set (attempts 0: no retry).
 *
 * @param jobId custom id, or null for an auto id; validated as BullMQ does (not an integer, no ':',
 *     not "0")
 * @param delay wait before the job becomes ready; zero for none
 * @param priority 0 (none) or 1..2^21-1, lower runs sooner
 * @param lifo push to the front of the wait list
 * @param attempts total attempts (0 and 1 mean a single attempt)
 * @param backoff wait between attempts, or null for an immediate retry
 * @param removeOnComplete what to keep of completed jobs, or null for the worker's default
 * @param removeOnFail what to keep of failed jobs, or null for the worker's default
 * @param deduplication deduplication id and ttl, or null
 * @param keepLogs keep only the newest n log lines, or null for all
 * @param stackTraceLimit keep at most n stack traces, or null for BullMQ's default (10)
 * @param timestamp creation time in ms, or null for now
 */
public record JobOptions(
    String jobId,
    Duration delay,
    int priority,
    boolean lifo,
    int attempts,
    Backoff backoff,
    KeepJobs removeOnComplete,
    KeepJobs removeOnFail,
    Deduplication deduplication,
    Integer keepLogs,
    Integer stackTraceLimit,
    Long timestamp) {

  /** BullMQ's priority limit: 2^21 - 1. */
  public static final int MAX_PRIORITY = 2_097_151;

  public static final JobOptions DEFAULT = builder().build();

  public JobOptions {
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "Priority should be between 0 and " + MAX_PRIORITY + ": " + priority);
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
    if (keepLogs != null && keepLogs < 0) {
      throw new IllegalArgumentException("keepLogs must not be negative: " + keepLogs);
    }
    if (jobId != null) {
      validateJobId(jobId);
    }
  }

  /**
   * Node BullMQ's checks for a custom id: not an integer (auto ids are), no ':' (except legacy
   * three-part ids), not "0" nor starting with "0:".
   */
  public static void validateJobId(String jobId) {
    if (jobId.isEmpty()) {
      throw new IllegalArgumentException("Custom Id cannot be empty");
    }
    if (jobId.equals("0") || jobId.startsWith("0:")) {
      throw new IllegalArgumentException("JobId cannot be '0' or start with 0:");
    }
    if (isIntegerText(jobId)) {
      throw new IllegalArgumentException("Custom Id cannot be integers: " + jobId);
    }
    if (jobId.contains(":") && jobId.split(":", -1).length != 3) {
      throw new IllegalArgumentException("Custom Id cannot contain ':' : " + jobId);
    }
  }

  // Node's test is `${parseInt(id, 10)}` === id: canonical decimal integers only ("007" passes).
  private static boolean isIntegerText(String s) {
    try {
      return Long.toString(Long.parseLong(s)).equals(s);
    } catch (NumberFormatException e) {
      return s.matches("-?[1-9][0-9]{18,}");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.jobId = jobId;
    b.delay = delay;
    b.priority = priority;
    b.lifo = lifo;
    b.attempts = attempts;
    b.backoff = backoff;
    b.removeOnComplete = removeOnComplete;
    b.removeOnFail = removeOnFail;
    b.deduplication = deduplication;
    b.keepLogs = keepLogs;
    b.stackTraceLimit = stackTraceLimit;
    b.timestamp = timestamp;
    return b;
  }

  /** Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private String jobId;
    private Duration delay = Duration.ZERO;
    private int priority;
    private boolean lifo;
    private int attempts;
    private Backoff backoff;
    private KeepJobs removeOnComplete;
    private KeepJobs removeOnFail;
    private Deduplication deduplication;
    private Integer keepLogs;
    private Integer stackTraceLimit;
    private Long timestamp;

    private Builder() {}

    public Builder jobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    public Builder delay(Duration delay) {
      this.delay = delay;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder lifo(boolean lifo) {
      this.lifo = lifo;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    public Builder removeOnComplete(KeepJobs keep) {
      this.removeOnComplete = keep;
      return this;
    }

    public Builder removeOnComplete(boolean remove) {
      this.removeOnComplete = remove ? KeepJobs.removeAll() : KeepJobs.keepAll();
      return this;
    }

    public Builder removeOnFail(KeepJobs keep) {
      this.removeOnFail = keep;
      return this;
    }

    public Builder removeOnFail(boolean remove) {
      this.removeOnFail = remove ? KeepJobs.removeAll() : KeepJobs.keepAll();
      return this;
    }

    public Builder deduplication(Deduplication deduplication) {
      this.deduplication = deduplication;
      return this;
    }

    public Builder keepLogs(Integer keepLogs) {
      this.keepLogs = keepLogs;
      return this;
    }

    public Builder stackTraceLimit(Integer stackTraceLimit) {
      this.stackTraceLimit = stackTraceLimit;
      return this;
    }

    public Builder timestamp(Long timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public JobOptions build() {
      return new JobOptions(
          jobId,
          delay,
          priority,
          lifo,
          attempts,
          backoff,
          removeOnComplete,
          removeOnFail,
          deduplication,
          keepLogs,
          stackTraceLimit,
          timestamp);
    }
  }
}
