package dev.millrace.server.internal.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.Backoff;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.KeepJobs;
import dev.millrace.queue.Queue;
import dev.millrace.server.internal.Json;
import dev.millrace.server.internal.db.FlowStore.FlowRow;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.db.RunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs and adds their jobs, always in that order: the run row is committed before its job
 * reaches Redis (architecture §2.1). When the add fails, the run stays QUEUED and the sweeper adds
 * the job later, so a Redis hiccup delays a run but never loses it.
 */
public final class RunLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);

  /** Job options of docs/worker-api.md. */
  static final JobOptions RUN_JOB =
      JobOptions.builder()
          .attempts(3)
          .backoff(Backoff.exponential(Duration.ofMillis(1000)))
          .removeOnComplete(KeepJobs.newest(1000))
          .removeOnFail(KeepJobs.newest(5000))
          .build();

  private final RunStore runs;
  private final Queue queue;

  public RunLauncher(RunStore runs, Queue queue) {
    this.runs = runs;
    this.queue = queue;
  }

  public Queue queue() {
    return queue;
  }

  /** Starts a run of the flow's current version with this trigger output. */
  public RunRow start(FlowRow flow, JsonNode trigger) {
    return start(UUID.randomUUID(), flow, trigger).orElseThrow();
  }

  /** Starts a run with a fixed id; empty (and nothing added) when that run already exists. */
  public Optional<RunRow> start(UUID runId, FlowRow flow, JsonNode trigger) {
    Optional<RunRow> run =
        runs.create(runId, flow.projectId(), flow.id(), flow.versionId(), trigger);
    run.ifPresent(this::tryEnqueue);
    return run;
  }

  /** Starts the sub-flow run a waiting step asked for; empty when it already exists. */
  public Optional<RunRow> startChild(
      UUID runId, FlowRow flow, JsonNode trigger, UUID parentRunId, String parentStepPath) {
    Optional<RunRow> run =
        runs.create(
            runId,
            flow.projectId(),
            flow.id(),
            flow.versionId(),
            trigger,
            parentRunId,
            parentStepPath);
    run.ifPresent(this::tryEnqueue);
    return run;
  }

  /** Adds the job of the run's current execution; a repeated add is a no-op. */
  public void enqueue(RunRow run) {
    queue.add("run", data(run.id()), RUN_JOB.toBuilder().jobId(run.jobId()).build());
  }

  /** Like {@link #enqueue} but leaves a failure to the sweeper. */
  public void tryEnqueue(RunRow run) {
    try {
      enqueue(run);
    } catch (RuntimeException e) {
      LOG.warn("run {} committed but its job was not added; the sweeper will add it", run.id(), e);
    }
  }

  /** Adds a resume job due at {@code at}. */
  public void enqueueDelayed(UUID runId, String jobId, Instant at) {
    Duration delay = Duration.between(Instant.now(), at);
    queue.add(
        "run",
        data(runId),
        RUN_JOB.toBuilder().jobId(jobId).delay(delay.isNegative() ? Duration.ZERO : delay).build());
  }

  private static String data(UUID runId) {
    return Json.write(Json.object().put("runId", runId.toString()));
  }
}
