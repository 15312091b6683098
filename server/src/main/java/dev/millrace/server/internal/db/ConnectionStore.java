package dev.millrace.server.internal.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Connections of a project; the secret column holds only sealed bytes. */
public final class ConnectionStore {
  /** A connection; {@code sealedSecret} is never shown to a user. */
  public record ConnectionRow(
      UUID id, UUID projectId, String name, String type, byte[] sealedSecret, Instant createdAt) {}

  private final Database db;

  public ConnectionStore(Database db) {
    this.db = db;
  }

  /** Inserts a connection; empty when the project already has one by that name. */
  public boolean insert(UUID id, UUID projectId, String name, String type, byte[] sealed) {
    return db.query(
            c ->
                Sql.update(
                    c,
                    "INSERT INTO connections (id, project_id, name, type, secret)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, name) DO NOTHING",
                    id,
                    projectId,
                    name,
                    type,
                    sealed))
        > 0;
  }

  public List<ConnectionRow> list(UUID projectId) {
    return select("WHERE project_id = ? ORDER BY name", projectId);
  }

  public Optional<ConnectionRow> get(UUID id) {
    return select("WHERE id = ?", id).stream().findFirst();
  }

  public Optional<ConnectionRow> byName(UUID projectId, String name) {
    return select("WHERE project_id = ? AND name = ?", projectId, name).stream().findFirst();
  }

  public boolean delete(UUID id) {
    return db.query(c -> Sql.update(c, "DELETE FROM connections WHERE id = ?", id)) > 0;
  }

  private List<ConnectionRow> select(String where, Object... args) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, project_id, name, type, secret, created_at FROM connections "
                      + where)) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              List<ConnectionRow> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new ConnectionRow(
                        Sql.uuid(rs, "id"),
                        Sql.uuid(rs, "project_id"),
                        rs.getString("name"),
                        rs.getString("type"),
                        rs.getBytes("secret"),
                        Sql.instant(rs, "created_at")));
              }
              return out;
            }
          }
        });
  }
}
