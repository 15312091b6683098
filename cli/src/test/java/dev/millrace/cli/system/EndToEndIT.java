package dev.millrace.cli.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The system as its users meet it: one app process, one worker process, real Redis and PostgreSQL.
 */
class EndToEndIT {
  static SystemFixture system;

  @BeforeAll
  static void start() {
    system = new SystemFixture().startServer();
    system.startWorker(5);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void aWebhookStartsAThreeStepFlowThatSucceedsWithItsJournal() throws Exception {
    String flow =
        system.createFlow(
            """
        {"name": "three-steps", "trigger": {"type": "webhook"}, "steps": [
          {"name": "total", "type": "code", "input": {"items": "{{trigger.body.items}}"},
           "source": "export default ({ items }) => items.reduce((s, i) => s + i, 0)"},
          {"name": "remember", "type": "piece", "piece": "store", "action": "put",
           "input": {"key": "last-total", "value": "{{total}}", "scope": "run"}},
          {"name": "say", "type": "piece", "piece": "text", "action": "concat",
           "input": {"parts": ["total is ", "{{total}}"]}}]}""");
    String runId = system.webhook(flow, "{\"items\": [1, 2, 3]}");
    JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(30));
    assertThat(run.get("output").asText()).isEqualTo("total is 6");
    assertThat(run.get("steps"))
        .extracting(s -> s.get("path").asText())
        .containsExactly("total", "remember", "say");
    assertThat(run.get("steps")).allMatch(s -> s.get("status").asText().equals("SUCCEEDED"));
  }

  @Test
  void theSyncWebhookAnswersWithTheFlowsResponse() throws Exception {
    String flow =
        system.createFlow(
            """
        {"name": "sync", "trigger": {"type": "webhook", "mode": "sync"}, "steps": [
          {"name": "double", "type": "code", "input": {"n": "{{trigger.body.n}}"}, "source": "export default ({ n }) => n * 2"},
          {"name": "reply", "type": "piece", "piece": "webhook", "action": "respond",
           "input": {"status": 201, "headers": {"X-Doubled": "yes"}, "body": {"doubled": "{{double}}"}}}]}""");
    var reply = system.send("POST", "/v1/webhooks/" + flow + "/sync", "{\"n\": 21}", false);
    assertThat(reply.statusCode()).isEqualTo(201);
    assertThat(reply.headers().firstValue("X-Doubled")).contains("yes");
    assertThat(SystemFixture.json(reply.body()).get("doubled").asInt()).isEqualTo(42);
  }

  @Test
  void aScheduleFiresOnTime() throws Exception {
    String flow =
        system.createFlow(
            """
        {"name": "every-second", "trigger": {"type": "schedule", "everySeconds": 1}, "steps": [
          {"name": "tick", "type": "piece", "piece": "uuid", "action": "v4", "input": {}}]}""");
    await("two scheduled runs to succeed")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              JsonNode runs =
                  SystemFixture.json(
                      system
                          .send("GET", "/v1/runs?flowId=" + flow + "&status=SUCCEEDED", null, true)
                          .body());
              return runs.path("runs").size() >= 2;
            });
    assertThat(system.send("POST", "/v1/flows/" + flow + "/disable", "{}", true).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aDelayPausesTheRunAndItResumesOnTime() throws Exception {
    String flow =
        system.createFlow(
            """
        {"name": "delay", "trigger": {"type": "webhook"}, "steps": [
          {"name": "wait", "type": "piece", "piece": "delay", "action": "for", "input": {"seconds": 2}},
          {"name": "after", "type": "piece", "piece": "text", "action": "concat", "input": {"parts": ["waited until ", "{{wait.waitedUntil}}"]}}]}""");
    String runId = system.webhook(flow, "{}");
    system.awaitRun(runId, "PAUSED", Duration.ofSeconds(20));
    JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(30));
    assertThat(run.get("output").asText()).startsWith("waited until ");
  }

  @Test
  void anApprovalResumesThroughItsSignedUrl() throws Exception {
    String flow =
        system.createFlow(
            """
        {"name": "approval", "trigger": {"type": "webhook"}, "steps": [
          {"name": "approve", "type": "piece", "piece": "approval", "action": "request", "input": {"message": "Ship it?"}},
          {"name": "outcome", "type": "piece", "piece": "text", "action": "concat",
           "input": {"parts": ["approved by ", "{{approve.by}}"]}}]}""");
    String runId = system.webhook(flow, "{}");
    JsonNode paused = system.awaitRun(runId, "PAUSED", Duration.ofSeconds(20));
    String resumeUrl = paused.path("waitpoint").path("resumeUrl").asText();
    assertThat(resumeUrl).startsWith(system.baseUrl());
    var forged =
        system.send(
            "POST", tampered(resumeUrl), "{\"approved\": true, \"by\": \"mallory\"}", false);
    assertThat(forged.statusCode()).isIn(403, 404);
    assertThat(
            system
                .send("POST", resumeUrl, "{\"approved\": true, \"by\": \"ada\"}", false)
                .statusCode())
        .isBetween(200, 299);
    JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(30));
    assertThat(run.get("output").asText()).isEqualTo("approved by ada");
  }

  @Test
  void aSubflowReturnsItsResult() throws Exception {
    String child =
        system.createFlow(
            """
        {"name": "child", "trigger": {"type": "manual"}, "steps": [
          {"name": "triple", "type": "code", "input": {"x": "{{trigger.x}}"}, "source": "export default ({ x }) => x * 3"}]}""");
    String parent =
        system.createFlow(
            """
        {"name": "parent", "trigger": {"type": "webhook"}, "steps": [
          {"name": "call", "type": "piece", "piece": "subflow", "action": "call", "input": {"flowId": "%s", "payload": {"x": 14}}},
          {"name": "use", "type": "code", "input": {"result": "{{call}}"},
           "source": "export default ({ result }) => `${result.status}: ${result.output}`"}]}"""
                .formatted(child));
    String runId = system.webhook(parent, "{}");
    JsonNode run = system.awaitRun(runId, "SUCCEEDED", Duration.ofSeconds(40));
    assertThat(run.get("output").asText()).isEqualTo("SUCCEEDED: 42");
  }

  /** The URL with its last character changed, so its signature no longer matches. */
  static String tampered(String url) {
    char last = url.charAt(url.length() - 1);
    return url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');
  }
}
