package dev.millrace.server.internal.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/** Projects and their API keys. Keys are kept as SHA-256 hashes only. */
public final class ProjectStore {
  private final Database db;

  public ProjectStore(Database db) {
    this.db = db;
  }

  public UUID createProject(String name) {
    UUID id = UUID.randomUUID();
    db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO projects (id, name) VALUES (?, ?)")) {
            Sql.bind(ps, id, name);
            return ps.executeUpdate();
          }
        });
    return id;
  }

  /** Adds a key to a project; adding a key twice changes nothing. */
  public void addKey(UUID projectId, String apiKey) {
    db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO api_keys (key_hash, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            Sql.bind(ps, hash(apiKey), projectId);
            return ps.executeUpdate();
          }
        });
  }

  /** The project a key belongs to. */
  public Optional<UUID> projectOf(String apiKey) {
    return db.query(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT project_id FROM api_keys WHERE key_hash = ?")) {
            Sql.bind(ps, hash(apiKey));
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Sql.uuid(rs, "project_id")) : Optional.empty();
            }
          }
        });
  }

  public boolean anyProject() {
    return db.query(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM projects LIMIT 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next();
          }
        });
  }

  static byte[] hash(String apiKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
