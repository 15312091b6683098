package dev.millrace.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.engine.EngineSettings;
import dev.millrace.engine.FlowEngine;
import dev.millrace.piece.Piece;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.queue.Backoff;
import dev.millrace.queue.JobOptions;
import dev.millrace.queue.Queue;
import dev.millrace.testkit.HttpSink;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * One test's world: a real Redis with a random queue prefix, the app stand-in, an HTTP sink to
 * count side effects, and a {@link RunWorker} built from the same classes the CLI uses.
 */
final class WorkerFixture implements AutoCloseable {
  static final String REDIS_URL =
      System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  private static FlowEngine engine;

  final String prefix = "mw-" + UUID.randomUUID().toString().substring(0, 8);
  final RedisClient redis = RedisClient.create(REDIS_URL);
  final Queue queue = new Queue(redis, WorkerConfig.RUNS_QUEUE, prefix);
  final AppStandIn app = AppStandIn.start();
  final HttpSink sink = HttpSink.start();
  private final List<RunWorker> workers = new ArrayList<>();

  /** One engine for the whole suite: loopback let through so steps can reach the sink. */
  static synchronized FlowEngine engine() {
    if (engine == null) {
      var pieces = new ArrayList<Piece>();
      ServiceLoader.load(Piece.class).forEach(pieces::add);
      pieces.add(new TestPiece());
      engine =
          FlowEngine.start(
              EngineSettings.fromEnvironment(Map.of("MILLRACE_SSRF_ALLOW_LIST", "127.0.0.1")),
              PieceRegistry.of(pieces));
    }
    return engine;
  }

  WorkerConfig config(int concurrency, Map<String, String> overrides) {
    var env = new java.util.HashMap<String, String>();
    env.put("MILLRACE_REDIS_URL", REDIS_URL);
    env.put("MILLRACE_APP_URL", app.url());
    env.put("MILLRACE_WORKER_TOKEN", AppStandIn.WORKER_TOKEN);
    env.put("MILLRACE_WORKER_CONCURRENCY", String.valueOf(concurrency));
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_LOCK_DURATION_MS", "2000");
    env.put("MILLRACE_STALLED_INTERVAL_MS", "2000");
    env.put("MILLRACE_WORKER_DRAIN_SECONDS", "20");
    env.put("MILLRACE_WORKER_PORT", "0");
    env.put("MILLRACE_WORKER_REPORT_RETRY_SECONDS", "20");
    env.putAll(overrides);
    return WorkerConfig.fromEnvironment(env);
  }

  RunWorker startWorker(int concurrency) {
    return startWorker(concurrency, Map.of());
  }

  RunWorker startWorker(int concurrency, Map<String, String> overrides) {
    RunWorker worker = new RunWorker(config(concurrency, overrides), engine());
    workers.add(worker);
    return worker.start();
  }

  /** True when no worker of this fixture has a run in flight. */
  boolean startedWorkerIdle() {
    return workers.stream().allMatch(w -> w.activeRuns() == 0);
  }

  /** Adds a run to the stand-in and its job to the queue, as the app does (commit, then add). */
  String enqueue(String flowJson, JsonNode trigger) {
    String runId = UUID.randomUUID().toString();
    app.addRun(runId, flowJson, trigger);
    addJob(runId, "{\"runId\":\"" + runId + "\"}", 3);
    return runId;
  }

  void addJob(String jobId, String data, int attempts) {
    queue.add(
        "run",
        data,
        JobOptions.builder()
            .jobId(jobId)
            .attempts(attempts)
            .backoff(Backoff.exponential(Duration.ofSeconds(1)))
            .build());
  }

  @Override
  public void close() {
    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
    try {
      queue.pause();
      queue.obliterate(true);
    } catch (RuntimeException e) {
      // best effort: the keys carry a random prefix
    }
    queue.close();
    redis.shutdown();
    app.close();
    sink.close();
  }
}
