package dev.millrace.server.internal.sweeper;

import dev.millrace.flow.run.RunStatus;
import dev.millrace.queue.Job;
import dev.millrace.queue.JobState;
import dev.millrace.queue.Queue;
import dev.millrace.server.internal.db.RunRow;
import dev.millrace.server.internal.db.RunStore;
import dev.millrace.server.internal.triggers.RunLauncher;
import dev.millrace.server.internal.triggers.Subflows;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no run is stuck: a QUEUED run whose job is missing gets it back (a crash between
 * commit and add); a RUNNING run whose job failed, finished or vanished is FAILED with the reason;
 * a PAUSED run waiting longer than the paused-flow timeout is TIMED_OUT, and a delayed resume whose
 * job vanished is added again. Every change is conditional on the row not having moved since it was
 * read, so several app replicas may sweep at once.
 */
public final class Sweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
  private static final int BATCH = 500;

  private final RunStore runs;
  private final RunLauncher launcher;
  private final Subflows subflows;
  private final Duration interval;
  private final Duration grace;
  private final Duration pausedTimeout;
  private ScheduledExecutorService timer;

  public Sweeper(
      RunStore runs,
      RunLauncher launcher,
      Subflows subflows,
      Duration interval,
      Duration grace,
      Duration pausedTimeout) {
    this.runs = runs;
    this.launcher = launcher;
    this.subflows = subflows;
    this.interval = interval;
    this.grace = grace;
    this.pausedTimeout = pausedTimeout;
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("millrace-sweeper").factory());
    timer.scheduleWithFixedDelay(
        this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("sweep failed; next one in {}", interval, e);
    }
  }

  /** One pass; returns how many runs it changed or re-enqueued. */
  public int sweep() {
    Queue queue = launcher.queue();
    Instant before = Instant.now().minus(grace);
    int changed = 0;
    for (RunRow run : runs.stale(RunStatus.QUEUED, before, BATCH)) {
      Optional<JobState> state = queue.getState(run.jobId());
      if (state.isEmpty()) {
        launcher.enqueue(run);
        runs.touch(run.id());
        LOG.info("re-added the missing job {} of QUEUED run {}", run.jobId(), run.id());
        changed++;
      } else if (state.get() == JobState.FAILED) {
        changed += fail(run, "job failed: " + failedReason(queue, run.jobId()));
      }
    }
    for (RunRow run : runs.stale(RunStatus.RUNNING, before, BATCH)) {
      Optional<JobState> state = queue.getState(run.jobId());
      if (state.isEmpty()) {
        changed += fail(run, "the run's job " + run.jobId() + " vanished from the queue");
      } else if (state.get() == JobState.FAILED) {
        changed += fail(run, "job failed: " + failedReason(queue, run.jobId()));
      } else if (state.get() == JobState.COMPLETED) {
        changed += fail(run, "the run's job completed without finishing the run");
      }
    }
    Instant expired = Instant.now().minus(pausedTimeout);
    for (RunRow run : runs.stale(RunStatus.PAUSED, before, BATCH)) {
      if (run.updatedAt().isBefore(expired)) {
        if (runs.end(
            run.id(),
            RunStatus.PAUSED,
            run.updatedAt(),
            RunStatus.TIMED_OUT,
            "paused longer than " + pausedTimeout.toDays() + " days")) {
          subflows.onEnd(run.id());
          changed++;
        }
      } else if (Subflows.asksForSubflow(run.waitpoint())) {
        // a crash between the pause and the child's start, or the child's end and the resume
        subflows.onPause(run.id());
      } else if (!run.jobId().equals(run.id().toString())
          && run.waitpoint() != null
          && run.waitpoint().hasNonNull("resumeAt")
          && queue.getState(run.jobId()).isEmpty()) {
        launcher.enqueueDelayed(
            run.id(), run.jobId(), Instant.parse(run.waitpoint().get("resumeAt").asText()));
        runs.touch(run.id());
        changed++;
      }
    }
    return changed;
  }

  private int fail(RunRow run, String why) {
    boolean done = runs.end(run.id(), run.status(), run.updatedAt(), RunStatus.FAILED, why);
    if (done) {
      subflows.onEnd(run.id());
      LOG.warn("run {} FAILED by the sweeper: {}", run.id(), why);
    }
    return done ? 1 : 0;
  }

  private static String failedReason(Queue queue, String jobId) {
    return queue.getJob(jobId).map(Job::failedReason).orElse("unknown");
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
