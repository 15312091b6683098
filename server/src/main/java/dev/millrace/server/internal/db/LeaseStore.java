package dev.millrace.server.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.server.internal.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The worker side of a run (docs/worker-api.md): claim, journal writes, finish, pause, heartbeat.
 * Every write checks the lease in the same transaction, holding the run row, so a zombie worker's
 * write after a takeover is refused.
 */
public final class LeaseStore {
  private static final Set<String> END_STATUSES =
      Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");

  /** What a claim gave: the claim answer for the worker, or why there is nothing to run. */
  public sealed interface Claim {}

  /** The run is now this worker's. */
  public record Granted(RunRow run, JsonNode flow, java.util.List<ObjectNode> journal)
      implements Claim {}

  /** Nothing to run. */
  public record Skip(String reason) implements Claim {}

  /** A resume job the caller must add after the pause committed: job id and when it is due. */
  public record DelayedResume(String jobId, Instant at) {}

  private static final int VERSION_CACHE_SIZE = 1000;

  private final Database db;
  private final Duration flowTimeout;
  private final java.util.Map<UUID, JsonNode> versions =
      new java.util.concurrent.ConcurrentHashMap<>();

  public LeaseStore(Database db, Duration flowTimeout) {
    this.db = db;
    this.flowTimeout = flowTimeout;
  }

  /**
   * Claims a run for the job holding {@code lockToken}: refuses a finished or cancelled run, or a
   * job that is not the run's current one; else takes the lease, counts the attempt and returns the
   * pinned flow version and the journal.
   *
   * @throws LeaseException NO_SUCH_RUN when the run does not exist
   */
  public Claim claim(UUID runId, String lockToken, String jobId) {
    return db.inTransaction(
        c -> {
          Granted queued = jobId == null ? null : claimQueued(c, runId, lockToken, jobId);
          if (queued != null) {
            return queued;
          }
          RunRow r = lockRun(c, runId, false);
          if (r.status().terminal()) {
            return new Skip("run is " + r.status());
          }
          if (jobId != null && !jobId.equals(r.jobId())) {
            return new Skip("job " + jobId + " is superseded by job " + r.jobId());
          }
          if (r.cancelRequested()) {
            Sql.update(
                c,
                "UPDATE runs SET status = 'CANCELLED', error = 'cancelled', finished_at = now(),"
                    + " updated_at = now() WHERE id = ?",
                runId);
            return new Skip("run is CANCELLED");
          }
          if (r.status() == RunStatus.RUNNING && lockToken.equals(r.leaseToken())) {
            // the same job asking again (its first reply was lost): same answer, no new attempt
            return new Granted(r, definition(c, r.flowVersionId()), StepStore.journal(c, runId));
          }
          // a new execution gets a fresh wall clock; a takeover keeps the one it had
          Instant deadline =
              r.status() == RunStatus.RUNNING && r.deadline() != null
                  ? r.deadline()
                  : Instant.now().plus(flowTimeout);
          RunRow claimed =
              RunStore.selectMany(
                      c,
                      "UPDATE runs SET lease_token = ?, attempt = attempt + 1, status = 'RUNNING',"
                          + " started_at = coalesce(started_at, now()), deadline = ?,"
                          + " updated_at = now() WHERE id = ? RETURNING "
                          + RunRow.COLUMNS,
                      lockToken,
                      deadline,
                      runId)
                  .getFirst();
          JsonNode flow = definition(c, claimed.flowVersionId());
          return new Granted(claimed, flow, StepStore.journal(c, runId));
        });
  }

  /**
   * The common claim in one statement: a QUEUED run whose current job is this one, not asked to
   * cancel, is taken; its journal is read only when it has one. Null when the run is in any other
   * state, which the full claim then sorts out.
   */
  private Granted claimQueued(Connection c, UUID runId, String lockToken, String jobId)
      throws SQLException {
    RunRow claimed;
    boolean journaled;
    try (var ps =
        c.prepareStatement(
            "UPDATE runs SET lease_token = ?, attempt = attempt + 1, status = 'RUNNING',"
                + " started_at = coalesce(started_at, now()), deadline = ?, updated_at = now()"
                + " WHERE id = ? AND status = 'QUEUED' AND job_id = ? AND NOT cancel_requested"
                + " RETURNING "
                + RunRow.COLUMNS
                + ", EXISTS (SELECT 1 FROM steps s WHERE s.run_id = runs.id) AS journaled")) {
      Sql.bind(ps, lockToken, Instant.now().plus(flowTimeout), runId, jobId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        claimed = RunRow.read(rs);
        journaled = rs.getBoolean("journaled");
      }
    }
    JsonNode flow = definition(c, claimed.flowVersionId());
    return new Granted(
        claimed, flow, journaled ? StepStore.journal(c, runId) : java.util.List.of());
  }

  /** Upserts journal records; answers whether the run was asked to cancel. */
  public boolean writeSteps(UUID runId, String leaseToken, JsonNode records) {
    StepStore.validate(records);
    return db.inTransaction(
        c -> {
          Lease r = lockLease(c, runId, true);
          checkLease(r, leaseToken);
          StepStore.upsert(c, runId, records);
          return r.cancelRequested();
        });
  }

  /** Commits the end of the run with its last records. Repeating it is harmless. */
  public void finish(
      UUID runId,
      String leaseToken,
      String status,
      JsonNode output,
      String error,
      JsonNode response,
      JsonNode records) {
    if (!END_STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be one of " + END_STATUSES);
    }
    StepStore.validate(records);
    db.inTransaction(
        c -> {
          Lease r = lockLease(c, runId, false);
          checkLease(r, leaseToken);
          if (!RunTransitions.allowed(r.status(), RunStatus.valueOf(status))) {
            return null; // already ended (a repeated finish), or paused meanwhile
          }
          StepStore.upsert(c, runId, records);
          // Every step is journaled now, so the answers kept for repeated store writes go in the
          // same statement (an append's answer is the whole list: kept, they would grow with the
          // square of a list's length). A retry re-runs its failed step, writes included.
          Sql.update(
              c,
              "WITH gone AS (DELETE FROM store_writes WHERE run_id = ?)"
                  + " UPDATE runs SET status = ?, output = ?::jsonb, error = ?, response = ?::jsonb,"
                  + " waitpoint = NULL, resume = NULL, finished_at = now(), updated_at = now()"
                  + " WHERE id = ?",
              runId,
              status,
              output,
              error,
              response,
              runId);
          return null;
        });
  }

  /**
   * Commits a pause. When the waitpoint has a {@code resumeAt} (a delay's end, or an approval's
   * deadline) the run moves to its next execution and the caller must add the returned job.
   */
  public Optional<DelayedResume> pause(
      UUID runId, String leaseToken, JsonNode waitpoint, JsonNode records) {
    if (waitpoint == null || !waitpoint.isObject() || !waitpoint.path("stepPath").isTextual()) {
      throw new IllegalArgumentException("waitpoint must be an object with a stepPath");
    }
    String kind = waitpoint.path("kind").asText();
    if (!kind.equals("DELAY") && !kind.equals("RESUME")) {
      throw new IllegalArgumentException("waitpoint.kind must be DELAY or RESUME");
    }
    Instant resumeAt = resumeAt(waitpoint);
    if (kind.equals("DELAY") && resumeAt == null) {
      throw new IllegalArgumentException("a DELAY waitpoint needs resumeAt");
    }
    StepStore.validate(records);
    return db.inTransaction(
        c -> {
          Lease r = lockLease(c, runId, false);
          checkLease(r, leaseToken);
          if (!RunTransitions.allowed(r.status(), RunStatus.PAUSED)) {
            return Optional.<DelayedResume>empty(); // a repeated pause
          }
          StepStore.upsert(c, runId, records);
          int execution = resumeAt == null ? r.executions() : r.executions() + 1;
          String jobId = RunRow.jobId(runId, execution);
          Sql.update(
              c,
              "UPDATE runs SET status = 'PAUSED', waitpoint = ?::jsonb, resume = NULL,"
                  + " executions = ?, job_id = ?, updated_at = now() WHERE id = ?",
              waitpoint,
              execution,
              jobId,
              runId);
          return resumeAt == null
              ? Optional.<DelayedResume>empty()
              : Optional.of(new DelayedResume(jobId, resumeAt));
        });
  }

  /** Checks the lease on lock renewal; answers whether the run was asked to cancel. */
  public boolean heartbeat(UUID runId, String leaseToken) {
    return db.query(
        c -> {
          RunRow r = RunStore.select(c, runId, false).orElseThrow(() -> noSuchRun(runId));
          checkLease(r, leaseToken);
          return r.cancelRequested();
        });
  }

  /**
   * A step's keyed store write (docs/worker-api.md), in one transaction: checks the lease of the
   * run behind {@code runToken}, upserts the run's unsent {@code records}, then applies the
   * operation, unless a write under {@code idempotencyKey} was made already: then it answers what
   * that write answered and changes nothing.
   *
   * @param op the operation for the run (its scope key depends on the run)
   * @throws LeaseException SUPERSEDED for a stale lease
   * @throws LeaseException UNKNOWN_RUN_TOKEN for a run token of no run
   * @throws IllegalArgumentException for a bad record or operation
   */
  public JsonNode keyedStoreWrite(
      String runToken,
      String leaseToken,
      JsonNode records,
      String idempotencyKey,
      Function<Lease, KvStore.Op> op) {
    StepStore.validate(records);
    return db.inTransaction(
        c -> {
          LeaseAndAnswer found = lockLeaseOfToken(c, runToken, idempotencyKey);
          Lease r = found.lease();
          checkLease(r, leaseToken);
          KvStore.Op operation = op.apply(r);
          KvStore.validate(operation);
          StepStore.upsert(c, r.id(), records);
          if (found.earlier() != null) {
            return found.earlier();
          }
          return KvStore.apply(c, operation, new KvStore.Keep(r.id(), idempotencyKey));
        });
  }

  private record LeaseAndAnswer(Lease lease, JsonNode earlier) {}

  // One round trip for the lease of the run behind a run token and the answer of an earlier write
  // under the key (SQL NULL when there was none; a stored NULL answer reads as JSON null).
  private static LeaseAndAnswer lockLeaseOfToken(
      Connection c, String runToken, String idempotencyKey) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT "
                + LEASE_COLUMNS
                + ", (SELECT coalesce(w.answer, 'null'::jsonb) FROM store_writes w"
                + " WHERE w.run_id = runs.id AND w.idempotency_key = ?) AS earlier"
                + " FROM runs WHERE run_token = ? FOR SHARE")) {
      Sql.bind(ps, idempotencyKey, runToken);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new LeaseException(LeaseException.Kind.UNKNOWN_RUN_TOKEN, "invalid run token");
        }
        String earlier = rs.getString("earlier");
        return new LeaseAndAnswer(lease(rs), earlier == null ? null : Json.parse(earlier));
      }
    }
  }

  /** The run behind a run token, if the token is valid. */
  public Optional<RunRow> runOfToken(String runToken) {
    return db.query(
        c ->
            RunStore.selectMany(
                    c, "SELECT " + RunRow.COLUMNS + " FROM runs WHERE run_token = ?", runToken)
                .stream()
                .findFirst());
  }

  static Instant resumeAt(JsonNode waitpoint) {
    JsonNode v = waitpoint.get("resumeAt");
    if (v == null || v.isNull()) {
      return null;
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("waitpoint.resumeAt must be an ISO-8601 instant");
    }
  }

  private static RunRow lockRun(Connection c, UUID runId, boolean shared) throws SQLException {
    var rows =
        RunStore.selectMany(
            c,
            "SELECT "
                + RunRow.COLUMNS
                + " FROM runs WHERE id = ?"
                + (shared ? " FOR SHARE" : " FOR UPDATE"),
            runId);
    if (rows.isEmpty()) {
      throw noSuchRun(runId);
    }
    return rows.getFirst();
  }

  /** What a write needs to know of its run: who holds it, and where it stands. */
  public record Lease(
      UUID id,
      UUID projectId,
      UUID flowId,
      RunStatus status,
      String leaseToken,
      boolean cancelRequested,
      int executions) {}

  // a write reads only these columns: the run's trigger and output may be large JSON
  private static final String LEASE_COLUMNS =
      "id, project_id, flow_id, status, lease_token, cancel_requested, executions";

  private static Lease lockLease(Connection c, UUID runId, boolean shared) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT "
                + LEASE_COLUMNS
                + " FROM runs WHERE id = ?"
                + (shared ? " FOR SHARE" : " FOR UPDATE"))) {
      Sql.bind(ps, runId);
      try (var rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw noSuchRun(runId);
        }
        return lease(rs);
      }
    }
  }

  private static Lease lease(java.sql.ResultSet rs) throws SQLException {
    return new Lease(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "project_id"),
        Sql.uuid(rs, "flow_id"),
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("lease_token"),
        rs.getBoolean("cancel_requested"),
        rs.getInt("executions"));
  }

  private static void checkLease(Lease r, String leaseToken) {
    if (leaseToken == null || !leaseToken.equals(r.leaseToken())) {
      throw new LeaseException(
          LeaseException.Kind.SUPERSEDED, "lease superseded: run " + r.id() + " has a newer claim");
    }
  }

  private static void checkLease(RunRow r, String leaseToken) {
    if (leaseToken == null || !leaseToken.equals(r.leaseToken())) {
      throw new LeaseException(
          LeaseException.Kind.SUPERSEDED, "lease superseded: run " + r.id() + " has a newer claim");
    }
  }

  private static LeaseException noSuchRun(UUID runId) {
    return new LeaseException(LeaseException.Kind.NO_SUCH_RUN, "no such run " + runId);
  }

  // versions never change, so a claim reads each one from the database once per app process
  private JsonNode definition(Connection c, UUID versionId) throws SQLException {
    JsonNode cached = versions.get(versionId);
    if (cached != null) {
      return cached;
    }
    JsonNode read = readDefinition(c, versionId);
    if (versions.size() >= VERSION_CACHE_SIZE) {
      versions.clear(); // crude bound; a miss costs one indexed read
    }
    versions.put(versionId, read);
    return read;
  }

  private static JsonNode readDefinition(Connection c, UUID versionId) throws SQLException {
    try (var ps = c.prepareStatement("SELECT definition FROM flow_versions WHERE id = ?")) {
      Sql.bind(ps, versionId);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? Sql.json(rs, "definition") : Json.object();
      }
    }
  }
}
