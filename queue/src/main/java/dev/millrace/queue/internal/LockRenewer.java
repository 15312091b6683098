package dev.millrace.queue.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the locks of a worker's in-flight jobs alive with one batched script call per tick. Ticks
 * every lockDuration/4 so that a lock survives a missed tick or a GC pause of up to half its life.
 */
public final class LockRenewer {
  private final JobMoves moves;
  private final Duration period;
  private final Consumer<Throwable> onError;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  public LockRenewer(JobMoves moves, Duration lockDuration, Consumer<Throwable> onError) {
    this.moves = moves;
    this.period = Duration.ofMillis(Math.max(1, lockDuration.toMillis() / 4));
    this.onError = onError;
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("millrace-queue-lock-renewer").factory());
    timer.scheduleWithFixedDelay(
        this::renew, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void track(String jobId, String token) {
    tokens.put(jobId, token);
  }

  public void untrack(String jobId) {
    tokens.remove(jobId);
  }

  private void renew() {
    if (tokens.isEmpty()) {
      return;
    }
    Map<String, String> batch = Map.copyOf(tokens);
    try {
      List<String> lost = moves.extendLocks(batch);
      for (String id : lost) {
        if (batch.get(id).equals(tokens.get(id))) {
          onError.accept(
              new IllegalStateException(
                  "lock of job " + id + " was lost; another worker may run it again"));
        }
      }
    } catch (RuntimeException e) {
      onError.accept(e);
    }
  }

  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
