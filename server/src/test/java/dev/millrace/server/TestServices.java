package dev.millrace.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Where the tests find PostgreSQL and Redis, and a fresh schema per test. */
final class TestServices {
  static final String DATABASE_URL =
      env("MILLRACE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String REDIS_URL = env("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private TestServices() {}

  /** A schema name nobody else uses. */
  static String newSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(DATABASE_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
