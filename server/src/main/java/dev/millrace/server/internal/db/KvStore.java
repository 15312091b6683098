package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.millrace.server.internal.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The key-value store behind the {@code store} piece. Values are JSON; a scope key names whose
 * values they are ({@code run:<id>}, {@code flow:<id>}, {@code project:<id>}). Read-modify-write
 * operations lock the row, so concurrent increments do not lose updates.
 */
public final class KvStore {
  private final Database db;

  public KvStore(Database db) {
    this.db = db;
  }

  /** One store operation: what to do, in which scope, to which key. */
  public record Op(String scopeKey, String op, String key, JsonNode value, JsonNode delta) {}

  /** Where a keyed write's answer is kept: its row of {@code store_writes}. */
  record Keep(UUID runId, String idempotencyKey) {}

  // Appended to a write's statement as a data-modifying WITH: the answer is kept by the same
  // statement that writes, not by one more round trip.
  private static final String KEEP_ANSWER =
      " INSERT INTO store_writes (run_id, idempotency_key, answer)";

  /** Applies one operation in a transaction of its own and returns its answer. */
  public JsonNode apply(Op op) {
    validate(op);
    return db.inTransaction(c -> apply(c, op));
  }

  /** Checks an operation before any work is done: a bad one is an IllegalArgumentException. */
  static void validate(Op op) {
    if (op.key() == null || op.key().isEmpty()) {
      throw new IllegalArgumentException("key must be a non-empty string");
    }
    switch (op.op()) {
      case "get", "delete", "append" -> {}
      case "put" -> {
        if (op.value() == null || op.value().isMissingNode()) {
          throw new IllegalArgumentException("put needs a value");
        }
      }
      case "increment" -> {
        if (op.delta() != null && !op.delta().isNull() && !op.delta().isNumber()) {
          throw new IllegalArgumentException("delta must be a number");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "op must be one of get, put, delete, append, increment");
    }
  }

  /** Applies a validated operation in the caller's transaction (see docs/worker-api.md). */
  static JsonNode apply(Connection c, Op op) throws SQLException {
    return apply(c, op, null);
  }

  /**
   * Applies a validated operation in the caller's transaction and, unless {@code keep} is null,
   * keeps its answer in {@code store_writes} with the same statement.
   */
  static JsonNode apply(Connection c, Op op, Keep keep) throws SQLException {
    String scopeKey = op.scopeKey();
    String key = op.key();
    return switch (op.op()) {
      case "get" -> read(c, scopeKey, key, false);
      case "put" -> {
        write(c, scopeKey, key, op.value(), keep);
        yield op.value();
      }
      case "delete" -> delete(c, scopeKey, key, keep);
      case "append" -> {
        JsonNode current = read(c, scopeKey, key, true);
        ArrayNode list = Json.MAPPER.createArrayNode();
        if (current != null && current.isArray()) {
          list.addAll((ArrayNode) current);
        } else if (current != null && !current.isNull()) {
          list.add(current);
        }
        list.add(op.value());
        write(c, scopeKey, key, list, keep);
        yield list;
      }
      case "increment" ->
          increment(
              c,
              scopeKey,
              key,
              op.delta() == null || op.delta().isNull() ? LongNode.valueOf(1) : op.delta(),
              keep);
      default -> throw new IllegalArgumentException("unknown op " + op.op());
    };
  }

  private static JsonNode read(Connection c, String scopeKey, String key, boolean lock)
      throws SQLException {
    if (lock) {
      // make sure there is a row to lock: two first appends must not both see "missing"
      Sql.update(
          c,
          "INSERT INTO kv (scope_key, key, value) VALUES (?, ?, 'null'::jsonb)"
              + " ON CONFLICT DO NOTHING",
          scopeKey,
          key);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT value FROM kv WHERE scope_key = ? AND key = ?" + (lock ? " FOR UPDATE" : ""))) {
      Sql.bind(ps, scopeKey, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Sql.json(rs, "value") : null;
      }
    }
  }

  // One statement: a missing or null value counts as 0; anything but a number is left alone and
  // refused (the caller's transaction rolls back). PostgreSQL's numeric keeps the sum exact.
  private static JsonNode increment(
      Connection c, String scopeKey, String key, JsonNode delta, Keep keep) throws SQLException {
    String upsert =
        "INSERT INTO kv AS k (scope_key, key, value) VALUES (?, ?, ?::jsonb)"
            + " ON CONFLICT (scope_key, key) DO UPDATE SET value = CASE jsonb_typeof(k.value)"
            + " WHEN 'number' THEN to_jsonb(k.value::numeric + excluded.value::numeric)"
            + " WHEN 'null' THEN excluded.value ELSE k.value END, updated_at = now()"
            + " RETURNING value";
    try (PreparedStatement ps =
        c.prepareStatement(
            keep == null
                ? upsert
                : "WITH w AS ("
                    + upsert
                    + ")"
                    + KEEP_ANSWER
                    + " SELECT ?, ?, value FROM w RETURNING answer AS value")) {
      if (keep == null) {
        Sql.bind(ps, scopeKey, key, Json.write(delta));
      } else {
        Sql.bind(ps, scopeKey, key, Json.write(delta), keep.runId(), keep.idempotencyKey());
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        JsonNode next = Sql.json(rs, "value");
        if (!next.isNumber()) {
          throw new IllegalArgumentException("value of " + key + " is not a number");
        }
        return next;
      }
    }
  }

  // the written value is also the answer (put, append)
  private static void write(Connection c, String scopeKey, String key, JsonNode value, Keep keep)
      throws SQLException {
    String upsert =
        "INSERT INTO kv (scope_key, key, value) VALUES (?, ?, ?::jsonb) ON CONFLICT (scope_key,"
            + " key) DO UPDATE SET value = excluded.value, updated_at = now()";
    String json = Json.write(value);
    if (keep == null) {
      Sql.update(c, upsert, scopeKey, key, json);
    } else {
      Sql.update(
          c,
          "WITH w AS (" + upsert + ")" + KEEP_ANSWER + " VALUES (?, ?, ?::jsonb)",
          scopeKey,
          key,
          json,
          keep.runId(),
          keep.idempotencyKey(),
          json);
    }
  }

  private static JsonNode delete(Connection c, String scopeKey, String key, Keep keep)
      throws SQLException {
    String delete = "DELETE FROM kv WHERE scope_key = ? AND key = ?";
    if (keep == null) {
      return BooleanNode.valueOf(Sql.update(c, delete, scopeKey, key) > 0);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "WITH d AS ("
                + delete
                + " RETURNING 1)"
                + KEEP_ANSWER
                + " SELECT ?, ?, to_jsonb(EXISTS (SELECT 1 FROM d)) RETURNING answer")) {
      Sql.bind(ps, scopeKey, key, keep.runId(), keep.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Sql.json(rs, "answer");
      }
    }
  }
}
