package dev.millrace.queue.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.millrace.queue.ActiveJobHandle;
import dev.millrace.queue.BackoffStrategy;
import dev.millrace.queue.Job;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.KeepJobs;
import dev.millrace.queue.Processor;
import dev.millrace.queue.QueueException;
import dev.millrace.queue.UnrecoverableError;
import dev.millrace.queue.WorkerListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs fetched jobs through the processor and records the outcome: completed, retried (with Node's
 * backoff) or failed. While the worker is not closing, the finish call also fetches the next job,
 * so a busy slot costs one round trip per job.
 */
public final class JobRunner {
  private static final int DEFAULT_STACK_TRACE_LIMIT = 10;
  private static final int MAX_STACK_TRACE_CHARS = 8_000;

  private final Processor processor;
  private final JobMoves moves;
  private final LockRenewer renewer;
  private final WorkerListener listener;
  private final KeepJobs defaultKeepCompleted;
  private final KeepJobs defaultKeepFailed;
  private final Supplier<String> tokens;
  private final BooleanSupplier closing;
  private final Schedulers schedulers;
  private final BackoffStrategy backoffStrategy;
  private final Integer maxStartedAttempts;

  public JobRunner(
      Processor processor,
      JobMoves moves,
      LockRenewer renewer,
      WorkerListener listener,
      KeepJobs defaultKeepCompleted,
      KeepJobs defaultKeepFailed,
      Supplier<String> tokens,
      BooleanSupplier closing,
      Schedulers schedulers,
      BackoffStrategy backoffStrategy,
      Integer maxStartedAttempts) {
    this.processor = processor;
    this.moves = moves;
    this.renewer = renewer;
    this.listener = listener;
    this.defaultKeepCompleted = defaultKeepCompleted;
    this.defaultKeepFailed = defaultKeepFailed;
    this.tokens = tokens;
    this.closing = closing;
    this.schedulers = schedulers;
    this.backoffStrategy = backoffStrategy;
    this.maxStartedAttempts = maxStartedAttempts;
  }

  /** Processes {@code first} and then every job fetched along with a finish, until none comes. */
  public void runFrom(Fetched first) {
    Fetched current = first;
    while (current != null && current.hasJob()) {
      try {
        current = runOne(current);
      } catch (RuntimeException e) {
        // Redis unreachable while finishing: the lock expires and the stalled check retries it.
        listener.error(e);
        current = null;
      }
    }
  }

  private Fetched runOne(Fetched f) {
    String id = f.jobId();
    if (f.fields().isEmpty()) {
      moves.forgetVanished(id);
      return fetchNextUnlessClosing();
    }
    Job job = Job.active(id, f.fields(), handle(id, f));
    renewer.track(id, f.token());
    Object result = null;
    Throwable error = null;
    try {
      if (job.deferredFailure() != null) {
        error = new UnrecoverableError(job.deferredFailure());
      } else if (maxStartedAttempts != null && job.attemptsStarted() > maxStartedAttempts) {
        error = new UnrecoverableError("job started more than allowable limit");
      } else {
        scheduleNextIteration(job);
        job.data(); // invalid data JSON fails this job, not the worker
        result = processor.process(job);
      }
    } catch (Throwable t) {
      error = t;
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      renewer.untrack(id);
    }

    String returnJson = null;
    if (error == null) {
      try {
        returnJson = OptsCodec.JSON.writeValueAsString(result);
      } catch (Exception e) {
        error =
            new IllegalStateException("return value is not JSON-serializable: " + e.getMessage());
      }
    }
    return error == null ? complete(job, f.token(), returnJson) : fail(job, f.token(), error);
  }

  // The worker that starts a scheduler's iteration adds the next one, as Node's worker does.
  private void scheduleNextIteration(Job job) {
    String schedulerId = job.fields().get("rjk");
    if (schedulerId == null || job.attemptsStarted() > 1) {
      return;
    }
    long millis = Schedulers.iterationMillis(job.id());
    try {
      schedulers.scheduleNext(schedulerId, millis > 0 ? millis : job.timestamp());
    } catch (RuntimeException e) {
      listener.error(e);
    }
  }

  private Fetched complete(Job job, String token, String returnJson) {
    KeepJobs keep =
        job.opts().removeOnComplete() != null
            ? job.opts().removeOnComplete()
            : defaultKeepCompleted;
    String next = closing.getAsBoolean() ? null : tokens.get();
    JobMoves.Finish finish =
        moves.moveToFinished(
            job.id(),
            token,
            true,
            returnJson,
            keep,
            job.opts().attempts(),
            job.attemptsMade() + 1,
            job.fields().get("deid"),
            null,
            next);
    if (finish.code() != ScriptCode.OK) {
      listener.error(new QueueException("cannot complete: " + finish.code().message(job.id())));
      return fetchNextUnlessClosing();
    }
    safely(() -> listener.completed(job, returnJson));
    return finish.next();
  }

  private Fetched fail(Job job, String token, Throwable error) {
    JobOptions opts = job.opts();
    String reason = reasonOf(error);
    String stacktrace = stacktraceJson(job, error, opts.stackTraceLimit());
    int attemptsAfter = job.attemptsMade() + 1;
    boolean retryable = !(error instanceof UnrecoverableError) && attemptsAfter < opts.attempts();
    long delay = 0;
    if (retryable) {
      delay =
          Backoffs.delayMillis(
              opts.backoff(), attemptsAfter, ThreadLocalRandom.current()::nextDouble);
      if (delay == Backoffs.NO_RETRY && backoffStrategy != null) {
        delay = customDelay(job, attemptsAfter, error);
      }
      retryable = delay != Backoffs.NO_RETRY;
    }
    boolean willRetry = retryable;
    if (willRetry) {
      ScriptCode code = moves.retry(job.id(), token, delay, reason, stacktrace, opts.lifo());
      if (code != ScriptCode.OK) {
        listener.error(new QueueException("cannot retry: " + code.message(job.id())));
      } else {
        safely(() -> listener.failed(job, error, true));
      }
      return fetchNextUnlessClosing();
    }
    KeepJobs keep = opts.removeOnFail() != null ? opts.removeOnFail() : defaultKeepFailed;
    String next = closing.getAsBoolean() ? null : tokens.get();
    JobMoves.Finish finish =
        moves.moveToFinished(
            job.id(),
            token,
            false,
            reason,
            keep,
            opts.attempts(),
            attemptsAfter,
            job.fields().get("deid"),
            stacktrace,
            next);
    if (finish.code() != ScriptCode.OK) {
      listener.error(new QueueException("cannot fail: " + finish.code().message(job.id())));
      return fetchNextUnlessClosing();
    }
    safely(() -> listener.failed(job, error, false));
    return finish.next();
  }

  private long customDelay(Job job, int attemptsAfter, Throwable error) {
    try {
      long d = backoffStrategy.delayMillis(attemptsAfter, job.opts().backoff().type(), error, job);
      return d < 0 ? Backoffs.NO_RETRY : d;
    } catch (RuntimeException e) {
      listener.error(e);
      return Backoffs.NO_RETRY;
    }
  }

  private Fetched fetchNextUnlessClosing() {
    return closing.getAsBoolean() ? null : moves.moveToActive(tokens.get());
  }

  private ActiveJobHandle handle(String id, Fetched f) {
    Integer keepLogs = keepLogsOf(f);
    return new ActiveJobHandle() {
      @Override
      public void updateProgress(String progressJson) {
        moves.updateProgress(id, progressJson);
      }

      @Override
      public long log(String line) {
        return moves.addLog(id, line, keepLogs);
      }

      @Override
      public String lockToken() {
        return f.token();
      }
    };
  }

  private static Integer keepLogsOf(Fetched f) {
    String opts = f.fields().get("opts");
    return opts != null && (opts.contains("\"kl\"") || opts.contains("\"keepLogs\""))
        ? OptsCodec.decode(opts).keepLogs()
        : null;
  }

  private static String reasonOf(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }

  private static String stacktraceJson(Job job, Throwable error, Integer limit) {
    ArrayNode traces = OptsCodec.JSON.createArrayNode();
    job.stacktrace().forEach(traces::add);
    StringWriter w = new StringWriter();
    error.printStackTrace(new PrintWriter(w));
    String trace = w.toString();
    traces.add(
        trace.length() > MAX_STACK_TRACE_CHARS ? trace.substring(0, MAX_STACK_TRACE_CHARS) : trace);
    int keep = limit == null ? DEFAULT_STACK_TRACE_LIMIT : Math.max(0, limit);
    while (traces.size() > keep) {
      traces.remove(0);
    }
    return traces.toString();
  }

  private void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(JobRunner.class).warn("worker listener threw", e);
    }
  }
}
