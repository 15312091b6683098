package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.StepStatus;
import dev.millrace.flow.run.Waitpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of step records and waitpoints on the worker API (docs/worker-api.md): field names
 * as the records', instants as ISO-8601 text. The one place that maps them both ways.
 */
public final class StepRecordJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StepRecordJson() {}

  public static ObjectNode write(StepRecord r) {
    ObjectNode n = NODES.objectNode();
    n.put("path", r.path());
    n.put("status", r.status().name());
    n.set("output", r.output() == null ? NullNode.getInstance() : r.output());
    n.put("error", r.error());
    n.put("attempts", r.attempts());
    n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    ArrayNode logs = n.putArray("logs");
    r.logs().forEach(logs::add);
    n.set("waitpoint", r.waitpoint() == null ? NullNode.getInstance() : write(r.waitpoint()));
    return n;
  }

  public static ArrayNode writeAll(List<StepRecord> records) {
    ArrayNode a = NODES.arrayNode();
    records.forEach(r -> a.add(write(r)));
    return a;
  }

  public static ObjectNode write(Waitpoint w) {
    ObjectNode n = NODES.objectNode();
    n.put("stepPath", w.stepPath());
    n.put("kind", w.kind().name());
    n.put("resumeAt", w.resumeAt() == null ? null : w.resumeAt().toString());
    n.set("data", w.data() == null ? NullNode.getInstance() : w.data());
    return n;
  }

  /**
   * Reads one record.
   *
   * @throws IllegalArgumentException when a required field is missing or malformed
   */
  public static StepRecord read(JsonNode n) {
    String path = text(n, "path");
    if (path == null) {
      throw new IllegalArgumentException("step record without a path: " + n);
    }
    String status = text(n, "status");
    List<String> logs = new ArrayList<>();
    JsonNode l = n.path("logs");
    if (l.isArray()) {
      l.forEach(x -> logs.add(x.asText()));
    }
    JsonNode output = n.get("output");
    return new StepRecord(
        path,
        StepStatus.valueOf(status == null ? "" : status),
        output == null ? NullNode.getInstance() : output,
        text(n, "error"),
        n.path("attempts").asInt(1),
        instant(n, "startedAt"),
        instant(n, "finishedAt"),
        logs,
        readWaitpoint(n.get("waitpoint")));
  }

  public static List<StepRecord> readAll(JsonNode array) {
    List<StepRecord> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> out.add(read(n)));
    }
    return out;
  }

  public static Waitpoint readWaitpoint(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return new Waitpoint(
        text(n, "stepPath"),
        Waitpoint.Kind.valueOf(text(n, "kind")),
        instant(n, "resumeAt"),
        n.has("data") ? n.get("data") : NullNode.getInstance());
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static Instant instant(JsonNode n, String field) {
    String v = text(n, field);
    return v == null ? null : Instant.parse(v);
  }
}
