package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
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

  /** Applies one operation and returns its answer (see docs/worker-api.md). */
  public JsonNode apply(String scopeKey, String op, String key, JsonNode value, JsonNode delta) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must be a non-empty string");
    }
    return switch (op) {
      case "get" -> db.query(c -> read(c, scopeKey, key, false));
      case "put" -> {
        if (value == null || value.isMissingNode()) {
          throw new IllegalArgumentException("put needs a value");
        }
        db.query(c -> write(c, scopeKey, key, value));
        yield value;
      }
      case "delete" ->
          BooleanNode.valueOf(
              db.query(
                      c ->
                          Sql.update(
                              c, "DELETE FROM kv WHERE scope_key = ? AND key = ?", scopeKey, key))
                  > 0);
      case "append" ->
          db.inTransaction(
              c -> {
                JsonNode current = read(c, scopeKey, key, true);
                ArrayNode list = Json.MAPPER.createArrayNode();
                if (current != null && current.isArray()) {
                  list.addAll((ArrayNode) current);
                } else if (current != null && !current.isNull()) {
                  list.add(current);
                }
                list.add(value);
                write(c, scopeKey, key, list);
                return list;
              });
      case "increment" -> {
        if (delta != null && !delta.isNull() && !delta.isNumber()) {
          throw new IllegalArgumentException("delta must be a number");
        }
        yield db.inTransaction(
            c -> {
              JsonNode current = read(c, scopeKey, key, true);
              if (current != null && !current.isNull() && !current.isNumber()) {
                throw new IllegalArgumentException("value of " + key + " is not a number");
              }
              JsonNode d = delta == null || delta.isNull() ? LongNode.valueOf(1) : delta;
              JsonNode next =
                  (current == null || current.isIntegralNumber() || current.isNull())
                          && d.isIntegralNumber()
                      ? LongNode.valueOf((current == null ? 0 : current.asLong()) + d.asLong())
                      : DecimalNode.valueOf(
                          (current == null ? java.math.BigDecimal.ZERO : current.decimalValue())
                              .add(d.decimalValue()));
              write(c, scopeKey, key, next);
              return next;
            });
      }
      default ->
          throw new IllegalArgumentException(
              "op must be one of get, put, delete, append, increment");
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
