package dev.millrace.queue.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the stalled check at start and then every stalledInterval. The script itself makes sure only
 * one worker per interval does the work, whatever language it is written in.
 */
public final class StalledChecker {
  private final JobMoves moves;
  private final Duration interval;
  private final int maxStalledCount;
  private final Consumer<String> onStalled;
  private final Consumer<Throwable> onError;
  private ScheduledExecutorService timer;

  public StalledChecker(
      JobMoves moves,
      Duration interval,
      int maxStalledCount,
      Consumer<String> onStalled,
      Consumer<Throwable> onError) {
    this.moves = moves;
    this.interval = interval;
    this.maxStalledCount = maxStalledCount;
    this.onStalled = onStalled;
    this.onError = onError;
  }

  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("millrace-queue-stalled-checker").factory());
    timer.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      List<String> stalled = moves.moveStalledJobs(maxStalledCount, interval.toMillis());
      stalled.forEach(onStalled);
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
