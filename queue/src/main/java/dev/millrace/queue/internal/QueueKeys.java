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
  // built once: the worker passes these on every call
  private final String waitingKey;
  private final String pausedKey;
  private final String activeKey;
  private final String prioritizedKey;
  private final String priorityCounterKey;
  private final String delayedKey;
  private final String completedKey;
  private final String failedKey;
  private final String waitingChildrenKey;
  private final String markerKey;
  private final String stalledKey;
  private final String stalledCheckKey;
  private final String limiterKey;
  private final String metaKey;
  private final String eventsKey;
  private final String idKey;
  private final String repeatKey;

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
    this.waitingKey = base + "wait";
    this.pausedKey = base + "paused";
    this.activeKey = base + "active";
    this.prioritizedKey = base + "prioritized";
    this.priorityCounterKey = base + "pc";
    this.delayedKey = base + "delayed";
    this.completedKey = base + "completed";
    this.failedKey = base + "failed";
    this.waitingChildrenKey = base + "waiting-children";
    this.markerKey = base + "marker";
    this.stalledKey = base + "stalled";
    this.stalledCheckKey = base + "stalled-check";
    this.limiterKey = base + "limiter";
    this.metaKey = base + "meta";
    this.eventsKey = base + "events";
    this.idKey = base + "id";
    this.repeatKey = base + "repeat";
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
    return waitingKey;
  }

  /** Legacy (BullMQ v5) list of jobs held while paused; v6 only drains it on resume. */
  public String paused() {
    return pausedKey;
  }

  public String active() {
    return activeKey;
  }

  public String prioritized() {
    return prioritizedKey;
  }

  public String priorityCounter() {
    return priorityCounterKey;
  }

  public String delayed() {
    return delayedKey;
  }

  public String completed() {
    return completedKey;
  }

  public String failed() {
    return failedKey;
  }

  public String waitingChildren() {
    return waitingChildrenKey;
  }

  public String marker() {
    return markerKey;
  }

  public String stalled() {
    return stalledKey;
  }

  public String stalledCheck() {
    return stalledCheckKey;
  }

  public String limiter() {
    return limiterKey;
  }

  public String meta() {
    return metaKey;
  }

  public String events() {
    return eventsKey;
  }

  public String id() {
    return idKey;
  }

  public String repeat() {
    return repeatKey;
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
