package dev.millrace.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.queue.Queue;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The app on a random port, on its own schema and queue name, with an HTTP client. Close it to stop
 * the app, drop the schema and obliterate the queues.
 */
final class TestApp implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_KEY = "test-api-key-0123456789";
  static final String WORKER_TOKEN = "test-worker-token-0123456789";

  final AppServer server;
  final String schema;
  final String prefix;
  final RedisClient redis;
  final Queue runs;
  private final HttpClient http = HttpClient.newHttpClient();

  TestApp() {
    this(Map.of());
  }

  TestApp(Map<String, String> extra) {
    schema = TestServices.newSchema();
    prefix = "mrtest" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("MILLRACE_PORT", "0");
    env.put("MILLRACE_DATABASE_URL", TestServices.DATABASE_URL);
    env.put("MILLRACE_DATABASE_SCHEMA", schema);
    env.put("MILLRACE_DATABASE_POOL_SIZE", "4");
    env.put("MILLRACE_REDIS_URL", TestServices.REDIS_URL);
    env.put("MILLRACE_QUEUE_PREFIX", prefix);
    env.put("MILLRACE_API_KEY", API_KEY);
    env.put("MILLRACE_WORKER_TOKEN", WORKER_TOKEN);
    env.put("MILLRACE_ENCRYPTION_KEY", "test-encryption-key-0123456789");
    env.put("MILLRACE_SERVER_SECRET", "test-server-secret-0123456789");
    env.put("MILLRACE_SWEEPER_INTERVAL_SECONDS", "3600");
    env.putAll(extra);
    server = new AppServer(ServerConfig.fromEnvironment(env)).start();
    redis = RedisClient.create(TestServices.REDIS_URL);
    runs = new Queue(redis, "runs", prefix);
  }

  String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  /** A response with its body parsed (null when empty). */
  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  Reply send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    b.header("Content-Type", "application/json");
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed = r.body().isEmpty() ? null : JSON.readTree(r.body());
      return new Reply(r.statusCode(), parsed, r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply api(String method, String path, Object body) {
    return send(method, path, json(body), Map.of("Authorization", "Bearer " + API_KEY));
  }

  Reply worker(String path, Object body) {
    return send("POST", path, json(body), Map.of("Authorization", "Bearer " + WORKER_TOKEN));
  }

  /** Creates a flow; returns its id. */
  String createFlow(String definitionJson) {
    Reply r = api("POST", "/v1/flows", "{\"definition\": " + definitionJson + "}");
    if (r.status() != 201) {
      throw new AssertionError("flow not created: " + r.status() + " " + r.body());
    }
    return r.body().get("id").asText();
  }

  /** Adds another project with its own API key, straight into the database. */
  void addProject(String apiKey) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestServices.DATABASE_URL);
        java.sql.PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO " + schema + ".projects (id, name) VALUES (?, 'other')");
        java.sql.PreparedStatement k =
            c.prepareStatement(
                "INSERT INTO " + schema + ".api_keys (key_hash, project_id) VALUES (?, ?)")) {
      UUID id = UUID.randomUUID();
      p.setObject(1, id);
      p.executeUpdate();
      k.setBytes(
          1,
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      k.setObject(2, id);
      k.executeUpdate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL on the test's schema (to arrange states the API cannot reach quickly). */
  int sql(String statement, Object... args) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestServices.DATABASE_URL)) {
      c.createStatement().execute("SET search_path TO " + schema);
      try (java.sql.PreparedStatement ps = c.prepareStatement(statement)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        return ps.executeUpdate();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String json(Object body) {
    if (body == null || body instanceof String) {
      return (String) body;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }

  @Override
  public void close() {
    server.stop();
    for (String q : new String[] {"runs", "schedules"}) {
      try (Queue queue = new Queue(redis, q, prefix)) {
        queue.obliterate(true);
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
    runs.close();
    redis.shutdown();
    TestServices.dropSchema(schema);
  }
}
