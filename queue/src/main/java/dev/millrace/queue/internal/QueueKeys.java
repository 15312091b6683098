package dev.millrace.queue.internal;

import java.util.Objects;

/**
 * Builds every Redis key of one queue: {@code <prefix>:<queue>:<type>}, BullMQ's layout. The prefix
 * may carry a {@code {hash-tag}} so that all keys of a queue land on one Redis Cluster slot
 * (scripts build job keys from {@link #base()} too). Immutable and thread-safe.
 */
public final class QueueKeys {
  private final String prefix;
  private final String queue;
  private final String base;

  public QueueKeys(String prefix, String queue) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.queue = Objects.requireNonNull(queue, "queue");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty");
    }
    if (queue.isEmpty() || queue.contains(":")) {
      throw new IllegalArgumentException("queue name must be non-empty and without ':': " + queue);
    }
    this.base = prefix + ":" + queue + ":";
  }

  public String prefix() {
    return prefix;
  }

  public String queue() {
    return queue;
  }

  /** {@code <prefix>:<queue>:}, the prefix of every job key, handed to scripts. */
  public String base() {
    return base;
  }

  public String key(String type) {
    return base + type;
  }

  public String waiting() {
    return base + "wait";
  }

  /** Legacy (BullMQ v5) list of jobs held while paused; v6 only drains it on resume. */
  public String paused() {
    return base + "paused";
  }

  public String active() {
    return base + "active";
  }

  public String prioritized() {
    return base + "prioritized";
  }

  public String priorityCounter() {
    return base + "pc";
  }

  public String delayed() {
    return base + "delayed";
  }

  public String completed() {
    return base + "completed";
  }

  public String failed() {
    return base + "failed";
  }

  public String waitingChildren() {
    return base + "waiting-children";
  }

  public String marker() {
    return base + "marker";
  }

  public String stalled() {
    return base + "stalled";
  }

  public String stalledCheck() {
    return base + "stalled-check";
  }

  public String limiter() {
    return base + "limiter";
  }

  public String meta() {
    return base + "meta";
  }

  public String events() {
    return base + "events";
  }

  public String id() {
    return base + "id";
  }

  public String repeat() {
    return base + "repeat";
  }

  public String scheduler(String schedulerId) {
    return base + "repeat:" + schedulerId;
  }

  /** The id of a scheduler's iteration due at {@code millis}: {@code repeat:<id>:<millis>}. */
  public static String schedulerJobId(String schedulerId, long millis) {
    return "repeat:" + schedulerId + ":" + millis;
  }

  /**
   * The name of a worker's blocking connection, Node's convention {@code
   * <prefix>:<base64(queue)>:w:<worker name>}, by which Node's {@code getWorkers()} finds workers.
   */
  public String workerConnectionName(String workerName) {
    return prefix
        + ":"
        + java.util.Base64.getEncoder()
            .encodeToString(queue.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ":w:"
        + workerName;
  }

  public String job(String jobId) {
    return base + jobId;
  }

  public String lock(String jobId) {
    return base + jobId + ":lock";
  }

  public String logs(String jobId) {
    return base + jobId + ":logs";
  }

  public String dedup(String dedupId) {
    return base + "de:" + dedupId;
  }

  /** The key of a state's list or zset, by BullMQ state name ("waiting" is the wait list). */
  public String state(String stateName) {
    return switch (stateName) {
      case "waiting", "wait" -> waiting();
      default -> base + stateName;
    };
  }
}
