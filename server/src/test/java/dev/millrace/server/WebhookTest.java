package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.Job;
import dev.millrace.queue.Worker;
import dev.millrace.queue.WorkerOptions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookTest {
  static TestApp app;

  @BeforeAll
  static void start() {
    app = new TestApp(Map.of("MILLRACE_WEBHOOK_TIMEOUT_SECONDS", "2"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String flow(String trigger) {
    return app.createFlow(
        "{\"name\": \"hook\", \"trigger\": "
            + trigger
            + ", \"steps\": [{\"name\": \"a\", \"type\": \"piece\", \"piece\": \"text\","
            + " \"action\": \"upper\", \"input\": {\"text\": \"{{trigger.body.name}}\"}}]}");
  }

  @Test
  void webhookCommitsTheRunAndAddsItsJobToRedis() {
    String flowId = flow("{\"type\": \"webhook\"}");
    TestApp.Reply r =
        app.send("POST", "/v1/webhooks/" + flowId + "?src=test", "{\"name\": \"ada\"}", Map.of());
    assertThat(r.status()).isEqualTo(202);
    String runId = r.body().get("runId").asText();

    Job job = app.runs.getJob(runId).orElseThrow();
    assertThat(job.name()).isEqualTo("run");
    assertThat(job.data().get("runId").asText()).isEqualTo(runId);
    assertThat(job.opts().attempts()).isEqualTo(3);

    JsonNode trigger = app.api("GET", "/v1/runs/" + runId, null).body().get("trigger");
    assertThat(trigger.get("method").asText()).isEqualTo("POST");
    assertThat(trigger.at("/body/name").asText()).isEqualTo("ada");
    assertThat(trigger.at("/query/src").asText()).isEqualTo("test");
    assertThat(trigger.at("/headers/content-type").asText()).contains("json");
  }

  @Test
  void unknownOrDisabledFlowsAreRefused() {
    assertThat(app.send("POST", "/v1/webhooks/nope", "{}", Map.of()).status()).isEqualTo(404);
    String flowId = flow("{\"type\": \"webhook\"}");
    app.api("POST", "/v1/flows/" + flowId + "/disable", null);
    assertThat(app.send("POST", "/v1/webhooks/" + flowId, "{}", Map.of()).status()).isEqualTo(409);
  }

  @Test
  void aSecretFlowNeedsTheBodysHmac() throws Exception {
    String flowId = flow("{\"type\": \"webhook\", \"secret\": \"s3cret\"}");
    String body = "{\"name\": \"x\"}";
    assertThat(app.send("POST", "/v1/webhooks/" + flowId, body, Map.of()).status()).isEqualTo(401);
    assertThat(
            app.send(
                    "POST",
                    "/v1/webhooks/" + flowId,
                    body,
                    Map.of("X-Millrace-Signature", "sha256=" + hmac("wrong", body)))
                .status())
        .isEqualTo(401);
    assertThat(
            app.send(
                    "POST",
                    "/v1/webhooks/" + flowId,
                    body,
                    Map.of("X-Millrace-Signature", "sha256=" + hmac("s3cret", body)))
                .status())
        .isEqualTo(202);
  }

  @Test
  void syncWebhookAnswersWithTheResponseAWorkerReported() throws Exception {
    String flowId = flow("{\"type\": \"webhook\", \"mode\": \"sync\"}");
    // the test plays a worker in "another process": it only talks to Redis and the worker API
    try (Worker worker =
        new Worker(
                app.redis,
                "runs",
                app.prefix,
                job -> {
                  String runId = job.data().get("runId").asText();
                  JsonNode claim =
                      app.worker(
                              "/v1/worker/runs/" + runId + "/claim",
                              Map.of("lockToken", "t-" + job.id(), "jobId", job.id()))
                          .body();
                  String name = claim.at("/run/trigger/body/name").asText();
                  app.worker(
                      "/v1/worker/runs/" + runId + "/finish",
                      "{\"leaseToken\": \"t-"
                          + job.id()
                          + "\", \"status\": \"SUCCEEDED\", \"output\": {\"ignored\": true},"
                          + " \"response\": {\"status\": 201, \"headers\": {\"X-Hello\": \"yes\"},"
                          + " \"body\": {\"hello\": \""
                          + name
                          + "\"}}}");
                  return null;
                },
                WorkerOptions.builder().concurrency(2).build())
            .start()) {
      TestApp.Reply r =
          app.send("POST", "/v1/webhooks/" + flowId + "/sync", "{\"name\": \"ada\"}", Map.of());
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.body().get("hello").asText()).isEqualTo("ada");
      assertThat(r.raw().headers().firstValue("X-Hello")).contains("yes");
    }
  }

  @Test
  void syncWebhookTimesOutWith504AndTheRunId() {
    String flowId = flow("{\"type\": \"webhook\", \"mode\": \"sync\"}");
    CompletableFuture<TestApp.Reply> reply =
        CompletableFuture.supplyAsync(
            () -> app.send("POST", "/v1/webhooks/" + flowId + "/sync", "{}", Map.of()));
    TestApp.Reply r = reply.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(r.status()).isEqualTo(504);
    String runId = r.body().get("runId").asText();
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("status").asText())
        .isEqualTo("QUEUED");
  }

  @Test
  void syncWebhookWithoutAResponseAnswersTheOutput() {
    String flowId = flow("{\"type\": \"webhook\", \"mode\": \"sync\"}");
    CompletableFuture<TestApp.Reply> reply =
        CompletableFuture.supplyAsync(
            () -> app.send("POST", "/v1/webhooks/" + flowId + "/sync", "{}", Map.of()));
    // wait until the run exists, then finish it the way a worker would
    String runId =
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> {
                  JsonNode runs =
                      app.api("GET", "/v1/runs?flowId=" + flowId, null).body().get("runs");
                  return runs.isEmpty() ? null : runs.get(0).get("id").asText();
                },
                id -> id != null);
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l"));
    app.worker(
        "/v1/worker/runs/" + runId + "/finish",
        "{\"leaseToken\": \"l\", \"status\": \"SUCCEEDED\", \"output\": {\"sum\": 3}}");
    TestApp.Reply r = reply.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("sum").asInt()).isEqualTo(3);
    assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).contains("json");
  }

  static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
  }
}
