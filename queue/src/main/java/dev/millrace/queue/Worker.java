package dev.millrace.queue;

import dev.millrace.queue.internal.Fetcher;
import dev.millrace.queue.internal.JobMoves;
import dev.millrace.queue.internal.JobRunner;
import dev.millrace.queue.internal.LockRenewer;
import dev.millrace.queue.internal.QueueKeys;
import dev.millrace.queue.internal.Schedulers;
import dev.millrace.queue.internal.StalledChecker;
import dev.millrace.queue.internal.Utf8Codec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes jobs of one BullMQ queue, interchangeably with Node BullMQ workers on the same queue.
 * Up to {@code concurrency} jobs run at once, each on a platform thread of its own; their locks are
 * renewed in one batch every lockDuration/4; the stalled check runs every stalledInterval. Honors
 * {@code meta.paused}, the global concurrency and the global rate limit.
 *
 * <p>Lifecycle: {@link #start()} once (idempotent), {@link #close(Duration)} to drain. Thread-safe.
 */
public final class Worker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final RedisClient client;
  private final QueueKeys keys;
  private final Processor processor;
  private final WorkerOptions options;
  private final String id = UUID.randomUUID().toString();
  private final AtomicLong tokenCounter = new AtomicLong();
  private final List<WorkerListener> listeners = new CopyOnWriteArrayList<>();
  private final Semaphore slots;
  private volatile boolean closing;
  private boolean started;
  private StatefulRedisConnection<String, String> connection;
  private ExecutorService executor;
  private Thread fetchThread;
  private Fetcher fetcher;
  private LockRenewer renewer;
  private StalledChecker stalledChecker;

  public Worker(RedisClient client, String queueName, Processor processor, WorkerOptions options) {
    this(client, queueName, Queue.DEFAULT_PREFIX, processor, options);
  }

  public Worker(
      RedisClient client,
      String queueName,
      String prefix,
      Processor processor,
      WorkerOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.keys = new QueueKeys(prefix, queueName);
    this.processor = Objects.requireNonNull(processor, "processor");
    this.options = options == null ? WorkerOptions.DEFAULT : options;
    this.slots = new Semaphore(this.options.concurrency());
  }

  /** Adds a listener; may be called before or after start. */
  public Worker addListener(WorkerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  public WorkerOptions options() {
    return options;
  }

  /** Connects and starts fetching. Idempotent; a closed worker cannot be restarted. */
  public synchronized Worker start() {
    if (started || closing) {
      return this;
    }
    started = true;
    LOG.info("worker {} on queue {}:{} starting with {}", id, keys.prefix(), keys.queue(), options);
    connection = client.connect(Utf8Codec.INSTANCE);
    // Every call already waits with its own deadline (Replies.await); a second, per-command timer
    // in Lettuce would cost a timer entry and a cancel on each of the hot path's round trips.
    connection.setTimeout(Duration.ZERO);
    JobMoves moves =
        new JobMoves(
            connection.async(),
            keys,
            options.lockDuration().toMillis(),
            options.name(),
            options.limiter());
    WorkerListener fanOut = fanOut();
    renewer = new LockRenewer(moves, options.lockDuration(), fanOut::error);
    // A platform thread per busy slot: each job is a Redis round trip, and waking a parked
    // platform thread from the I/O thread costs less than rescheduling a virtual thread onto a
    // carrier (measured: ./scripts/bench queue steadier and up to 1.4x faster at c=1 and c=10).
    executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("millrace-job-", 0).factory());
    JobRunner runner =
        new JobRunner(
            processor,
            moves,
            renewer,
            fanOut,
            options.removeOnComplete(),
            options.removeOnFail(),
            this::nextToken,
            () -> closing,
            new Schedulers(connection.async(), keys),
            options.backoffStrategy(),
            options.maxStartedAttempts());
    fetcher =
        new Fetcher(
            client,
            moves,
            runner,
            slots,
            executor,
            this::nextToken,
            () -> closing,
            fanOut::error,
            options.drainDelay(),
            options.maximumRateLimitDelay(),
            options.name());
    renewer.start();
    if (!options.skipStalledCheck()) {
      stalledChecker =
          new StalledChecker(
              moves,
              options.stalledInterval(),
              options.maxStalledCount(),
              fanOut::stalled,
              fanOut::error);
      stalledChecker.start();
    }
    fetchThread = Thread.ofPlatform().name("millrace-queue-fetcher-" + keys.queue()).start(fetcher);
    return this;
  }

  private String nextToken() {
    return id + ":" + tokenCounter.incrementAndGet();
  }

  /**
   * Stops fetching, lets in-flight jobs finish until the deadline, then stops lock renewal and the
   * stalled check and disconnects. Jobs still running at the deadline keep running but are no
   * longer renewed: their locks expire and the stalled check hands them to another worker.
   * Idempotent; safe before start.
   *
   * @return true when every in-flight job finished in time
   */
  public boolean close(Duration deadline) {
    Thread fetch;
    synchronized (this) {
      if (closing) {
        return true;
      }
      closing = true;
      fetch = fetchThread;
    }
    if (!started) {
      return true;
    }
    fetcher.closeBlocking();
    fetch.interrupt();
    boolean drained;
    try {
      fetch.join(Math.max(1, deadline.toMillis()));
      drained = slots.tryAcquire(options.concurrency(), deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drained = false;
    }
    renewer.stop();
    if (stalledChecker != null) {
      stalledChecker.stop();
    }
    executor.shutdown();
    connection.closeAsync();
    LOG.info("worker {} closed ({})", id, drained ? "drained" : "jobs still running at deadline");
    return drained;
  }

  /** {@link #close(Duration)} with 30 s. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private WorkerListener fanOut() {
    return new WorkerListener() {
      @Override
      public void completed(Job job, String returnValueJson) {
        listeners.forEach(l -> call(() -> l.completed(job, returnValueJson)));
      }

      @Override
      public void failed(Job job, Throwable error, boolean willRetry) {
        listeners.forEach(l -> call(() -> l.failed(job, error, willRetry)));
      }

      @Override
      public void stalled(String jobId) {
        listeners.forEach(l -> call(() -> l.stalled(jobId)));
      }

      @Override
      public void error(Throwable error) {
        if (listeners.isEmpty()) {
          LOG.warn("worker on {}: {}", keys.queue(), error.toString());
        }
        listeners.forEach(l -> call(() -> l.error(error)));
      }
    };
  }

  private static void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("worker listener threw", e);
    }
  }
}
