package dev.millrace.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small but real stand-in for the app's side of the worker API (docs/worker-api.md), over HTTP on
 * loopback: runs and their journals in memory, leases enforced with 409, the worker token checked.
 * Its state outlives {@link #stop()}, so a test can take the "app" down and bring it back on the
 * same port. A test double of the other process's HTTP contract; Redis is always real.
 */
final class AppStandIn implements AutoCloseable {
  static final String WORKER_TOKEN = "stand-in-worker-token";
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> TERMINAL =
      Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");

  /** One request the stand-in answered. */
  record Call(long seq, String endpoint, String runId, JsonNode body, int status) {}

  /** A run as the app keeps it. Guarded by its own monitor. */
  static final class Run {
    final String id;
    final String versionId;
    final JsonNode flow;
    final JsonNode trigger;
    String status = "QUEUED";
    String lease;
    String runToken;
    int attempt;
    final Map<String, JsonNode> journal = new LinkedHashMap<>();
    JsonNode finish;
    JsonNode pause;
    volatile boolean cancel;
    volatile Instant deadline;

    Run(String id, String versionId, JsonNode flow, JsonNode trigger) {
      this.id = id;
      this.versionId = versionId;
      this.flow = flow;
      this.trigger = trigger;
    }

    synchronized String status() {
      return status;
    }

    synchronized List<String> journalPaths() {
      return List.copyOf(journal.keySet());
    }

    synchronized JsonNode step(String path) {
      return journal.get(path);
    }

    synchronized JsonNode finish() {
      return finish;
    }
  }

  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> store = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private volatile HttpServer server;
  private ExecutorService executor;

  private AppStandIn() {}

  static AppStandIn start() {
    return new AppStandIn().listen(0);
  }

  private AppStandIn listen(int onPort) {
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the app stand-in", e);
    }
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Takes the app down: connections are refused until {@link #restart()}. */
  synchronized void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Brings the app back on the same port, with the same runs and journals. */
  synchronized void restart() {
    int same = server.getAddress().getPort();
    listen(same);
  }

  @Override
  public void close() {
    stop();
  }

  /** Adds a QUEUED run of a flow version. */
  Run addRun(String runId, String flowJson, JsonNode trigger) {
    try {
      Run run =
          new Run(
              runId,
              "v-" + UUID.nameUUIDFromBytes(flowJson.getBytes(StandardCharsets.UTF_8)),
              JSON.readTree(flowJson),
              trigger == null ? JSON.createObjectNode() : trigger);
      runs.put(runId, run);
      return run;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  Run run(String runId) {
    return runs.get(runId);
  }

  /** Seeds a run's journal as if an earlier attempt had written {@code record}. */
  void seed(String runId, JsonNode record) {
    Run run = runs.get(runId);
    synchronized (run) {
      run.journal.put(record.path("path").asText(), record);
    }
  }

  /** Another worker claimed the run: its lease is now {@code newLease}. */
  void supersede(String runId, String newLease) {
    Run run = runs.get(runId);
    synchronized (run) {
      run.lease = newLease;
    }
  }

  void markTerminal(String runId, String status) {
    Run run = runs.get(runId);
    synchronized (run) {
      run.status = status;
    }
  }

  /** Every answered request about {@code runId}, in order (heartbeats included). */
  List<Call> calls(String runId) {
    return calls.stream().filter(c -> runId.equals(c.runId())).toList();
  }

  /** The endpoints called for {@code runId}, in order, heartbeats left out. */
  List<String> endpoints(String runId) {
    return calls(runId).stream().map(Call::endpoint).filter(e -> !e.equals("heartbeat")).toList();
  }

  List<Call> allCalls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String[] parts = ex.getRequestURI().getPath().split("/");
      JsonNode body;
      try {
        byte[] raw = ex.getRequestBody().readAllBytes();
        body = raw.length == 0 ? JSON.createObjectNode() : JSON.readTree(raw);
      } catch (IOException e) {
        reply(ex, null, "bad", null, 400, JSON.createObjectNode().put("error", "malformed JSON"));
        return;
      }
      if (!("Bearer " + WORKER_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, null, "unauthorized", body, 401, JSON.createObjectNode().put("error", "auth"));
        return;
      }
      // /v1/worker/runs/{id}/{op} or /v1/worker/store
      if (parts.length == 4 && parts[3].equals("store")) {
        store(ex, body);
        return;
      }
      if (parts.length != 6 || !parts[3].equals("runs")) {
        reply(ex, null, "unknown", body, 404, JSON.createObjectNode().put("error", "no route"));
        return;
      }
      String runId = parts[4];
      String op = parts[5];
      Run run = runs.get(runId);
      if (run == null) {
        reply(ex, runId, op, body, 404, JSON.createObjectNode().put("error", "no such run"));
        return;
      }
      synchronized (run) {
        if (op.equals("claim")) {
          claim(ex, run, body);
          return;
        }
        if (!body.path("leaseToken").asText("").equals(run.lease)) {
          reply(ex, runId, op, body, 409, JSON.createObjectNode().put("error", "lease superseded"));
          return;
        }
        for (JsonNode r : body.path("records")) {
          run.journal.put(r.path("path").asText(), r);
        }
        switch (op) {
          case "steps", "heartbeat" ->
              reply(ex, runId, op, body, 200, JSON.createObjectNode().put("cancel", run.cancel));
          case "finish" -> {
            run.status = body.path("status").asText();
            run.finish = body;
            reply(ex, runId, op, body, 204, null);
          }
          case "pause" -> {
            run.status = "PAUSED";
            run.pause = body;
            reply(ex, runId, op, body, 204, null);
          }
          default ->
              reply(ex, runId, op, body, 404, JSON.createObjectNode().put("error", "no route"));
        }
      }
    }
  }

  private void claim(HttpExchange ex, Run run, JsonNode body) throws IOException {
    if (TERMINAL.contains(run.status) || run.cancel) {
      reply(
          ex,
          run.id,
          "claim",
          body,
          200,
          JSON.createObjectNode().put("action", "skip").put("reason", "run is " + run.status));
      return;
    }
    run.lease = body.path("lockToken").asText();
    run.attempt++;
    run.status = "RUNNING";
    run.runToken = "rt-" + UUID.randomUUID();
    ObjectNode out = JSON.createObjectNode();
    out.put("action", "run").put("leaseToken", run.lease).put("runToken", run.runToken);
    ObjectNode r = out.putObject("run");
    r.put("id", run.id)
        .put("flowId", "flow-1")
        .put("projectId", "project-1")
        .put("flowVersionId", run.versionId)
        .put("attempt", run.attempt)
        .put(
            "deadline",
            (run.deadline != null ? run.deadline : Instant.now().plusSeconds(600)).toString());
    r.set("trigger", run.trigger);
    r.set("resume", NullNode.getInstance());
    out.set("flow", run.flow);
    ArrayNode journal = out.putArray("journal");
    run.journal.values().forEach(journal::add);
    reply(ex, run.id, "claim", body, 200, out);
  }

  private void store(HttpExchange ex, JsonNode body) throws IOException {
    String token = ex.getRequestHeaders().getFirst("X-Millrace-Run-Token");
    Run owner =
        runs.values().stream()
            .filter(r -> token != null && token.equals(r.runToken))
            .findFirst()
            .orElse(null);
    if (owner == null) {
      reply(ex, null, "store", body, 403, JSON.createObjectNode().put("error", "bad run token"));
      return;
    }
    String key = body.path("scope").asText() + "/" + owner.id + "/" + body.path("key").asText();
    JsonNode value =
        switch (body.path("op").asText()) {
          case "get" -> store.getOrDefault(key, NullNode.getInstance());
          case "put" -> {
            store.put(key, body.path("value"));
            yield NullNode.getInstance();
          }
          case "delete" -> JsonNodeFactory.instance.booleanNode(store.remove(key) != null);
          case "increment" ->
              store.merge(
                  key,
                  JsonNodeFactory.instance.numberNode(body.path("delta").asDouble()),
                  (a, b) -> JsonNodeFactory.instance.numberNode(a.asDouble() + b.asDouble()));
          default -> NullNode.getInstance();
        };
    reply(ex, owner.id, "store", body, 200, JSON.createObjectNode().set("value", value));
  }

  private void reply(
      HttpExchange ex, String runId, String op, JsonNode body, int status, JsonNode out)
      throws IOException {
    calls.add(new Call(seq.incrementAndGet(), op, runId, body, status));
    if (out == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsBytes(out);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  /** The records of each /steps call for {@code runId}, as lists of paths. */
  List<List<String>> stepBatches(String runId) {
    List<List<String>> out = new ArrayList<>();
    for (Call c : calls(runId)) {
      if (c.endpoint().equals("steps") && c.status() == 200) {
        List<String> paths = new ArrayList<>();
        c.body().path("records").forEach(r -> paths.add(r.path("path").asText()));
        out.add(paths);
      }
    }
    return out;
  }
}
