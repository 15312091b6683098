package dev.millrace.queue.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The worker's fetch loop. While a slot is free it runs moveToActive; a job goes to a {@link
 * JobRunner} on a thread of its own, which keeps the slot as long as finishes bring next jobs. With
 * nothing to do it blocks with BZPOPMIN on the marker, on a connection of its own, for drainDelay
 * (or until the next delayed job is due, at most 10 s). A watchdog replaces that connection when a
 * reply is more than a second late (half-open socket after a failover).
 */
public final class Fetcher implements Runnable {
  private static final long MAX_BLOCK_MILLIS = 10_000;
  private static final long WATCHDOG_GRACE_MILLIS = 1_000;
  private static final long MAX_ERROR_BACKOFF_MILLIS = 2_000;

  private final RedisClient client;
  private final JobMoves moves;
  private final JobRunner runner;
  private final Semaphore slots;
  private final ExecutorService executor;
  private final Supplier<String> tokens;
  private final BooleanSupplier closing;
  private final Consumer<Throwable> onError;
  private final long drainDelayMillis;
  private final long maxRateLimitDelayMillis;
  private final String connectionName;
  private volatile StatefulRedisConnection<String, String> blocking;

  public Fetcher(
      RedisClient client,
      JobMoves moves,
      JobRunner runner,
      Semaphore slots,
      ExecutorService executor,
      Supplier<String> tokens,
      BooleanSupplier closing,
      Consumer<Throwable> onError,
      Duration drainDelay,
      Duration maxRateLimitDelay,
      String workerName) {
    this.client = client;
    this.moves = moves;
    this.runner = runner;
    this.slots = slots;
    this.executor = executor;
    this.tokens = tokens;
    this.closing = closing;
    this.onError = onError;
    this.drainDelayMillis = drainDelay.toMillis();
    this.maxRateLimitDelayMillis = maxRateLimitDelay.toMillis();
    // Node's convention, so Queue.getWorkers() in Node lists this worker too.
    this.connectionName =
        moves.keys().workerConnectionName(workerName == null ? "java" : workerName);
  }

  @Override
  public void run() {
    long errorBackoff = 50;
    while (!closing.getAsBoolean()) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        break;
      }
      if (closing.getAsBoolean()) {
        slots.release();
        break;
      }
      Fetched fetched;
      try {
        fetched = moves.moveToActive(tokens.get());
        errorBackoff = 50;
      } catch (RuntimeException e) {
        slots.release();
        if (closing.getAsBoolean()) {
          break;
        }
        onError.accept(e);
        if (!pause(errorBackoff)) {
          break;
        }
        errorBackoff = Math.min(errorBackoff * 2, MAX_ERROR_BACKOFF_MILLIS);
        continue;
      }
      if (fetched.hasJob()) {
        Fetched job = fetched;
        executor.execute(
            () -> {
              try {
                runner.runFrom(job);
              } finally {
                slots.release();
              }
            });
        continue;
      }
      slots.release();
      if (fetched.rateLimitTtl() > 0) {
        if (!pause(Math.min(fetched.rateLimitTtl(), maxRateLimitDelayMillis))) {
          break;
        }
        continue;
      }
      long timeout = drainDelayMillis;
      if (fetched.nextDelayedTs() > 0) {
        timeout =
            Math.max(
                1,
                Math.min(fetched.nextDelayedTs() - System.currentTimeMillis(), MAX_BLOCK_MILLIS));
      }
      waitForMarker(timeout);
    }
    closeBlocking();
  }

  private void waitForMarker(long timeoutMillis) {
    try {
      StatefulRedisConnection<String, String> conn = blocking();
      double seconds = Math.max(0.002, timeoutMillis / 1000.0);
      conn.async()
          .bzpopmin(seconds, moves.keys().marker())
          .toCompletableFuture()
          .get(timeoutMillis + WATCHDOG_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // no reply in time: the socket may be half-open; start over on a fresh connection
      closeBlocking();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      closeBlocking();
      if (!closing.getAsBoolean()) {
        onError.accept(e);
        pause(200);
      }
    }
  }

  private StatefulRedisConnection<String, String> blocking() {
    StatefulRedisConnection<String, String> conn = blocking;
    if (conn == null || !conn.isOpen()) {
      conn = client.connect(Utf8Codec.INSTANCE);
      try {
        conn.sync().clientSetname(connectionName);
      } catch (RuntimeException e) {
        // only cosmetic: Node's getWorkers() would not list us
      }
      blocking = conn;
    }
    return conn;
  }

  /** Unblocks a pending BZPOPMIN (used by close). */
  public void closeBlocking() {
    StatefulRedisConnection<String, String> conn = blocking;
    blocking = null;
    if (conn != null) {
      try {
        conn.closeAsync();
      } catch (RuntimeException e) {
        // already closed
      }
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis); // back-off in the loop itself, not a test wait
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
