package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.Json;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs as the REST API, the triggers and the sweeper see them. Worker writes: {@link LeaseStore}.
 */
public final class RunStore {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The outcome of a state change asked for by a user: the new row, or why not. */
  public record Change(Optional<RunRow> run, String refusal) {
    static Change done(RunRow run) {
      return new Change(Optional.of(run), null);
    }

    static Change refused(String why) {
      return new Change(Optional.empty(), why);
    }
  }

  /** A page of runs, newest first, and the cursor of the next page (null at the end). */
  public record Page(List<RunRow> runs, String nextCursor) {}

  private final Database db;

  public RunStore(Database db) {
    this.db = db;
  }

  /**
   * Inserts a QUEUED run and commits it; the caller then adds its job (commit before enqueue). With
   * a fixed {@code id} a repeated insert is a no-op and answers empty.
   */
  public Optional<RunRow> create(
      UUID id, UUID projectId, UUID flowId, UUID flowVersionId, JsonNode trigger) {
    return create(id, projectId, flowId, flowVersionId, trigger, null, null);
  }

  /** Like {@link #create(UUID, UUID, UUID, UUID, JsonNode)}, for a sub-flow of a waiting step. */
  public Optional<RunRow> create(
      UUID id,
      UUID projectId,
      UUID flowId,
      UUID flowVersionId,
      JsonNode trigger,
      UUID parentRunId,
      String parentStepPath) {
    // one round trip: the insert answers the row (none when the id exists)
    return db.query(
        c ->
            selectMany(
                    c,
                    "INSERT INTO runs (id, project_id, flow_id, flow_version_id, status, trigger,"
                        + " run_token, job_id, parent_run_id, parent_step_path)"
                        + " VALUES (?, ?, ?, ?, 'QUEUED', ?::jsonb, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING RETURNING "
                        + RunRow.COLUMNS,
                    id,
                    projectId,
                    flowId,
                    flowVersionId,
                    trigger == null ? Json.object() : trigger,
                    newToken(),
                    RunRow.jobId(id, 0),
                    parentRunId,
                    parentStepPath)
                .stream()
                .findFirst());
  }

  public Optional<RunRow> get(UUID runId) {
    return db.query(c -> select(c, runId, false));
  }

  /** The run with its journal, read in one transaction. */
  public Optional<RunWithSteps> getWithSteps(UUID runId) {
    return db.inTransaction(c -> select(c, runId, false).map(r -> withSteps(c, r)));
  }

  public record RunWithSteps(RunRow run, List<? extends JsonNode> steps) {}

  private static RunWithSteps withSteps(Connection c, RunRow r) {
    try {
      return new RunWithSteps(r, StepStore.journal(c, r.id()));
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Runs of a project, newest first, optionally of one flow and in one status. */
  public Page list(UUID projectId, UUID flowId, RunStatus status, int limit, String cursor) {
    StringBuilder sql =
        new StringBuilder("SELECT " + RunRow.COLUMNS + " FROM runs WHERE project_id = ?");
    List<Object> args = new ArrayList<>(List.of(projectId));
    if (flowId != null) {
      sql.append(" AND flow_id = ?");
      args.add(flowId);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      args.add(status.name());
    }
    if (cursor != null) {
      Cursor at = Cursor.decode(cursor);
      sql.append(" AND (created_at, id) < (?, ?)");
      args.add(at.createdAt());
      args.add(at.id());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
    args.add(limit + 1);
    List<RunRow> rows = db.query(c -> selectMany(c, sql.toString(), args.toArray()));
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<RunRow> page = rows.subList(0, limit);
    RunRow last = page.getLast();
    return new Page(List.copyOf(page), new Cursor(last.createdAt(), last.id()).encode());
  }

  /**
   * Cancels a run: a QUEUED or PAUSED run becomes CANCELLED at once; a RUNNING one is marked and
   * its worker stops at the next step boundary. A finished run cannot be cancelled.
   */
  public Change cancel(UUID runId) {
    return db.inTransaction(
        c -> {
          Optional<RunRow> row = select(c, runId, true);
          if (row.isEmpty()) {
            return Change.refused("no such run");
          }
          RunStatus s = row.get().status();
          if (s.terminal()) {
            return Change.refused("run is already " + s);
          }
          if (s == RunStatus.RUNNING) {
            Sql.update(
                c,
                "UPDATE runs SET cancel_requested = true, updated_at = now() WHERE id = ?",
                runId);
          } else {
            Sql.update(
                c,
                "UPDATE runs SET cancel_requested = true, status = 'CANCELLED', error = 'cancelled',"
                    + " finished_at = now(), updated_at = now() WHERE id = ?",
                runId);
          }
          return Change.done(select(c, runId, false).orElseThrow());
        });
  }

  /**
   * Prepares a FAILED (or TIMED_OUT) run for another execution: its failed step records are
   * deleted, it becomes QUEUED with the next job id. The caller adds that job.
   */
  public Change retry(UUID runId) {
    return db.inTransaction(
        c -> {
          Optional<RunRow> row = select(c, runId, true);
          if (row.isEmpty()) {
            return Change.refused("no such run");
          }
          RunStatus s = row.get().status();
          if (!RunTransitions.allowed(s, RunStatus.QUEUED) || s == RunStatus.PAUSED) {
            return Change.refused("only a FAILED or TIMED_OUT run can be retried; it is " + s);
          }
          StepStore.deleteFailed(c, runId);
          nextExecution(c, row.get(), null, "deadline = NULL, ");
          return Change.done(select(c, runId, false).orElseThrow());
        });
  }

  /**
   * Resumes a run PAUSED on {@code stepPath} waiting for a signal (kind RESUME): stores the payload
   * for the worker and makes the run QUEUED with the next job id. The caller adds that job.
   */
  public Change resume(UUID runId, String stepPath, JsonNode payload) {
    return db.inTransaction(
        c -> {
          Optional<RunRow> row = select(c, runId, true);
          if (row.isEmpty()) {
            return Change.refused("no such run");
          }
          RunRow r = row.get();
          JsonNode wp = r.waitpoint();
          if (r.status() != RunStatus.PAUSED
              || !RunTransitions.allowed(r.status(), RunStatus.QUEUED)
              || wp == null
              || !"RESUME".equals(wp.path("kind").asText())
              || !stepPath.equals(wp.path("stepPath").asText())) {
            return Change.refused("run is not waiting on step " + stepPath);
          }
          var resume = Json.object().put("stepPath", stepPath);
          resume.set("payload", payload);
          nextExecution(c, r, resume, "");
          return Change.done(select(c, runId, false).orElseThrow());
        });
  }

  private static void nextExecution(Connection c, RunRow r, JsonNode resume, String extra)
      throws SQLException {
    int next = r.executions() + 1;
    Sql.update(
        c,
        "UPDATE runs SET status = 'QUEUED', executions = ?, job_id = ?, resume = ?::jsonb,"
            + " lease_token = NULL,"
            + " output = NULL, error = NULL, finished_at = NULL, waitpoint = NULL,"
            + " cancel_requested = false, "
            + extra
            + "updated_at = now() WHERE id = ?",
        next,
        RunRow.jobId(r.id(), next),
        resume,
        r.id());
  }

  /** Open runs (QUEUED, RUNNING or PAUSED) not updated since {@code before}, oldest first. */
  public List<RunRow> stale(RunStatus status, Instant before, int limit) {
    return db.query(
        c ->
            selectMany(
                c,
                "SELECT "
                    + RunRow.COLUMNS
                    + " FROM runs WHERE status = ? AND updated_at < ? ORDER BY updated_at LIMIT ?",
                status.name(),
                before,
                limit));
  }

  /** Ends an open run (sweeper); false when it changed meanwhile (still not {@code expected}). */
  public boolean end(
      UUID runId, RunStatus expected, Instant seenUpdatedAt, RunStatus to, String why) {
    return db.query(
            c ->
                Sql.update(
                    c,
                    "UPDATE runs SET status = ?, error = ?, finished_at = now(), updated_at = now()"
                        + " WHERE id = ? AND status = ? AND updated_at = ?",
                    to.name(),
                    why,
                    runId,
                    expected.name(),
                    seenUpdatedAt))
        > 0;
  }

  /** Marks a run as touched (the sweeper re-added its job). */
  public void touch(UUID runId) {
    db.query(c -> Sql.update(c, "UPDATE runs SET updated_at = now() WHERE id = ?", runId));
  }

  static Optional<RunRow> select(Connection c, UUID runId, boolean forUpdate) throws SQLException {
    List<RunRow> rows =
        selectMany(
            c,
            "SELECT "
                + RunRow.COLUMNS
                + " FROM runs WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""),
            runId);
    return rows.stream().findFirst();
  }

  static List<RunRow> selectMany(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<RunRow> out = new ArrayList<>();
        while (rs.next()) {
          out.add(RunRow.read(rs));
        }
        return out;
      }
    }
  }

  static String newToken() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private record Cursor(Instant createdAt, UUID id) {
    String encode() {
      String raw = createdAt.toString() + "|" + id;
      return HexFormat.of().formatHex(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String raw =
            new String(HexFormat.of().parseHex(cursor), java.nio.charset.StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        return new Cursor(
            Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cursor is not one this API returned");
      }
    }
  }
}
