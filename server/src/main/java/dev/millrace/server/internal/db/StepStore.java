package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.server.internal.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The journal: one row per step path of a run, in the JSON form of {@code StepRecord}. Writes are
 * upserts by (run_id, path), so a repeated write changes nothing.
 */
public final class StepStore {
  private static final Set<String> STATUSES = Set.of("SUCCEEDED", "FAILED", "SKIPPED", "PAUSED");

  private StepStore() {}

  /** Checks the shape of step records; a bad one is a {@link IllegalArgumentException}. */
  public static void validate(JsonNode records) {
    if (records == null || records.isNull() || records.isMissingNode()) {
      return;
    }
    if (!records.isArray()) {
      throw new IllegalArgumentException("records must be an array");
    }
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      String where = "records[" + i + "]";
      if (!r.isObject() || !r.path("path").isTextual() || r.path("path").asText().isEmpty()) {
        throw new IllegalArgumentException(where + ".path must be a non-empty string");
      }
      if (!STATUSES.contains(r.path("status").asText())) {
        throw new IllegalArgumentException(where + ".status must be one of " + STATUSES);
      }
      instant(r, "startedAt", where);
      instant(r, "finishedAt", where);
    }
  }

  /** Upserts records (validated) in order. */
  static void upsert(Connection c, UUID runId, JsonNode records) throws SQLException {
    if (records == null || !records.isArray() || records.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO steps (run_id, path, status, output, error, attempts, started_at,"
                + " finished_at, logs, waitpoint) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb,"
                + " ?::jsonb) ON CONFLICT (run_id, path) DO UPDATE SET status = excluded.status,"
                + " output = excluded.output, error = excluded.error, attempts = excluded.attempts,"
                + " started_at = excluded.started_at, finished_at = excluded.finished_at,"
                + " logs = excluded.logs, waitpoint = excluded.waitpoint")) {
      for (JsonNode r : records) {
        Instant started = instant(r, "startedAt", "");
        Instant finished = instant(r, "finishedAt", "");
        Sql.bind(
            ps,
            runId,
            r.get("path").asText(),
            r.get("status").asText(),
            r.get("output"),
            r.hasNonNull("error") ? r.get("error").asText() : null,
            r.path("attempts").asInt(1),
            started,
            finished,
            r.get("logs"),
            r.get("waitpoint"));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The journal of a run in the order steps were first written. */
  public static List<ObjectNode> journal(Connection c, UUID runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path, status, output, error, attempts, started_at, finished_at, logs, waitpoint"
                + " FROM steps WHERE run_id = ? ORDER BY seq")) {
      Sql.bind(ps, runId);
      try (ResultSet rs = ps.executeQuery()) {
        List<ObjectNode> out = new ArrayList<>();
        while (rs.next()) {
          ObjectNode r = Json.object();
          r.put("path", rs.getString("path"));
          r.put("status", rs.getString("status"));
          r.set("output", Sql.json(rs, "output"));
          r.put("error", rs.getString("error"));
          r.put("attempts", rs.getInt("attempts"));
          r.put("startedAt", iso(rs.getTimestamp("started_at")));
          r.put("finishedAt", iso(rs.getTimestamp("finished_at")));
          JsonNode logs = Sql.json(rs, "logs");
          r.set("logs", logs == null ? Json.MAPPER.createArrayNode() : logs);
          r.set("waitpoint", Sql.json(rs, "waitpoint"));
          out.add(r);
        }
        return out;
      }
    }
  }

  /** Deletes the FAILED records of a run, so a retry re-executes those steps. */
  static int deleteFailed(Connection c, UUID runId) throws SQLException {
    return Sql.update(c, "DELETE FROM steps WHERE run_id = ? AND status = 'FAILED'", runId);
  }

  private static String iso(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static Instant instant(JsonNode r, String field, String where) {
    JsonNode v = r.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + "." + field + " must be an ISO-8601 instant");
    }
  }
}
