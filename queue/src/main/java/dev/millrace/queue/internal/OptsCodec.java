package dev.millrace.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.queue.Backoff;
import dev.millrace.queue.Deduplication;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.KeepJobs;
import java.time.Duration;

/**
 * Writes and reads the job hash's {@code opts} JSON as Node BullMQ does: long names except the
 * compressed ones ({@code de}, {@code kl}, ...), {@code attempts} always present, backoff
 * normalized to {@code {delay, type}}. Reading is tolerant: unknown keys are ignored, a numeric
 * backoff means fixed, a missing attempts means 0, and long names are accepted for short ones.
 */
public final class OptsCodec {
  public static final ObjectMapper JSON = new ObjectMapper();

  private OptsCodec() {}

  public static String encode(JobOptions o) {
    ObjectNode n = JSON.createObjectNode();
    if (o.jobId() != null) {
      n.put("jobId", o.jobId());
    }
    if (!o.delay().isZero()) {
      n.put("delay", o.delay().toMillis());
    }
    if (o.priority() > 0) {
      n.put("priority", o.priority());
    }
    if (o.lifo()) {
      n.put("lifo", true);
    }
    if (o.keepLogs() != null) {
      n.put("kl", o.keepLogs());
    }
    if (o.backoff() != null) {
      ObjectNode b = n.putObject("backoff");
      b.put("delay", o.backoff().delay().toMillis());
      b.put("type", o.backoff().type());
      if (o.backoff().jitter() > 0) {
        b.put("jitter", o.backoff().jitter());
      }
    }
    if (o.removeOnComplete() != null) {
      n.set("removeOnComplete", keepToJson(o.removeOnComplete()));
    }
    if (o.removeOnFail() != null) {
      n.set("removeOnFail", keepToJson(o.removeOnFail()));
    }
    if (o.deduplication() != null) {
      ObjectNode d = n.putObject("de");
      d.put("id", o.deduplication().id());
      if (o.deduplication().ttl() != null) {
        d.put("ttl", o.deduplication().ttl().toMillis());
      }
    }
    if (o.stackTraceLimit() != null) {
      n.put("stackTraceLimit", o.stackTraceLimit());
    }
    n.put("attempts", o.attempts());
    return n.toString();
  }

  private static JsonNode keepToJson(KeepJobs k) {
    if (k.remove()) {
      return JSON.getNodeFactory().booleanNode(true);
    }
    if (k.age() != null) {
      ObjectNode n = JSON.createObjectNode();
      n.put("age", k.age().toSeconds());
      if (k.count() != null) {
        n.put("count", k.count());
      }
      return n;
    }
    if (k.count() != null) {
      return JSON.getNodeFactory().numberNode(k.count());
    }
    return JSON.getNodeFactory().booleanNode(false);
  }

  /** Parses stored opts; never throws: unreadable parts fall back to their defaults. */
  public static JobOptions decode(String json) {
    JsonNode n;
    try {
      n = json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (Exception e) {
      n = JSON.createObjectNode();
    }
    if (!n.isObject()) {
      n = JSON.createObjectNode();
    }
    JobOptions.Builder b = JobOptions.builder();
    String jobId = text(n, "jobId");
    if (jobId != null) {
      // Stored ids were validated by their producer (possibly an older one): do not re-check.
      b.jobId(null);
    }
    long delay = n.path("delay").asLong(0);
    if (delay > 0) {
      b.delay(Duration.ofMillis(delay));
    }
    int priority = n.path("priority").asInt(0);
    if (priority > 0 && priority <= JobOptions.MAX_PRIORITY) {
      b.priority(priority);
    }
    b.lifo(n.path("lifo").asBoolean(false));
    b.attempts(Math.max(0, n.path("attempts").asInt(0)));
    JsonNode backoff = n.get("backoff");
    if (backoff != null && backoff.isNumber()) {
      b.backoff(Backoff.fixed(Duration.ofMillis(Math.max(0, backoff.asLong()))));
    } else if (backoff != null && backoff.isObject()) {
      double jitter = Math.min(1, Math.max(0, backoff.path("jitter").asDouble(0)));
      b.backoff(
          new Backoff(
              backoff.path("type").asText("fixed"),
              Duration.ofMillis(Math.max(0, backoff.path("delay").asLong(0))),
              jitter));
    }
    b.removeOnComplete(keepFromJson(n.get("removeOnComplete")));
    b.removeOnFail(keepFromJson(n.get("removeOnFail")));
    JsonNode de = n.has("de") ? n.get("de") : n.get("deduplication");
    if (de != null && de.isObject() && de.hasNonNull("id") && !de.get("id").asText().isEmpty()) {
      long ttl = de.path("ttl").asLong(0);
      b.deduplication(
          Deduplication.of(de.get("id").asText(), ttl > 0 ? Duration.ofMillis(ttl) : null));
    }
    JsonNode kl = n.has("kl") ? n.get("kl") : n.get("keepLogs");
    if (kl != null && kl.canConvertToInt() && kl.asInt() >= 0) {
      b.keepLogs(kl.asInt());
    }
    JsonNode stl = n.get("stackTraceLimit");
    if (stl != null && stl.canConvertToInt()) {
      b.stackTraceLimit(stl.asInt());
    }
    return b.build();
  }

  /** The custom job id stored in opts, if any (not validated). */
  public static String jobId(String json) {
    try {
      return text(JSON.readTree(json), "jobId");
    } catch (Exception e) {
      return null;
    }
  }

  private static KeepJobs keepFromJson(JsonNode k) {
    if (k == null || k.isNull()) {
      return null;
    }
    if (k.isBoolean()) {
      return k.asBoolean() ? KeepJobs.removeAll() : KeepJobs.keepAll();
    }
    if (k.isNumber()) {
      return KeepJobs.newest(Math.max(0, k.asInt()));
    }
    if (k.isObject()) {
      long age = k.path("age").asLong(0);
      Integer count = k.has("count") ? Math.max(0, k.get("count").asInt()) : null;
      return KeepJobs.of(age > 0 ? Duration.ofSeconds(age) : null, count);
    }
    return null;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
