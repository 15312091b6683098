package dev.millrace.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.flow.run.LeaseLostException;
import dev.millrace.flow.run.RunStatus;
import dev.millrace.flow.run.StepRecord;
import dev.millrace.flow.run.Waitpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of the worker API (docs/worker-api.md) over {@link AppHttp}. Connection errors
 * and 5xx answers are retried with exponential backoff (100 ms doubling to 5 s) for up to the
 * report retry budget; every write is an idempotent upsert, so a retried write never duplicates a
 * step. A 409 becomes {@link LeaseLostException}. Thread-safe.
 */
public final class AppClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppClient.class);
  static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Thrown by {@link #claim} when the app has no such run (404): the job is poison. */
  public static final class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String message) {
      super(message);
    }
  }

  private final AppHttp http;
  private final String basePath;
  private final String authorization;
  private final Duration retryBudget;
  private volatile boolean closed;

  public AppClient(String appUrl, String workerToken, Duration retryBudget) {
    URI base = URI.create(appUrl);
    this.http = new AppHttp(base, Duration.ofSeconds(5));
    String prefix = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath =
        (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + "/v1/worker";
    this.authorization = "Bearer " + workerToken;
    this.retryBudget = retryBudget;
  }

  /**
   * Claims the run for the job holding {@code lockToken}.
   *
   * @throws RunNotFoundException when the app has no such run
   */
  public Claim claim(String runId, String lockToken, String workerId, String jobId) {
    ObjectNode body = NODES.objectNode();
    body.put("lockToken", lockToken).put("workerId", workerId).put("jobId", jobId);
    Reply reply = post("/runs/" + runId + "/claim", body, null);
    if (reply.status() == 404) {
      throw new RunNotFoundException("no such run: " + runId + " (" + reply.text() + ")");
    }
    JsonNode n = reply.requireJson();
    if ("skip".equals(n.path("action").asText())) {
      return new Claim.Skip(n.path("reason").asText("skipped by the app"));
    }
    JsonNode run = n.path("run");
    JsonNode resume = run.get("resume");
    boolean resuming = resume != null && resume.isObject();
    String deadline = StepRecordJson.text(run, "deadline");
    return new Claim.Run(
        runId,
        StepRecordJson.text(n, "leaseToken"),
        StepRecordJson.text(n, "runToken"),
        StepRecordJson.text(run, "flowId"),
        StepRecordJson.text(run, "projectId"),
        StepRecordJson.text(run, "flowVersionId"),
        run.path("attempt").asInt(1),
        run.has("trigger") ? run.get("trigger") : NullNode.getInstance(),
        deadline == null ? null : Instant.parse(deadline),
        resuming ? StepRecordJson.text(resume, "stepPath") : null,
        resuming ? resume.path("payload") : null,
        n.path("flow"),
        StepRecordJson.readAll(n.get("journal")));
  }

  /**
   * Writes records (in order).
   *
   * @return true when the app says the run was cancelled
   */
  public boolean steps(String runId, String leaseToken, List<StepRecord> records) {
    ObjectNode body = NODES.objectNode();
    body.put("leaseToken", leaseToken);
    body.set("records", StepRecordJson.writeAll(records));
    return post("/runs/" + runId + "/steps", body, null).requireJson().path("cancel").asBoolean();
  }

  /** Commits the run's end with the records not written yet. */
  public void finish(
      String runId,
      String leaseToken,
      RunStatus status,
      JsonNode output,
      String error,
      JsonNode response,
      List<StepRecord> records) {
    ObjectNode body = NODES.objectNode();
    body.put("leaseToken", leaseToken).put("status", status.name());
    body.set("output", output == null ? NullNode.getInstance() : output);
    body.put("error", error);
    body.set("response", response == null ? NullNode.getInstance() : response);
    body.set("records", StepRecordJson.writeAll(records));
    post("/runs/" + runId + "/finish", body, null).requireSuccess();
  }

  /** Commits the PAUSED status and its waitpoint with the records not written yet. */
  public void pause(
      String runId, String leaseToken, Waitpoint waitpoint, List<StepRecord> records) {
    ObjectNode body = NODES.objectNode();
    body.put("leaseToken", leaseToken);
    body.set("waitpoint", StepRecordJson.write(waitpoint));
    body.set("records", StepRecordJson.writeAll(records));
    post("/runs/" + runId + "/pause", body, null).requireSuccess();
  }

  /**
   * Tells the app the run is alive.
   *
   * @return true when the run was cancelled
   */
  public boolean heartbeat(String runId, String leaseToken) {
    ObjectNode body = NODES.objectNode().put("leaseToken", leaseToken);
    return post("/runs/" + runId + "/heartbeat", body, null)
        .requireJson()
        .path("cancel")
        .asBoolean();
  }

  /**
   * One store operation on the run's behalf; returns the {@code value} of the reply. A keyed write
   * ({@code idempotencyKey} and {@code leaseToken} set in {@code operation}) also carries the run's
   * unsent {@code records}, which the app commits with it.
   */
  public JsonNode store(String runToken, ObjectNode operation, List<StepRecord> records) {
    if (!records.isEmpty()) {
      operation.set("records", StepRecordJson.writeAll(records));
    }
    JsonNode value = post("/store", operation, runToken).requireJson().get("value");
    return value == null ? NullNode.getInstance() : value;
  }

  /**
   * Stops retrying (requests in a backoff give up at once) and releases the HTTP client once the
   * requests in flight have ended.
   */
  @Override
  public void close() {
    closed = true;
    http.close();
  }

  private Reply post(String path, JsonNode body, String runToken) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request: " + e.getMessage(), e);
    }
    Map<String, String> headers =
        runToken == null
            ? Map.of("Authorization", authorization)
            : Map.of("Authorization", authorization, "X-Millrace-Run-Token", runToken);
    long giveUpAt = System.nanoTime() + retryBudget.toNanos();
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      Throwable failure;
      try {
        AppHttp.Answer answer = http.post(basePath + path, headers, bytes, REQUEST_TIMEOUT);
        Reply reply = new Reply(path, answer.status(), answer.body());
        if (reply.status() == 409) {
          throw new LeaseLostException("lease superseded (409 from " + path + ")");
        }
        if (reply.status() < 500) {
          return reply;
        }
        failure = new IOException("app answered " + reply.status() + ": " + reply.text());
      } catch (IOException e) {
        failure = e;
      }
      if (closed || System.nanoTime() + backoff.toNanos() > giveUpAt) {
        throw new AppUnavailableException(
            "the app did not answer "
                + path
                + " within "
                + retryBudget.toSeconds()
                + " s: "
                + failure,
            failure);
      }
      LOG.debug("app call {} failed ({}); retrying in {} ms", path, failure, backoff.toMillis());
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AppUnavailableException("interrupted while calling the app at " + path, e);
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private record Reply(String path, int status, byte[] body) {
    String text() {
      return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    Reply requireSuccess() {
      if (status >= 300) {
        throw new AppRejectedException(
            status, "app refused " + path + " with " + status + ": " + text());
      }
      return this;
    }

    JsonNode requireJson() {
      requireSuccess();
      try {
        return body == null || body.length == 0 ? NODES.objectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new AppRejectedException(
            status, "app answered " + path + " with invalid JSON: " + e.getMessage());
      }
    }
  }
}
