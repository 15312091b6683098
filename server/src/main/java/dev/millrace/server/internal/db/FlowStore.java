package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Flows and their immutable, numbered versions. */
public final class FlowStore {
  /** A flow with its current version. */
  public record FlowRow(
      UUID id,
      UUID projectId,
      String name,
      boolean enabled,
      UUID versionId,
      int versionNumber,
      JsonNode definition,
      Instant createdAt,
      Instant updatedAt) {}

  private static final String SELECT =
      "SELECT f.id, f.project_id, f.name, f.enabled, f.current_version, v.number, v.definition,"
          + " f.created_at, f.updated_at FROM flows f JOIN flow_versions v ON v.id = f.current_version";

  private final Database db;

  public FlowStore(Database db) {
    this.db = db;
  }

  /** Creates an enabled flow with its first version. */
  public FlowRow create(UUID projectId, String name, JsonNode definition) {
    UUID id = UUID.randomUUID();
    db.inTransaction(
        c -> {
          Sql.update(
              c,
              "INSERT INTO flows (id, project_id, name, enabled) VALUES (?, ?, ?, true)",
              id,
              projectId,
              name);
          insertVersion(c, id, 1, definition);
          return null;
        });
    return get(id).orElseThrow();
  }

  /** Publishes a new version and makes it current; runs already started keep theirs. */
  public Optional<FlowRow> publish(UUID flowId, String name, JsonNode definition) {
    boolean found =
        db.inTransaction(
            c -> {
              int next;
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT coalesce(max(v.number), 0) + 1 FROM flows f"
                          + " LEFT JOIN flow_versions v ON v.flow_id = f.id WHERE f.id = ?"
                          + " GROUP BY f.id")) {
                Sql.bind(ps, flowId);
                // lock the flow row so two publishes get distinct numbers
                Sql.update(c, "SELECT 1 FROM flows WHERE id = ? FOR UPDATE", flowId);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return false;
                  }
                  next = rs.getInt(1);
                }
              }
              insertVersion(c, flowId, next, definition);
              Sql.update(
                  c, "UPDATE flows SET name = ?, updated_at = now() WHERE id = ?", name, flowId);
              return true;
            });
    return found ? get(flowId) : Optional.empty();
  }

  public boolean setEnabled(UUID flowId, boolean enabled) {
    return db.query(
            c ->
                Sql.update(
                    c,
                    "UPDATE flows SET enabled = ?, updated_at = now() WHERE id = ?",
                    enabled,
                    flowId))
        > 0;
  }

  public boolean delete(UUID flowId) {
    return db.query(c -> Sql.update(c, "DELETE FROM flows WHERE id = ?", flowId)) > 0;
  }

  public Optional<FlowRow> get(UUID flowId) {
    return db.query(
        c -> {
          List<FlowRow> rows = select(c, SELECT + " WHERE f.id = ?", flowId);
          return rows.stream().findFirst();
        });
  }

  public List<FlowRow> list(UUID projectId) {
    return db.query(
        c -> select(c, SELECT + " WHERE f.project_id = ? ORDER BY f.created_at, f.id", projectId));
  }

  /** Every enabled flow (any project); the app re-registers their schedules at start. */
  public List<FlowRow> allEnabled() {
    return db.query(c -> select(c, SELECT + " WHERE f.enabled ORDER BY f.created_at"));
  }

  /** The definition of one version. */
  public Optional<JsonNode> definition(UUID versionId) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT definition FROM flow_versions WHERE id = ?")) {
            Sql.bind(ps, versionId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Sql.json(rs, "definition")) : Optional.empty();
            }
          }
        });
  }

  private static void insertVersion(Connection c, UUID flowId, int number, JsonNode definition)
      throws SQLException {
    UUID versionId = UUID.randomUUID();
    Sql.update(
        c,
        "INSERT INTO flow_versions (id, flow_id, number, definition) VALUES (?, ?, ?, ?::jsonb)",
        versionId,
        flowId,
        number,
        definition);
    Sql.update(c, "UPDATE flows SET current_version = ? WHERE id = ?", versionId, flowId);
  }

  private static List<FlowRow> select(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<FlowRow> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new FlowRow(
                  Sql.uuid(rs, "id"),
                  Sql.uuid(rs, "project_id"),
                  rs.getString("name"),
                  rs.getBoolean("enabled"),
                  Sql.uuid(rs, "current_version"),
                  rs.getInt("number"),
                  Sql.json(rs, "definition"),
                  Sql.instant(rs, "created_at"),
                  Sql.instant(rs, "updated_at")));
        }
        return out;
      }
    }
  }
}
