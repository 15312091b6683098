package dev.millrace.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.internal.OptsCodec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job as stored in its BullMQ hash. Immutable snapshot, except that a job handed to a {@link
 * Processor} can {@link #updateProgress} and {@link #log}. Payloads ({@code data}, {@code
 * returnvalue}, {@code progress}) are JSON text, as Node stores them.
 */
public final class Job {
  private final String id;
  private final Map<String, String> fields;
  private volatile JobOptions opts; // parsed on first use
  private final ActiveJobHandle handle;

  private Job(String id, Map<String, String> fields, ActiveJobHandle handle) {
    this.id = Objects.requireNonNull(id, "id");
    this.fields = Map.copyOf(fields);
    this.handle = handle;
  }

  /** Decodes a job hash (as HGETALL returns it). */
  public static Job fromHash(String id, Map<String, String> fields) {
    return new Job(id, fields, null);
  }

  /** A job being processed, bound to the worker that holds its lock. */
  public static Job active(String id, Map<String, String> fields, ActiveJobHandle handle) {
    return new Job(id, fields, Objects.requireNonNull(handle, "handle"));
  }

  public String id() {
    return id;
  }

  public String name() {
    return fields.getOrDefault("name", "");
  }

  /** The data as stored: JSON text; Node reads an empty value as {}. */
  public String dataJson() {
    String data = fields.get("data");
    return data == null || data.isEmpty() ? "{}" : data;
  }

  /**
   * The data parsed as JSON.
   *
   * @throws IllegalStateException when the stored data is not valid JSON
   */
  public JsonNode data() {
    try {
      return OptsCodec.JSON.readTree(dataJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "job " + id + " has invalid data JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The options, parsed tolerantly from the stored opts JSON. */
  public JobOptions opts() {
    JobOptions o = opts;
    if (o == null) {
      o = OptsCodec.decode(fields.get("opts"));
      opts = o;
    }
    return o;
  }

  public String optsJson() {
    return fields.getOrDefault("opts", "{}");
  }

  public long timestamp() {
    return longField("timestamp", 0);
  }

  public long delay() {
    return longField("delay", 0);
  }

  public int priority() {
    return (int) longField("priority", 0);
  }

  /** Attempts finished so far ({@code atm}, or the pre-v5 {@code attemptsMade}). */
  public int attemptsMade() {
    return (int) (fields.containsKey("atm") ? longField("atm", 0) : longField("attemptsMade", 0));
  }

  /** Attempts started ({@code ats}). */
  public int attemptsStarted() {
    return (int) longField("ats", 0);
  }

  /** Times the job stalled ({@code stc}). */
  public int stalledCounter() {
    return (int) longField("stc", 0);
  }

  /** The deferred failure reason ({@code defa}) of a job that stalled too often, or null. */
  public String deferredFailure() {
    return fields.get("defa");
  }

  public Long processedOn() {
    return fields.containsKey("processedOn") ? longField("processedOn", 0) : null;
  }

  public Long finishedOn() {
    return fields.containsKey("finishedOn") ? longField("finishedOn", 0) : null;
  }

  /** The worker name that processed the job last ({@code pb}), or null. */
  public String processedBy() {
    return fields.get("pb");
  }

  /** The return value as JSON text, or null when not completed. */
  public String returnValueJson() {
    return fields.get("returnvalue");
  }

  /** The progress as JSON text, or null. */
  public String progressJson() {
    return fields.get("progress");
  }

  public String failedReason() {
    return fields.get("failedReason");
  }

  /** Stack traces of failed attempts, oldest first. */
  public List<String> stacktrace() {
    String raw = fields.get("stacktrace");
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode n = OptsCodec.JSON.readTree(raw);
      return n.isArray() ? n.valueStream().map(JsonNode::asText).toList() : List.of();
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  /** The raw hash fields. */
  public Map<String, String> fields() {
    return fields;
  }

  /**
   * Stores the progress (any JSON-serializable value: a number or an object) and emits a {@code
   * progress} event. Only for a job handed to a processor.
   */
  public void updateProgress(Object progress) {
    requireHandle().updateProgress(toJson(progress));
  }

  /** Appends a log line; returns the number of lines kept. Only for a job handed to a processor. */
  public long log(String line) {
    return requireHandle().log(line);
  }

  /**
   * The token of the lock held on this job by the worker processing it: what an app records as the
   * run's lease. Only for a job handed to a processor.
   */
  public String lockToken() {
    return requireHandle().lockToken();
  }

  private ActiveJobHandle requireHandle() {
    if (handle == null) {
      throw new IllegalStateException("job " + id + " is not being processed by this worker");
    }
    return handle;
  }

  private long longField(String name, long fallback) {
    String v = fields.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        return (long) Double.parseDouble(v);
      } catch (NumberFormatException e2) {
        return fallback;
      }
    }
  }

  static String toJson(Object value) {
    try {
      return OptsCodec.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not JSON-serializable: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Job[" + id + " " + name() + "]";
  }
}
