package dev.millrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.engine.EngineSettings;
import dev.millrace.engine.FlowEngine;
import dev.millrace.flow.FlowReader;
import dev.millrace.piece.PieceRegistry;
import dev.millrace.server.AppServer;
import dev.millrace.server.ServerConfig;
import dev.millrace.worker.RunWorker;
import dev.millrace.worker.WorkerConfig;
import io.lettuce.core.RedisClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * {@code ./scripts/bench steps}: 40-step sequential flows through the full durable path (async
 * webhook, queue, a worker claiming the run over HTTP, every step journaled by the app in
 * PostgreSQL), one run at a time after warm-up, with the app and one worker (concurrency 1) in this
 * process. The time of a run is the app's own {@code finished_at - started_at}, which leaves out
 * the wait in the queue. Then the peer: the same 40-step workflow on DBOS Transact, in a JDK 17
 * child process ({@code bench-dbos}).
 */
final class StepsBench {
  static final int STEPS = 40;
  // enough runs for the JIT to settle on both sides (20 left the app and worker half interpreted)
  static final int WARMUP = 300;
  static final int MEASURED = 200;
  static final String REDIS = setting("MILLRACE_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
  static final String DATABASE =
      setting("MILLRACE_BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private StepsBench() {}

  record Figures(double perStepMs, double runMs, double queuedMs, double endToEndMs) {}

  static void run() throws Exception {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String schema = "bench_" + id;
    String prefix = "bench" + id;
    String apiKey = "mr_bench_" + id + id;
    var env = new HashMap<String, String>();
    env.put("MILLRACE_PORT", "0");
    env.put("MILLRACE_DATABASE_URL", DATABASE);
    env.put("MILLRACE_DATABASE_SCHEMA", schema);
    env.put("MILLRACE_REDIS_URL", REDIS);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_API_KEY", apiKey);
    env.put("MILLRACE_WORKER_TOKEN", "worker-token-" + id + id);
    env.put("MILLRACE_SERVER_SECRET", "server-secret-" + id + id);
    env.put("MILLRACE_WORKER_CONCURRENCY", "1");
    env.put("MILLRACE_WORKER_PORT", "0");
    double commitMs;
    Figures pure;
    Figures effectful;
    Map<String, CountingProxy.Endpoint> tripsPure;
    Map<String, CountingProxy.Endpoint> tripsEffectful;
    AppServer server = new AppServer(ServerConfig.fromEnvironment(env)).start();
    try (FlowEngine engine =
            FlowEngine.start(EngineSettings.fromEnvironment(env), PieceRegistry.discover());
        Connection db = DriverManager.getConnection(DATABASE)) {
      db.createStatement().execute("SET search_path TO " + schema);
      env.put("MILLRACE_APP_URL", server.baseUrl());
      var api = new Api(server.baseUrl(), apiKey);
      commitMs = commitFloor(db);
      String pureFlow = api.createFlow(flow("pure", StepsBench::addStep));
      String effectFlow = api.createFlow(flow("effectful", StepsBench::putStep));
      try (RunWorker worker = new RunWorker(WorkerConfig.fromEnvironment(env), engine).start()) {
        pure = measure(api, db, pureFlow);
        effectful = measure(api, db, effectFlow);
      }
      // Round trips: a second worker reaches the app through a counting proxy (not timed).
      try (var proxy = new CountingProxy(server.baseUrl())) {
        env.put("MILLRACE_APP_URL", proxy.baseUrl());
        try (RunWorker worker = new RunWorker(WorkerConfig.fromEnvironment(env), engine).start()) {
          tripsPure = proxy.perRun(5, () -> awaitRun(db, api.webhook(pureFlow)));
          tripsEffectful = proxy.perRun(5, () -> awaitRun(db, api.webhook(effectFlow)));
        }
      }
    } finally {
      server.close();
      cleanUp(schema, prefix);
    }
    System.out.printf(
        "PostgreSQL floor: one autocommit INSERT p50 %.3f ms (synchronous_commit and fsync as"
            + " configured)%n",
        commitMs);
    print("pure", pure, tripsPure);
    print("effectful", effectful, tripsEffectful);
    String dbos = DbosPeer.run(WARMUP, MEASURED);
    System.out.printf(
        "steps: %.3f ms per effectful step, %.3f ms per pure step (p50); dbos %s ms per step%n",
        effectful.perStepMs(), pure.perStepMs(), dbos);
  }

  private static void print(String kind, Figures f, Map<String, CountingProxy.Endpoint> trips) {
    double total = trips.values().stream().mapToDouble(CountingProxy.Endpoint::perRun).sum();
    System.out.printf(
        "%d %s steps: p50 %.3f ms per step (run p50 %.2f ms, finished_at - started_at; %d runs"
            + " after %d warm-up)%n",
        STEPS, kind, f.perStepMs(), f.runMs(), MEASURED, WARMUP);
    System.out.printf(
        "  created_at to started_at (queue, claim): p50 %.2f ms; webhook to SUCCEEDED seen by a"
            + " 1 ms poll: p50 %.2f ms%n",
        f.queuedMs(), f.endToEndMs());
    System.out.printf(
        "  worker -> app HTTP round trips per run: %.1f, by endpoint (per run × app's mean answer"
            + " time, through a counting proxy, untimed runs): %s%n",
        total, trips);
  }

  private static String addStep(int i) {
    String a = i == 0 ? "{{trigger.body.n}}" : "{{s" + (i - 1) + "}}";
    return """
        {"name": "s%d", "type": "piece", "piece": "math", "action": "add", "input": {"a": "%s", "b": 1}}"""
        .formatted(i, a);
  }

  private static String putStep(int i) {
    return """
        {"name": "s%d", "type": "piece", "piece": "store", "action": "put", "input": {"key": "k%d", "value": "{{trigger.body.n}}"}}"""
        .formatted(i, i);
  }

  private static String flow(String name, IntFunction<String> step) {
    var steps = new StringBuilder();
    for (int i = 0; i < STEPS; i++) {
      steps.append(i == 0 ? "" : ",").append(step.apply(i));
    }
    return "{\"name\": \"%s\", \"trigger\": {\"type\": \"webhook\"}, \"steps\": [%s]}"
        .formatted(name, steps);
  }

  private static Figures measure(Api api, Connection db, String flowId) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      awaitRun(db, api.webhook(flowId));
    }
    double[] runMs = new double[MEASURED];
    double[] queuedMs = new double[MEASURED];
    double[] endToEndMs = new double[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      double[] times = awaitRun(db, api.webhook(flowId));
      endToEndMs[i] = (System.nanoTime() - start) / 1e6;
      runMs[i] = times[0];
      queuedMs[i] = times[1];
    }
    double run = Stats.median(runMs);
    return new Figures(run / STEPS, run, Stats.median(queuedMs), Stats.median(endToEndMs));
  }

  /**
   * Polls the runs table until the run succeeds; returns {finished_at - started_at, started_at -
   * created_at} in ms.
   */
  static double[] awaitRun(Connection db, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (var query =
        db.prepareStatement(
            "SELECT status, extract(epoch FROM finished_at - started_at) * 1000,"
                + " extract(epoch FROM started_at - created_at) * 1000 FROM runs"
                + " WHERE id = ?::uuid")) {
      query.setString(1, runId);
      while (System.nanoTime() < deadline) {
        try (var row = query.executeQuery()) {
          if (row.next()) {
            String status = row.getString(1);
            if (status.equals("SUCCEEDED")) {
              return new double[] {row.getDouble(2), row.getDouble(3)};
            }
            if (List.of("FAILED", "CANCELLED", "TIMED_OUT").contains(status)) {
              throw new IllegalStateException(
                  "run " + runId + " ended " + status + ": " + failure(db, runId));
            }
          }
        }
        Thread.sleep(1);
      }
    }
    throw new IllegalStateException("run " + runId + " did not finish within 60 s");
  }

  /** The cost of one durable write here: p50 of 200 single-row autocommit INSERTs. */
  private static double commitFloor(Connection db) throws Exception {
    db.createStatement().execute("CREATE TABLE bench_commit (n int)");
    double[] ms = new double[200];
    try (var insert = db.prepareStatement("INSERT INTO bench_commit VALUES (?)")) {
      for (int i = 0; i < ms.length; i++) {
        insert.setInt(1, i);
        long start = System.nanoTime();
        insert.executeUpdate();
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    return Stats.median(ms);
  }

  private static String failure(Connection db, String runId) throws Exception {
    try (var query =
        db.prepareStatement(
            "SELECT path, error FROM steps WHERE run_id = ?::uuid AND error IS NOT NULL")) {
      query.setString(1, runId);
      var text = new StringBuilder();
      try (var row = query.executeQuery()) {
        while (row.next()) {
          text.append(row.getString(1)).append(": ").append(row.getString(2)).append("; ");
        }
      }
      return text.toString();
    }
  }

  private static void cleanUp(String schema, String prefix) throws Exception {
    try (Connection connection = DriverManager.getConnection(DATABASE)) {
      connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
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

  static String setting(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The public REST API: flows and the async webhook. */
  record Api(String baseUrl, String apiKey, HttpClient http) {
    Api(String baseUrl, String apiKey) {
      this(baseUrl, apiKey, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    }

    String createFlow(String definition) throws Exception {
      var body = FlowReader.JSON.createObjectNode();
      body.set("definition", FlowReader.JSON.readTree(definition));
      return post("/v1/flows", body.toString(), true, 201).get("id").asText();
    }

    String webhook(String flowId) throws Exception {
      return post("/v1/webhooks/" + flowId, "{\"n\": 1}", false, 202).get("runId").asText();
    }

    private JsonNode post(String path, String body, boolean authorized, int expected)
        throws Exception {
      var request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (authorized) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != expected) {
        throw new IllegalStateException(path + ": " + reply.statusCode() + " " + reply.body());
      }
      return FlowReader.JSON.readTree(reply.body());
    }
  }

  /** The DBOS peer: {@code bench-dbos} on JDK 17, in a child process. */
  static final class DbosPeer {
    private DbosPeer() {}

    /** Runs it, echoes its figures and returns its ms per step, or "n/a" (with the reason). */
    static String run(int warmup, int measured) throws Exception {
      String classpath = System.getenv("MILLRACE_BENCH_DBOS_CP");
      if (classpath == null || classpath.isBlank()) {
        System.out.println("dbos 40 steps: skipped (MILLRACE_BENCH_DBOS_CP is not set)");
        return "n/a";
      }
      String java =
          setting("MILLRACE_BENCH_JAVA17", "/usr/lib/jvm/java-17-openjdk-amd64") + "/bin/java";
      var process =
          new ProcessBuilder(
                  java,
                  "-cp",
                  classpath,
                  "dev.millrace.bench.dbos.DbosSteps",
                  setting("MILLRACE_BENCH_DBOS_SERVER", "jdbc:postgresql://127.0.0.1:5432/"),
                  "postgres",
                  Integer.toString(warmup),
                  Integer.toString(measured))
              .redirectErrorStream(true)
              .start();
      String result = "n/a";
      var output = new StringBuilder();
      try (var lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("dbos-result ")) {
            result = String.format("%.3f", Double.parseDouble(line.split(" ")[1]));
          } else if (line.startsWith("dbos ")) {
            System.out.println(line);
          } else {
            output.append(line).append('\n');
          }
        }
      }
      if (process.waitFor() != 0 || result.equals("n/a")) {
        System.out.println("dbos 40 steps: failed (exit " + process.exitValue() + ")");
        System.err.print(output);
      }
      return result;
    }
  }
}
