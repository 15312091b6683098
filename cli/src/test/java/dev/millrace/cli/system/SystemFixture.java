package dev.millrace.cli.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.FlowReader;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Millrace installation made of real processes: an app ({@code millrace server}) and workers
 * ({@code millrace worker}), on the test Redis and PostgreSQL with a schema and a queue prefix of
 * their own, removed afterwards. Crash detection is shortened (2 s locks) so fault tests are quick.
 */
final class SystemFixture implements AutoCloseable {
  static final String REDIS =
      System.getenv().getOrDefault("MILLRACE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
  static final String DATABASE =
      System.getenv()
          .getOrDefault(
              "MILLRACE_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String schema = "sys_" + id;
  final String prefix = "sys" + id;
  final String apiKey = "mr_test_" + id + id;
  final String workerToken = "worker-token-" + id + id;
  final int port = freePort();
  final HttpClient http = HttpClient.newHttpClient();
  final Map<String, String> extraWorkerEnv = new HashMap<>();
  MillraceProcess server;
  final List<MillraceProcess> workers = new ArrayList<>();

  SystemFixture startServer() {
    server = MillraceProcess.start("server", "server", serverEnv());
    await("the app to be ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ready(baseUrl() + "/health/ready") || !server.alive());
    if (!server.alive()) {
      throw new IllegalStateException("the app did not start:\n" + server.output());
    }
    return this;
  }

  Map<String, String> serverEnv() {
    var env = new HashMap<String, String>();
    env.put("MILLRACE_PORT", Integer.toString(port));
    env.put("MILLRACE_DATABASE_URL", DATABASE);
    env.put("MILLRACE_DATABASE_SCHEMA", schema);
    env.put("MILLRACE_REDIS_URL", REDIS);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_API_KEY", apiKey);
    env.put("MILLRACE_WORKER_TOKEN", workerToken);
    env.put("MILLRACE_SERVER_SECRET", "server-secret-" + id + id);
    env.put("MILLRACE_SWEEPER_INTERVAL_SECONDS", "2");
    env.put("MILLRACE_PUBLIC_URL", baseUrl());
    return env;
  }

  /** Starts a worker process and waits until it is ready. */
  MillraceProcess startWorker(int concurrency) {
    int healthPort = freePort();
    var env = new HashMap<String, String>();
    env.put("MILLRACE_REDIS_URL", REDIS);
    env.put("MILLRACE_APP_URL", baseUrl());
    env.put("MILLRACE_WORKER_TOKEN", workerToken);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_WORKER_CONCURRENCY", Integer.toString(concurrency));
    env.put("MILLRACE_WORKER_PORT", Integer.toString(healthPort));
    env.put("MILLRACE_LOCK_DURATION_MS", "2000");
    env.put("MILLRACE_STALLED_INTERVAL_MS", "1000");
    env.put("MILLRACE_SSRF_ALLOW_LIST", "127.0.0.1");
    env.put("MILLRACE_WORKER_DRAIN_SECONDS", "5");
    env.putAll(extraWorkerEnv);
    MillraceProcess worker = MillraceProcess.start("worker" + workers.size(), "worker", env);
    workers.add(worker);
    await("a worker to be ready")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ready("http://127.0.0.1:" + healthPort + "/health/ready") || !worker.alive());
    if (!worker.alive()) {
      throw new IllegalStateException("the worker did not start:\n" + worker.output());
    }
    return worker;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates (publishes and enables) a flow; returns its id. */
  String createFlow(String definitionJson) throws Exception {
    ObjectNode body = FlowReader.JSON.createObjectNode();
    body.set("definition", FlowReader.JSON.readTree(definitionJson));
    HttpResponse<String> reply = send("POST", "/v1/flows", body.toString(), true);
    if (reply.statusCode() != 201) {
      throw new IllegalStateException(
          "flow not created: " + reply.statusCode() + " " + reply.body());
    }
    return json(reply.body()).get("id").asText();
  }

  /** Posts to a flow's async webhook; returns the run id. */
  String webhook(String flowId, String body) throws Exception {
    HttpResponse<String> reply = send("POST", "/v1/webhooks/" + flowId, body, false);
    if (reply.statusCode() != 202) {
      throw new IllegalStateException(
          "webhook refused: " + reply.statusCode() + " " + reply.body());
    }
    return json(reply.body()).get("runId").asText();
  }

  JsonNode run(String runId) throws Exception {
    return json(send("GET", "/v1/runs/" + runId, null, true).body());
  }

  /** Waits until the run has {@code status}, failing early if it ends otherwise. */
  JsonNode awaitRun(String runId, String status, Duration within) {
    await("run " + runId + " to be " + status)
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String now = run(runId).path("status").asText();
              if (!now.equals(status)
                  && List.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT").contains(now)) {
                throw new AssertionError("run " + runId + " ended " + now + ": " + run(runId));
              }
              return now.equals(status);
            });
    try {
      return run(runId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> send(String method, String path, String body, boolean authorized)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorized) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  Connection database() throws SQLException {
    Connection connection = DriverManager.getConnection(DATABASE);
    connection.createStatement().execute("SET search_path TO " + schema);
    return connection;
  }

  static JsonNode json(String text) throws IOException {
    return FlowReader.JSON.readTree(text);
  }

  private boolean ready(String url) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (MillraceProcess worker : workers) {
      if (worker.alive()) {
        worker.signal("CONT");
      }
      worker.close();
    }
    if (server != null) {
      server.close();
    }
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
}
