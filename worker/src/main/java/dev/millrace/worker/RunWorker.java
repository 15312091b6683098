package dev.millrace.worker;

import dev.millrace.engine.FlowEngine;
import dev.millrace.queue.Worker;
import dev.millrace.queue.WorkerListener;
import dev.millrace.queue.WorkerOptions;
import dev.millrace.worker.internal.AppClient;
import dev.millrace.worker.internal.FlowVersionCache;
import dev.millrace.worker.internal.HealthServer;
import dev.millrace.worker.internal.RunProcessor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless worker: takes jobs from the {@code runs} queue in Redis, claims each run from the
 * app, executes it with the engine and reports every step, the finish or the pause over HTTP
 * (docs/worker-api.md). It holds no database credentials.
 *
 * <p>Lifecycle: {@link #start()} once (idempotent); {@link #drain()} or {@link #close(Duration)} to
 * stop: readiness goes false at once, fetching stops, in-flight runs get the drain time to finish,
 * and those still running after it are left to the queue's stalled check (they resume elsewhere).
 * Close is idempotent and safe before start. Thread-safe.
 *
 * <pre>{@code
 * var env = System.getenv();
 * FlowEngine engine = FlowEngine.start(EngineSettings.fromEnvironment(env), PieceRegistry.discover());
 * RunWorker worker = new RunWorker(WorkerConfig.fromEnvironment(env), engine).start();
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> { worker.drain(); engine.close(); }));
 * }</pre>
 */
public final class RunWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunWorker.class);
  private static final int CACHED_VERSIONS = 512;

  private final WorkerConfig config;
  private final RedisClient redis;
  private final ClientResources ownedResources;
  private final AppClient app;
  private final RunProcessor processor;
  private final Worker queueWorker;
  private volatile boolean ready;
  private boolean started;
  private boolean closed;
  private HealthServer health;

  /** A worker with a Redis client of its own (closed with it). The engine stays the caller's. */
  public RunWorker(WorkerConfig config, FlowEngine engine) {
    this(config, engine, null);
  }

  /**
   * A worker on a shared Redis client (not closed with it), e.g. several workers in one process.
   * The engine stays the caller's; one engine can serve several workers.
   */
  public RunWorker(WorkerConfig config, FlowEngine engine, RedisClient redis) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(engine, "engine");
    if (redis == null) {
      // Lettuce's default reconnect back-off grows to 30 s; a worker should be back within a
      // second.
      this.ownedResources =
          ClientResources.builder()
              .reconnectDelay(
                  Delay.exponential(
                      Duration.ofMillis(20), Duration.ofMillis(1000), 2, TimeUnit.MILLISECONDS))
              .build();
      this.redis = RedisClient.create(ownedResources, config.redisUrl());
    } else {
      this.ownedResources = null;
      this.redis = redis;
    }
    this.app = new AppClient(config.appUrl(), config.workerToken(), config.reportRetry());
    this.processor =
        new RunProcessor(
            engine,
            app,
            new FlowVersionCache(engine, CACHED_VERSIONS),
            config.concurrency(),
            Duration.ofMillis(Math.max(1, config.lockDuration().toMillis() / 4)));
    this.queueWorker =
        new Worker(
            this.redis,
            config.queueName(),
            config.queuePrefix(),
            processor,
            WorkerOptions.builder()
                .concurrency(config.concurrency())
                .lockDuration(config.lockDuration())
                .stalledInterval(config.stalledInterval())
                .drainDelay(Duration.ofSeconds(5))
                .name("millrace-worker")
                .build());
  }

  /**
   * Starts the health endpoints (unless the port is -1) and starts taking jobs. Idempotent.
   *
   * @throws java.io.UncheckedIOException when the health port cannot be bound
   */
  public synchronized RunWorker start() {
    if (started || closed) {
      return this;
    }
    started = true;
    config.describe().forEach(line -> LOG.info("worker setting {}", line));
    if (config.healthPort() >= 0) {
      health = HealthServer.start(config.healthPort(), this::ready);
    }
    queueWorker.start();
    ready = true;
    return this;
  }

  /** True while the worker takes jobs: started and not draining. */
  public boolean ready() {
    return ready;
  }

  /** The port the health endpoints listen on, or -1 when there are none (or not started). */
  public synchronized int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** Runs in flight on this worker right now. */
  public int activeRuns() {
    return processor.activeRuns();
  }

  public WorkerConfig config() {
    return config;
  }

  /** Adds a listener to the underlying queue worker (completed, failed, stalled, errors). */
  public RunWorker addQueueListener(WorkerListener listener) {
    queueWorker.addListener(listener);
    return this;
  }

  /** {@link #close(Duration)} with {@code MILLRACE_WORKER_DRAIN_SECONDS}: what SIGTERM calls. */
  public boolean drain() {
    return close(config.drainTimeout());
  }

  /**
   * Drains: readiness false at once, no more fetching, in-flight runs get {@code drain} to finish;
   * then lock renewal stops (runs still going are recovered by the stalled check elsewhere), the
   * health endpoints close and the Redis client (if owned) disconnects. Idempotent.
   *
   * @return true when every in-flight run finished in time
   */
  public boolean close(Duration drain) {
    synchronized (this) {
      if (closed) {
        return true;
      }
      closed = true;
      ready = false;
    }
    LOG.info(
        "worker draining: {} run(s) in flight, {} s to finish", activeRuns(), drain.toSeconds());
    boolean drained = queueWorker.close(drain);
    app.close();
    synchronized (this) {
      if (health != null) {
        health.close();
      }
    }
    if (ownedResources != null) {
      redis.shutdown();
      ownedResources.shutdown();
    }
    LOG.info("worker closed ({})", drained ? "drained" : "runs left to the stalled check");
    return drained;
  }

  @Override
  public void close() {
    drain();
  }
}
