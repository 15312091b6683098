package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubflowTest {
  static final String EMPTY =
      "{\"name\": \"%s\", \"trigger\": {\"type\": \"manual\"}, \"steps\": []}";
  static TestApp app;

  @BeforeAll
  static void start() {
    app = new TestApp();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String pauseForSubflow(String parentFlow, String childFlowId) {
    String runId =
        app.api("POST", "/v1/flows/" + parentFlow + "/runs", "{}").body().get("runId").asText();
    app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "p1"));
    TestApp.Reply paused =
        app.worker(
            "/v1/worker/runs/" + runId + "/pause",
            "{\"leaseToken\": \"p1\", \"waitpoint\": {\"stepPath\": \"call\", \"kind\": \"RESUME\","
                + " \"data\": {\"subflow\": {\"flowId\": \""
                + childFlowId
                + "\", \"payload\": {\"n\": 2}}}}}");
    assertThat(paused.status()).isEqualTo(204);
    return runId;
  }

  @Test
  void aSubflowStartsOnThePauseAndItsEndResumesTheCaller() {
    String parentFlow = app.createFlow(EMPTY.formatted("parent"));
    String childFlow = app.createFlow(EMPTY.formatted("child"));
    String parentRun = pauseForSubflow(parentFlow, childFlow);

    JsonNode children = app.api("GET", "/v1/runs?flowId=" + childFlow, null).body().get("runs");
    assertThat(children).hasSize(1);
    String childRun = children.get(0).get("id").asText();
    assertThat(children.get(0).at("/trigger/n").asInt()).isEqualTo(2);
    assertThat(app.runs.getJob(childRun)).isPresent();

    // a repeated pause report starts no second child
    app.worker(
        "/v1/worker/runs/" + parentRun + "/pause",
        "{\"leaseToken\": \"p1\", \"waitpoint\": {\"stepPath\": \"call\", \"kind\": \"RESUME\","
            + " \"data\": {\"subflow\": {\"flowId\": \""
            + childFlow
            + "\"}}}}");
    assertThat(app.api("GET", "/v1/runs?flowId=" + childFlow, null).body().get("runs")).hasSize(1);

    app.worker("/v1/worker/runs/" + childRun + "/claim", Map.of("lockToken", "c1"));
    app.worker(
        "/v1/worker/runs/" + childRun + "/finish",
        "{\"leaseToken\": \"c1\", \"status\": \"SUCCEEDED\", \"output\": {\"double\": 4}}");

    assertThat(app.api("GET", "/v1/runs/" + parentRun, null).body().get("status").asText())
        .isEqualTo("QUEUED");
    JsonNode claim =
        app.worker(
                "/v1/worker/runs/" + parentRun + "/claim",
                Map.of("lockToken", "p2", "jobId", parentRun + "-r1"))
            .body();
    assertThat(claim.at("/run/resume/stepPath").asText()).isEqualTo("call");
    assertThat(claim.at("/run/resume/payload/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(claim.at("/run/resume/payload/output/double").asInt()).isEqualTo(4);
    assertThat(claim.at("/run/resume/payload/runId").asText()).isEqualTo(childRun);
  }

  @Test
  void aCancelledSubflowStillAnswersItsCaller() {
    String parentFlow = app.createFlow(EMPTY.formatted("parent2"));
    String childFlow = app.createFlow(EMPTY.formatted("child2"));
    String parentRun = pauseForSubflow(parentFlow, childFlow);
    String childRun =
        app.api("GET", "/v1/runs?flowId=" + childFlow, null).body().at("/runs/0/id").asText();
    app.api("POST", "/v1/runs/" + childRun + "/cancel", null);
    JsonNode claim =
        app.worker(
                "/v1/worker/runs/" + parentRun + "/claim",
                Map.of("lockToken", "p2", "jobId", parentRun + "-r1"))
            .body();
    assertThat(claim.at("/run/resume/payload/status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void anUnknownSubflowResumesTheCallerWithAFailure() {
    String parentFlow = app.createFlow(EMPTY.formatted("parent3"));
    String parentRun = pauseForSubflow(parentFlow, "00000000-0000-0000-0000-000000000000");
    JsonNode claim =
        app.worker(
                "/v1/worker/runs/" + parentRun + "/claim",
                Map.of("lockToken", "p2", "jobId", parentRun + "-r1"))
            .body();
    assertThat(claim.at("/run/resume/payload/status").asText()).isEqualTo("FAILED");
    assertThat(claim.at("/run/resume/payload/error").asText()).contains("no enabled flow");
  }
}
