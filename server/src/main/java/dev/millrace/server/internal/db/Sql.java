package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.server.internal.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** Small JDBC conversions shared by the stores. */
final class Sql {
  private Sql() {}

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      switch (a) {
        case null -> ps.setNull(i + 1, Types.NULL);
        case Instant t -> ps.setTimestamp(i + 1, Timestamp.from(t));
        case JsonNode j -> ps.setString(i + 1, Json.text(j));
        default -> ps.setObject(i + 1, a);
      }
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  static JsonNode json(ResultSet rs, String column) throws SQLException {
    return Json.parse(rs.getString(column));
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  /** Runs an update (or a SELECT, answering 1 when it found a row). */
  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      if (sql.startsWith("SELECT")) {
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? 1 : 0;
        }
      }
      return ps.executeUpdate();
    }
  }
}
