package dev.millrace.server.internal.db;

import java.sql.SQLException;

/** A failed SQL statement, unchecked. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
