package dev.millrace.queue;

import java.util.Map;

/**
 * One entry of a queue's events stream: {@code event} is BullMQ's name (added, waiting, active,
 * progress, completed, failed, delayed, stalled, ...), {@code fields} the rest of the entry.
 */
public record QueueEvent(String streamId, String event, Map<String, String> fields) {
  public QueueEvent {
    fields = Map.copyOf(fields);
  }

  /** The job the event is about, or null (paused, resumed, drained, cleaned). */
  public String jobId() {
    return fields.get("jobId");
  }
}
