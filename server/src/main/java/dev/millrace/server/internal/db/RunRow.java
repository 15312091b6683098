package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.flow.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * One run as stored. {@code executions} counts the jobs the run has had: 0 for the first (job id =
 * run id), N for the N-th resume or retry (job id {@code <runId>-r<N>}).
 */
public record RunRow(
    UUID id,
    UUID projectId,
    UUID flowId,
    UUID flowVersionId,
    RunStatus status,
    JsonNode trigger,
    JsonNode output,
    String error,
    JsonNode response,
    String leaseToken,
    String runToken,
    int attempt,
    int executions,
    String jobId,
    JsonNode waitpoint,
    JsonNode resume,
    boolean cancelRequested,
    Instant deadline,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    UUID parentRunId,
    String parentStepPath) {

  static final String COLUMNS =
      "id, project_id, flow_id, flow_version_id, status, trigger, output, error, response,"
          + " lease_token, run_token, attempt, executions, job_id, waitpoint, resume,"
          + " cancel_requested, deadline, created_at, started_at, finished_at, updated_at,"
          + " parent_run_id, parent_step_path";

  /** The job id of the given execution of a run. */
  public static String jobId(UUID runId, int execution) {
    return execution == 0 ? runId.toString() : runId + "-r" + execution;
  }

  static RunRow read(ResultSet rs) throws SQLException {
    return new RunRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "project_id"),
        Sql.uuid(rs, "flow_id"),
        Sql.uuid(rs, "flow_version_id"),
        RunStatus.valueOf(rs.getString("status")),
        Sql.json(rs, "trigger"),
        Sql.json(rs, "output"),
        rs.getString("error"),
        Sql.json(rs, "response"),
        rs.getString("lease_token"),
        rs.getString("run_token"),
        rs.getInt("attempt"),
        rs.getInt("executions"),
        rs.getString("job_id"),
        Sql.json(rs, "waitpoint"),
        Sql.json(rs, "resume"),
        rs.getBoolean("cancel_requested"),
        Sql.instant(rs, "deadline"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "finished_at"),
        Sql.instant(rs, "updated_at"),
        Sql.uuid(rs, "parent_run_id"),
        rs.getString("parent_step_path"));
  }
}
