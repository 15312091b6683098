package dev.millrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * {@code ./scripts/bench e2e}: the whole system on this machine — one app process and two worker
 * processes (default concurrency 5 each), the local PostgreSQL and Redis — driven by async webhooks
 * into a 3-step flow (code, store, data). Throughput is runs completed per second of wall time from
 * the first webhook to the last SUCCEEDED; latency is each run's server-side time from the
 * webhook's insert to SUCCEEDED.
 */
final class E2eBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DATABASE =
      System.getenv()
          .getOrDefault(
              "MILLRACE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final String REDIS =
      System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  private static final String FLOW =
      """
      {"name": "bench-e2e", "trigger": {"type": "webhook"}, "steps": [
        {"name": "shape", "type": "code", "input": {"n": "{{trigger.body.n}}"},
         "source": "export default ({ n }) => ({ n, even: n % 2 === 0 })"},
        {"name": "count", "type": "piece", "piece": "store", "action": "increment", "input": {"key": "runs"}},
        {"name": "label", "type": "piece", "piece": "text", "action": "concat",
         "input": {"parts": ["run ", "{{shape.n}}", " of ", "{{count}}"]}}]}""";

  private static final int WARM_UP = Integer.getInteger("millrace.bench.warmUp", 15_000);

  private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String schema = "bench_" + id;
  private final String prefix = "bench" + id;
  private final String apiKey = "mr_bench_" + id + id;
  private final String token = "worker-token-" + id + id;
  private final int port = freePort();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();

  private E2eBench() {}

  static void run(int runs) throws Exception {
    new E2eBench().measure(runs);
  }

  private void measure(int runs) throws Exception {
    try {
      start("server", serverEnv());
      awaitReady("http://127.0.0.1:" + port + "/health/ready");
      for (int i = 0; i < 2; i++) {
        int health = freePort();
        start("worker" + i, workerEnv(health));
        awaitReady("http://127.0.0.1:" + health + "/health/ready");
      }
      String flowId = createFlow();
      // The processes are measured warm. GraalJS runs interpreted on stock JDKs, and C2 is still
      // compiling in the workers after 4,000 runs (perf: a fifth of the machine's CPU); after
      // 15,000 a worker's CPU per run is about half what it is after 4,000.
      fire(flowId, WARM_UP, 0);
      awaitSucceeded(WARM_UP);
      truncate();
      CpuMeter cpu = cpuMeter();
      cpu.start();
      long started = System.nanoTime();
      fire(flowId, runs, 1_000_000);
      awaitSucceeded(runs);
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      String cpuLine = cpu.report(runs, "run");
      report(runs, wallSeconds, cpuLine);
    } finally {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        process.waitFor();
      }
      cleanUp();
    }
  }

  private void fire(String flowId, int runs, int offset) throws Exception {
    var window = new Semaphore(64);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < runs; i++) {
        int n = offset + i;
        window.acquire();
        pool.submit(
            () -> {
              try {
                var reply =
                    http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/v1/webhooks/" + flowId))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + n + "}"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (reply.statusCode() != 202) {
                  throw new IllegalStateException("webhook answered " + reply.statusCode());
                }
              } finally {
                window.release();
              }
              return null;
            });
      }
    }
  }

  private CpuMeter cpuMeter() {
    return new CpuMeter()
        .group("app", () -> List.of(processes.get(0).pid()))
        .group("workers", () -> List.of(processes.get(1).pid(), processes.get(2).pid()))
        .group("postgres", () -> CpuMeter.matching("postgres:"))
        .group("redis", () -> CpuMeter.matching("redis-server 127.0.0.1:6379"))
        .group("bench client", () -> List.of(ProcessHandle.current().pid()));
  }

  private void report(int runs, double wallSeconds, String cpuLine) throws Exception {
    long[] latencies = new long[runs];
    double spanSeconds;
    try (Connection db = database();
        ResultSet span =
            db.createStatement()
                .executeQuery(
                    "select extract(epoch from max(finished_at) - min(created_at)) from runs");
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "select extract(epoch from finished_at - created_at) * 1000000 from runs")) {
      span.next();
      spanSeconds = span.getDouble(1);
      int i = 0;
      while (rows.next() && i < runs) {
        latencies[i++] = (long) (rows.getDouble(1) * 1000);
      }
    }
    Stats stats = Stats.of(latencies);
    long[] perSecond = completionsPerSecond();
    double throughput = runs / spanSeconds;
    System.out.printf(
        "e2e: %d webhook runs of a 3-step flow (code, store, data); 1 app + 2 workers x 5 slots, "
            + "webhooks 64 at a time; first insert to last SUCCEEDED %.1f s (client wall %.1f s)%n",
        runs, spanSeconds, wallSeconds);
    System.out.printf(
        "latency webhook insert -> SUCCEEDED: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        stats.percentileMillis(50), stats.percentileMillis(99), stats.percentileMillis(100));
    System.out.println(
        perSecond.length == 0
            ? "runs finished per whole second: too short a run to tell"
            : String.format(
                "runs finished per whole second (%d s, first and last left out): min %d, median %d,"
                    + " max %d",
                perSecond.length,
                perSecond[0],
                perSecond[perSecond.length / 2],
                perSecond[perSecond.length - 1]));
    System.out.println(cpuLine);
    System.out.println(
        "peer: none measured in this run; published figures are in the issue (DBOS about 1,000 "
            + "3-step workflows/s here with no webhook and no queue, n8n 220/s, the reference system about 95/s)");
    System.out.printf(
        "e2e: %.0f runs/s, p50 %.1f ms, p99 %.1f ms%n",
        throughput, stats.percentileMillis(50), stats.percentileMillis(99));
  }

  // sorted; the first and last seconds are partial, so they are left out
  private long[] completionsPerSecond() throws Exception {
    var counts = new ArrayList<Long>();
    try (Connection db = database();
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "select count(*) from runs group by date_trunc('second', finished_at)"
                        + " order by date_trunc('second', finished_at)")) {
      while (rows.next()) {
        counts.add(rows.getLong(1));
      }
    }
    if (counts.size() <= 2) {
      return new long[0];
    }
    return counts.subList(1, counts.size() - 1).stream()
        .mapToLong(Long::longValue)
        .sorted()
        .toArray();
  }

  private void awaitSucceeded(int runs) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection db = database();
          ResultSet rows =
              db.createStatement()
                  .executeQuery(
                      "select count(*) filter (where status = 'SUCCEEDED'), count(*) filter (where status in ('FAILED', 'TIMED_OUT')) from runs")) {
        rows.next();
        if (rows.getLong(2) > 0) {
          throw new IllegalStateException(rows.getLong(2) + " runs failed");
        }
        if (rows.getLong(1) >= runs) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("runs did not finish within 5 minutes");
  }

  // Clears the warm-up's runs (their steps and store writes go with them). No VACUUM ANALYZE here:
  // with it PostgreSQL's CPU per run went from about 2.4 to 3.3-4.0 ms in two runs, likely because
  // statistics of emptied tables make the planner prefer sequential scans as they refill.
  private void truncate() throws Exception {
    try (Connection db = database()) {
      db.createStatement().execute("delete from runs");
    }
  }

  private String createFlow() throws Exception {
    var body = JSON.createObjectNode();
    body.set("definition", JSON.readTree(FLOW));
    var reply =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/v1/flows"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(reply.body());
    if (reply.statusCode() != 201) {
      throw new IllegalStateException("flow not created: " + reply.body());
    }
    return answer.get("id").asText();
  }

  private Map<String, String> serverEnv() {
    var env = new HashMap<String, String>();
    env.put("MILLRACE_PORT", Integer.toString(port));
    env.put("MILLRACE_DATABASE_URL", DATABASE);
    env.put("MILLRACE_DATABASE_SCHEMA", schema);
    env.put("MILLRACE_REDIS_URL", REDIS);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_API_KEY", apiKey);
    env.put("MILLRACE_WORKER_TOKEN", token);
    env.put("MILLRACE_DATABASE_POOL_SIZE", "20");
    return env;
  }

  private Map<String, String> workerEnv(int healthPort) {
    var env = new HashMap<String, String>();
    env.put("MILLRACE_REDIS_URL", REDIS);
    env.put("MILLRACE_APP_URL", base());
    env.put("MILLRACE_WORKER_TOKEN", token);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_WORKER_PORT", Integer.toString(healthPort));
    return env;
  }

  private void start(String name, Map<String, String> env) throws IOException {
    Path root = Path.of("").toAbsolutePath();
    Path log = Files.createTempFile("millrace-bench-" + name, ".log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dpolyglot.engine.WarnInterpreterOnly=false",
            "-jar",
            root.resolve("cli/target/millrace.jar").toString(),
            name.startsWith("worker") ? "worker" : "server"));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    processes.add(builder.start());
  }

  private void awaitReady(String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not become ready");
  }

  private Connection database() throws Exception {
    Connection connection = DriverManager.getConnection(DATABASE);
    connection.createStatement().execute("set search_path to " + schema);
    return connection;
  }

  private void cleanUp() throws Exception {
    try (Connection db = DriverManager.getConnection(DATABASE)) {
      db.createStatement().execute("drop schema if exists " + schema + " cascade");
    }
    RedisClient client = RedisClient.create(REDIS);
    try (var redis = client.connect()) {
      var keys = redis.sync().keys(prefix + ":*");
      if (!keys.isEmpty()) {
        redis.sync().del(keys.toArray(String[]::new));
      }
    } finally {
      client.shutdown();
    }
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
