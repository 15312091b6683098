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
    String scopeKey = op.scopeKey();
    String key = op.key();
    return switch (op.op()) {
      case "get" -> read(c, scopeKey, key, false);
      case "put" -> {
        write(c, scopeKey, key, op.value());
        yield op.value();
      }
      case "delete" ->
          BooleanNode.valueOf(
              Sql.update(c, "DELETE FROM kv WHERE scope_key = ? AND key = ?", scopeKey, key) > 0);
      case "append" -> {
        JsonNode current = read(c, scopeKey, key, true);
        ArrayNode list = Json.MAPPER.createArrayNode();
        if (current != null && current.isArray()) {
          list.addAll((ArrayNode) current);
        } else if (current != null && !current.isNull()) {
          list.add(current);
        }
        list.add(op.value());
        write(c, scopeKey, key, list);
        yield list;
      }
      case "increment" ->
          increment(
              c,
              scopeKey,
              key,
              op.delta() == null || op.delta().isNull() ? LongNode.valueOf(1) : op.delta());
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
  private static JsonNode increment(Connection c, String scopeKey, String key, JsonNode delta)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO kv AS k (scope_key, key, value) VALUES (?, ?, ?::jsonb)"
                + " ON CONFLICT (scope_key, key) DO UPDATE SET value = CASE jsonb_typeof(k.value)"
                + " WHEN 'number' THEN to_jsonb(k.value::numeric + excluded.value::numeric)"
                + " WHEN 'null' THEN excluded.value ELSE k.value END, updated_at = now()"
                + " RETURNING value")) {
      Sql.bind(ps, scopeKey, key, Json.write(delta));
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

  private static int write(Connection c, String scopeKey, String key, JsonNode value)
      throws SQLException {
    return Sql.update(
        c,
        "INSERT INTO kv (scope_key, key, value) VALUES (?, ?, ?::jsonb) ON CONFLICT (scope_key,"
            + " key) DO UPDATE SET value = excluded.value, updated_at = now()",
        scopeKey,
        key,
        Json.write(value));
  }
}
