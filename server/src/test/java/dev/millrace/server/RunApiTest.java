package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunApiTest {
  static final String FLOW =
      "{\"name\": \"r\", \"trigger\": {\"type\": \"manual\"}, \"steps\": [{\"name\": \"a\","
          + " \"type\": \"piece\", \"piece\": \"text\", \"action\": \"upper\", \"input\":"
          + " {\"text\": \"x\"}}]}";
  static TestApp app;

  @BeforeAll
  static void start() {
    app = new TestApp();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String run(String flowId) {
    return app.api("POST", "/v1/flows/" + flowId + "/runs", "{}").body().get("runId").asText();
  }

  @Test
  void listPagesNewestFirstAndFiltersByFlowAndStatus() {
    String flowId = app.createFlow(FLOW);
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      started.add(run(flowId));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          app.api(
                  "GET",
                  "/v1/runs?flowId="
                      + flowId
                      + "&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor),
                  null)
              .body();
      assertThat(page.get("runs").size()).isLessThanOrEqualTo(2);
      page.get("runs").forEach(r -> seen.add(r.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(seen).containsExactlyElementsOf(started.reversed());

    app.api("POST", "/v1/runs/" + started.get(0) + "/cancel", null);
    JsonNode cancelled =
        app.api("GET", "/v1/runs?flowId=" + flowId + "&status=CANCELLED", null).body();
    assertThat(cancelled.get("runs").findValuesAsText("id")).containsExactly(started.get(0));
    assertThat(app.api("GET", "/v1/runs?status=NOPE", null).status()).isEqualTo(400);
    assertThat(app.api("GET", "/v1/runs?limit=0", null).status()).isEqualTo(400);
    assertThat(app.api("GET", "/v1/runs?cursor=zz", null).status()).isEqualTo(400);
  }

  @Test
  void retryDeletesTheFailedStepsAndEnqueuesTheNextExecution() {
    String flowId = app.createFlow(FLOW);
    String runId = run(flowId);
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l1"));
    app.worker(
        "/v1/worker/runs/" + runId + "/finish",
        "{\"leaseToken\": \"l1\", \"status\": \"FAILED\", \"error\": \"boom\", \"records\": ["
            + "{\"path\": \"a\", \"status\": \"SUCCEEDED\", \"output\": 1, \"attempts\": 1},"
            + "{\"path\": \"b\", \"status\": \"FAILED\", \"error\": \"boom\", \"attempts\": 3}]}");
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("error").asText())
        .isEqualTo("boom");

    TestApp.Reply retry = app.api("POST", "/v1/runs/" + runId + "/retry", null);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.body().get("status").asText()).isEqualTo("QUEUED");
    assertThat(app.runs.getJob(runId + "-r1")).isPresent();
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    assertThat(run.get("steps").findValuesAsText("path")).containsExactly("a");
    assertThat(run.get("error").isNull()).isTrue();
    // the worker of the failed execution can no longer write
    assertThat(
            app.worker(
                    "/v1/worker/runs/" + runId + "/steps",
                    "{\"leaseToken\": \"l1\", \"records\": [{\"path\": \"z\", \"status\": \"SUCCEEDED\"}]}")
                .status())
        .isEqualTo(409);

    JsonNode claim =
        app.worker(
                "/v1/worker/runs/" + runId + "/claim",
                Map.of("lockToken", "l2", "jobId", runId + "-r1"))
            .body();
    assertThat(claim.get("action").asText()).isEqualTo("run");
    assertThat(claim.get("journal").findValuesAsText("path")).containsExactly("a");
    // a retry of a run that is not FAILED is refused
    assertThat(app.api("POST", "/v1/runs/" + runId + "/retry", null).status()).isEqualTo(409);
  }

  @Test
  void cancelEndsAQueuedRunAndItsJobIsSkipped() {
    String runId = run(app.createFlow(FLOW));
    JsonNode cancelled = app.api("POST", "/v1/runs/" + runId + "/cancel", null).body();
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    JsonNode claim =
        app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l1")).body();
    assertThat(claim.get("action").asText()).isEqualTo("skip");
    assertThat(app.api("POST", "/v1/runs/" + runId + "/cancel", null).status()).isEqualTo(409);
  }

  @Test
  void unknownRunsAre404() {
    assertThat(app.api("GET", "/v1/runs/00000000-0000-0000-0000-000000000000", null).status())
        .isEqualTo(404);
    assertThat(app.api("GET", "/v1/runs/not-a-uuid", null).status()).isEqualTo(404);
  }
}
