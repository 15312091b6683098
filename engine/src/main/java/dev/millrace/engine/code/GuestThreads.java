package dev.millrace.engine.code;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform threads guest code runs on, plus the watchdog timer. Guest code must not run on
 * virtual threads: GraalJS measures CPU time with {@code ThreadMXBean}, which does not support
 * them. Threads get a stack sized to the frame limit so the guest reaches its frame limit before
 * the JVM's stack runs out.
 */
final class GuestThreads {
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor watchdog;
  private final ThreadPoolExecutor cancellers;

  GuestThreads(int threads, long stackBytes) {
    var count = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              var t =
                  new Thread(null, task, "millrace-code-" + count.incrementAndGet(), stackBytes);
              t.setDaemon(true);
              return t;
            });
    pool.prestartAllCoreThreads();
    watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              var t = new Thread(task, "millrace-code-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.setRemoveOnCancelPolicy(true);
    cancellers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              var t = new Thread(task, "millrace-code-cancel");
              t.setDaemon(true);
              return t;
            });
  }

  /** Platform threads that cancel contexts; created when needed, since cancelling is rare. */
  Executor cancellers() {
    return cancellers;
  }

  /** Queues a task; it runs when a thread is free. */
  <T> Future<T> submit(Callable<T> task) {
    return pool.submit(task);
  }

  /** Runs {@code action} after {@code delay} unless the returned future is cancelled first. */
  ScheduledFuture<?> after(Duration delay, Runnable action) {
    return watchdog.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Stops taking work, cancels queued tasks (their callers see a cancellation), and waits up to
   * {@code grace} for running ones to finish.
   */
  void close(Duration grace) {
    pool.shutdown();
    List<Runnable> queued = new ArrayList<>();
    pool.getQueue().drainTo(queued);
    for (Runnable task : queued) {
      if (task instanceof Future<?> future) {
        future.cancel(false);
      }
    }
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watchdog.shutdownNow();
    cancellers.shutdown();
  }
}
