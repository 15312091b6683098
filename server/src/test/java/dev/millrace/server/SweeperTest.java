package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SweeperTest {
  static TestApp app;
  static String flowId;

  @BeforeAll
  static void start() {
    app =
        new TestApp(
            Map.of(
                "MILLRACE_SWEEPER_INTERVAL_SECONDS", "1", "MILLRACE_SWEEPER_GRACE_SECONDS", "0"));
    flowId =
        app.createFlow("{\"name\": \"s\", \"trigger\": {\"type\": \"manual\"}, \"steps\": []}");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String run() {
    return app.api("POST", "/v1/flows/" + flowId + "/runs", "{}").body().get("runId").asText();
  }

  static String status(String runId) {
    return app.api("GET", "/v1/runs/" + runId, null).body().get("status").asText();
  }

  @Test
  void aQueuedRunWhoseJobIsMissingGetsItBack() {
    String runId = run();
    assertThat(app.runs.remove(runId)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> app.runs.getJob(runId).isPresent());
    assertThat(status(runId)).isEqualTo("QUEUED");
  }

  @Test
  void aRunningRunWhoseJobVanishedIsFailedWithAReason() {
    String runId = run();
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l"));
    app.runs.remove(runId);
    await().atMost(Duration.ofSeconds(10)).until(() -> status(runId).equals("FAILED"));
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("error").asText())
        .contains("vanished");
  }

  @Test
  void aPausedRunPastTheTimeoutExpires() {
    String runId = run();
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l"));
    app.worker(
        "/v1/worker/runs/" + runId + "/pause",
        "{\"leaseToken\": \"l\", \"waitpoint\": {\"stepPath\": \"w\", \"kind\": \"RESUME\"}}");
    app.sql(
        "UPDATE runs SET updated_at = now() - interval '31 days' WHERE id = ?",
        UUID.fromString(runId));
    await().atMost(Duration.ofSeconds(10)).until(() -> status(runId).equals("TIMED_OUT"));
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("error").asText())
        .contains("paused longer than 30 days");
  }

  @Test
  void aDelayedResumeWhoseJobVanishedIsAddedAgain() {
    String runId = run();
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l"));
    app.worker(
        "/v1/worker/runs/" + runId + "/pause",
        "{\"leaseToken\": \"l\", \"waitpoint\": {\"stepPath\": \"w\", \"kind\": \"DELAY\","
            + " \"resumeAt\": \"2099-01-01T00:00:00Z\"}}");
    assertThat(app.runs.remove(runId + "-r1")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> app.runs.getJob(runId + "-r1").isPresent());
    assertThat(status(runId)).isEqualTo("PAUSED");
  }
}
