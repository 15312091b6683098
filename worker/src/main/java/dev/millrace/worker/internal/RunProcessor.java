package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.engine.Execution;
import dev.millrace.engine.FlowEngine;
import dev.millrace.flow.run.LeaseLostException;
import dev.millrace.flow.run.RunResult;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.queue.Job;
import dev.millrace.queue.Processor;
import dev.millrace.queue.UnrecoverableError;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job of the {@code runs} queue: claim → replay and execute with the engine → finish or
 * pause (docs/worker-api.md). How it ends for the queue:
 *
 * <ul>
 *   <li>returns (the job completes) when the run was skipped, finished (whatever its status, user
 *       failures included) or paused;
 *   <li>throws {@link UnrecoverableError} for a poison job (bad data, unknown run): no retry;
 *   <li>throws {@link LeaseLostException} when the lease was superseded: nothing more is written,
 *       and the queue's finish is refused by its lock check, since the lock now belongs to the
 *       run's new owner;
 *   <li>throws anything else (the app unreachable past the retry budget) so that the queue's
 *       retries apply.
 * </ul>
 */
public final class RunProcessor implements Processor {
  private static final Logger LOG = LoggerFactory.getLogger(RunProcessor.class);

  private final FlowEngine engine;
  private final AppClient app;
  private final FlowVersionCache versions;
  private final Duration heartbeatPeriod;
  private final String workerIdPrefix;
  private final ConcurrentLinkedQueue<Integer> freeSlots = new ConcurrentLinkedQueue<>();
  private final AtomicInteger active = new AtomicInteger();

  public RunProcessor(
      FlowEngine engine,
      AppClient app,
      FlowVersionCache versions,
      int slots,
      Duration heartbeatPeriod) {
    this.engine = engine;
    this.app = app;
    this.versions = versions;
    this.heartbeatPeriod = heartbeatPeriod;
    this.workerIdPrefix = hostName() + ":" + ProcessHandle.current().pid() + ":";
    for (int i = 0; i < slots; i++) {
      freeSlots.add(i);
    }
  }

  /** Runs being processed right now. */
  public int activeRuns() {
    return active.get();
  }

  @Override
  public Object process(Job job) throws Exception {
    String runId = runIdOf(job);
    Integer slot = freeSlots.poll();
    active.incrementAndGet();
    try {
      Claim claim;
      try {
        claim =
            app.claim(
                runId, job.lockToken(), workerIdPrefix + (slot == null ? "x" : slot), job.id());
      } catch (AppClient.RunNotFoundException e) {
        throw new UnrecoverableError(e.getMessage());
      }
      // Any other refusal (401/403: a wrong worker token) is a deployment fault, not a bad job:
      // it propagates so that the queue's retries apply once the fault is fixed.
      return switch (claim) {
        case Claim.Skip skip -> {
          LOG.debug("run {} skipped: {}", runId, skip.reason());
          yield Map.of("runId", runId, "skipped", skip.reason());
        }
        case Claim.Run run -> execute(run);
      };
    } finally {
      active.decrementAndGet();
      if (slot != null) {
        freeSlots.add(slot);
      }
    }
  }

  private Object execute(Claim.Run run) {
    RunSignals signals = new RunSignals();
    try (Heartbeat beat =
        Heartbeat.start(app, run.runId(), run.leaseToken(), signals, heartbeatPeriod)) {
      FlowVersionCache.Version version = versions.get(run.flowVersionId(), run.flow());
      if (version.prepared() == null) {
        app.finish(
            run.runId(),
            run.leaseToken(),
            RunStatus.FAILED,
            null,
            version.problems(),
            null,
            List.of());
        return Map.of("runId", run.runId(), "status", "FAILED");
      }
      var journal = new RemoteJournal(app, run.runId(), run.leaseToken(), run.journal(), signals);
      var execution =
          new Execution(
              run.runId(),
              run.flowId(),
              run.trigger(),
              journal,
              new RemoteStore(app, run.runToken(), run.leaseToken(), journal),
              signals::stopRequested,
              run.deadline(),
              resumeOf(run));
      RunResult result = engine.execute(version.prepared(), execution);
      signals.requireWritable(run.runId());
      List<StepRecord> rest = journal.takeUnsent();
      switch (result.status()) {
        case PAUSED -> app.pause(run.runId(), run.leaseToken(), result.waitpoint(), rest);
        case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT ->
            app.finish(
                run.runId(),
                run.leaseToken(),
                result.status(),
                result.output(),
                result.error(),
                result.response(),
                rest);
        default ->
            throw new IllegalStateException(
                "the engine ended run " + run.runId() + " as " + result.status());
      }
      return Map.of("runId", run.runId(), "status", result.status().name());
    } catch (LeaseLostException e) {
      signals.loseLease();
      LOG.warn("run {}: lease superseded; stopped without further writes", run.runId());
      throw e;
    }
  }

  private static Execution.Resume resumeOf(Claim.Run run) {
    return run.resumeStepPath() == null
        ? null
        : new Execution.Resume(run.resumeStepPath(), run.resumePayload());
  }

  private static String runIdOf(Job job) throws UnrecoverableError {
    JsonNode data;
    try {
      data = job.data();
    } catch (IllegalStateException e) {
      throw new UnrecoverableError(e.getMessage());
    }
    JsonNode runId = data.get("runId");
    if (runId == null || !runId.isTextual() || runId.asText().isBlank()) {
      throw new UnrecoverableError(
          "job " + job.id() + " has no runId in its data: " + job.dataJson());
    }
    if (!RUN_ID.matcher(runId.asText()).matches()) {
      throw new UnrecoverableError("job " + job.id() + " has a malformed runId: " + runId);
    }
    return runId.asText();
  }

  private static final java.util.regex.Pattern RUN_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,200}");

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
