package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthAndLimitsTest {
  static final String OTHER_KEY = "other-project-key-0123456789";
  static TestApp app;
  static String flowId;
  static String runId;
  static String connectionId;

  @BeforeAll
  static void start() {
    app = new TestApp(Map.of("MILLRACE_MAX_PAYLOAD_BYTES", "2048"));
    app.addProject(OTHER_KEY);
    flowId =
        app.createFlow("{\"name\": \"a\", \"trigger\": {\"type\": \"manual\"}, \"steps\": []}");
    runId = app.api("POST", "/v1/flows/" + flowId + "/runs", "{}").body().get("runId").asText();
    connectionId =
        app.api("POST", "/v1/connections", "{\"name\": \"c\", \"secret\": {\"token\": \"t\"}}")
            .body()
            .get("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  record Call(String method, String path) {}

  static List<Call> projectEndpoints() {
    return List.of(
        new Call("GET", "/v1/flows"),
        new Call("POST", "/v1/flows"),
        new Call("GET", "/v1/flows/" + flowId),
        new Call("PUT", "/v1/flows/" + flowId),
        new Call("DELETE", "/v1/flows/" + flowId),
        new Call("POST", "/v1/flows/" + flowId + "/enable"),
        new Call("POST", "/v1/flows/" + flowId + "/disable"),
        new Call("POST", "/v1/flows/" + flowId + "/runs"),
        new Call("GET", "/v1/runs"),
        new Call("GET", "/v1/runs/" + runId),
        new Call("POST", "/v1/runs/" + runId + "/cancel"),
        new Call("POST", "/v1/runs/" + runId + "/retry"),
        new Call("GET", "/v1/connections"),
        new Call("POST", "/v1/connections"),
        new Call("GET", "/v1/connections/" + connectionId),
        new Call("DELETE", "/v1/connections/" + connectionId));
  }

  @Test
  void everyProjectEndpointNeedsAValidApiKey() {
    for (Call c : projectEndpoints()) {
      assertThat(app.send(c.method(), c.path(), "{}", Map.of()).status())
          .as(c.toString())
          .isEqualTo(401);
      TestApp.Reply bad =
          app.send(c.method(), c.path(), "{}", Map.of("Authorization", "Bearer wrong-key"));
      assertThat(bad.status()).as(c.toString()).isEqualTo(401);
      assertThat(bad.body().get("error").asText()).isNotBlank();
    }
  }

  @Test
  void anotherProjectsResourcesAreForbidden() {
    for (Call c : projectEndpoints()) {
      if (!c.path().contains(flowId)
          && !c.path().contains(runId)
          && !c.path().contains(connectionId)) {
        continue;
      }
      TestApp.Reply r =
          app.send(c.method(), c.path(), "{}", Map.of("Authorization", "Bearer " + OTHER_KEY));
      assertThat(r.status()).as(c.toString()).isEqualTo(403);
    }
    assertThat(
            app.send("GET", "/v1/runs", null, Map.of("Authorization", "Bearer " + OTHER_KEY))
                .body()
                .get("runs"))
        .isEmpty();
  }

  @Test
  void workerEndpointsNeedTheWorkerToken() {
    for (String path :
        List.of(
            "/v1/worker/runs/" + runId + "/claim",
            "/v1/worker/runs/" + runId + "/steps",
            "/v1/worker/runs/" + runId + "/finish",
            "/v1/worker/runs/" + runId + "/pause",
            "/v1/worker/runs/" + runId + "/heartbeat",
            "/v1/worker/store",
            "/v1/worker/connections")) {
      assertThat(app.send("POST", path, "{}", Map.of()).status()).as(path).isEqualTo(401);
      assertThat(app.api("POST", path, "{}").status()).as(path).isEqualTo(401);
    }
  }

  @Test
  void oversizePayloadsGet413AndMalformedJson400() {
    String big = "{\"payload\": \"" + "x".repeat(4096) + "\"}";
    TestApp.Reply tooBig = app.api("POST", "/v1/flows/" + flowId + "/runs", big);
    assertThat(tooBig.status()).isEqualTo(413);
    assertThat(tooBig.body().get("error").asText()).contains("2048");
    assertThat(app.send("POST", "/v1/webhooks/" + flowId, big, Map.of()).status()).isEqualTo(413);

    TestApp.Reply malformed = app.api("POST", "/v1/flows", "{\"definition\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("error").asText()).startsWith("malformed JSON");
    assertThat(app.send("POST", "/v1/webhooks/" + flowId, "{oops", Map.of()).status())
        .isEqualTo(400);
    assertThat(app.api("POST", "/v1/flows", "[1, 2]").status()).isEqualTo(400);
  }

  @Test
  void unknownEndpointsAnswerJson() {
    TestApp.Reply r = app.api("GET", "/v1/nothing-here", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body().get("error").asText()).isNotBlank();
  }

  @Test
  void healthAndOpenApiNeedNoKey() {
    assertThat(app.send("GET", "/health/live", null, Map.of()).status()).isEqualTo(200);
    TestApp.Reply ready = app.send("GET", "/health/ready", null, Map.of());
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body().get("database").asText()).isEqualTo("UP");
    assertThat(ready.body().get("redis").asText()).isEqualTo("UP");
    TestApp.Reply doc = app.send("GET", "/openapi.json", null, Map.of());
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body().get("openapi").asText()).startsWith("3.");
    String[][] documented = {
      {"/v1/flows", "post"},
      {"/v1/flows", "get"},
      {"/v1/flows/{id}", "get"},
      {"/v1/flows/{id}", "put"},
      {"/v1/flows/{id}", "delete"},
      {"/v1/flows/{id}/enable", "post"},
      {"/v1/flows/{id}/disable", "post"},
      {"/v1/flows/{id}/runs", "post"},
      {"/v1/runs", "get"},
      {"/v1/runs/{id}", "get"},
      {"/v1/runs/{id}/cancel", "post"},
      {"/v1/runs/{id}/retry", "post"},
      {"/v1/resume/{id}", "post"},
      {"/v1/webhooks/{id}", "post"},
      {"/v1/webhooks/{id}/sync", "post"},
      {"/v1/connections", "post"},
      {"/v1/connections", "get"},
      {"/v1/connections/{id}", "get"},
      {"/v1/connections/{id}", "delete"},
      {"/v1/worker/runs/{id}/claim", "post"},
      {"/v1/worker/runs/{id}/steps", "post"},
      {"/v1/worker/runs/{id}/finish", "post"},
      {"/v1/worker/runs/{id}/pause", "post"},
      {"/v1/worker/runs/{id}/heartbeat", "post"},
      {"/v1/worker/store", "post"},
      {"/v1/worker/connections", "post"},
      {"/health/live", "get"},
      {"/health/ready", "get"},
      {"/openapi.json", "get"}
    };
    for (String[] d : documented) {
      assertThat(doc.body().path("paths").path(d[0]).has(d[1])).as(d[1] + " " + d[0]).isTrue();
    }
  }
}
