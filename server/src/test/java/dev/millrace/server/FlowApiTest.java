package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowApiTest {
  static final String FLOW =
      """
      {"name": "greet", "trigger": {"type": "webhook"}, "steps": [
        {"name": "shout", "type": "piece", "piece": "text", "action": "upper",
         "input": {"text": "{{trigger.body.name}}"}}]}
      """;

  static TestApp app;

  @BeforeAll
  static void start() {
    app = new TestApp();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void createPublishesAnEnabledFlowWithAWebhookUrl() {
    TestApp.Reply r = app.api("POST", "/v1/flows", "{\"definition\": " + FLOW + "}");
    assertThat(r.status()).isEqualTo(201);
    String id = r.body().get("id").asText();
    assertThat(r.body().get("versionId").asText()).isNotBlank();
    assertThat(r.body().get("webhookUrl").asText()).isEqualTo(app.url("/v1/webhooks/" + id));

    TestApp.Reply got = app.api("GET", "/v1/flows/" + id, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body().get("enabled").asBoolean()).isTrue();
    assertThat(got.body().get("name").asText()).isEqualTo("greet");
    assertThat(got.body().get("version").asInt()).isEqualTo(1);

    assertThat(app.api("GET", "/v1/flows", null).body().get("flows").findValuesAsText("id"))
        .contains(id);
  }

  @Test
  void invalidFlowIsRefusedWithEveryProblemByStepAndField() {
    String bad =
        """
        {"name": "bad", "trigger": {"type": "webhook"}, "steps": [
          {"name": "x", "type": "piece", "piece": "htp", "action": "request", "input": {}},
          {"name": "y", "type": "code"}]}
        """;
    TestApp.Reply r = app.api("POST", "/v1/flows", "{\"definition\": " + bad + "}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).isEqualTo("invalid flow");
    assertThat(r.body().get("problems")).hasSizeGreaterThanOrEqualTo(2);
    java.util.List<String> problems = new java.util.ArrayList<>();
    r.body().get("problems").forEach(p -> problems.add(p.asText()));
    assertThat(problems)
        .contains("steps[0] \"x\" piece: unknown piece \"htp\"")
        .anyMatch(p -> p.startsWith("steps[1] \"y\""));
  }

  @Test
  void missingDefinitionIsABadRequest() {
    TestApp.Reply r = app.api("POST", "/v1/flows", "{}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("error").asText()).contains("definition");
  }

  @Test
  void putPublishesANewVersionAndEnableDisableToggle() {
    String id = app.createFlow(FLOW);
    String v1 = app.api("GET", "/v1/flows/" + id, null).body().get("versionId").asText();
    TestApp.Reply put = app.api("PUT", "/v1/flows/" + id, "{\"definition\": " + FLOW + "}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().get("versionId").asText()).isNotEqualTo(v1);
    assertThat(app.api("GET", "/v1/flows/" + id, null).body().get("version").asInt()).isEqualTo(2);

    assertThat(
            app.api("POST", "/v1/flows/" + id + "/disable", null).body().get("enabled").asBoolean())
        .isFalse();
    assertThat(app.api("POST", "/v1/flows/" + id + "/runs", "{}").status()).isEqualTo(409);
    assertThat(
            app.api("POST", "/v1/flows/" + id + "/enable", null).body().get("enabled").asBoolean())
        .isTrue();
  }

  @Test
  void runsKeepTheVersionTheyStartedWith() {
    String id = app.createFlow(FLOW);
    String runId =
        app.api("POST", "/v1/flows/" + id + "/runs", "{\"payload\": {\"name\": \"ada\"}}")
            .body()
            .get("runId")
            .asText();
    String v1 = app.api("GET", "/v1/runs/" + runId, null).body().get("flowVersionId").asText();
    app.api("PUT", "/v1/flows/" + id, "{\"definition\": " + FLOW + "}");
    TestApp.Reply run = app.api("GET", "/v1/runs/" + runId, null);
    assertThat(run.body().get("flowVersionId").asText()).isEqualTo(v1);
    assertThat(run.body().get("status").asText()).isEqualTo("QUEUED");
    assertThat(run.body().get("trigger").get("name").asText()).isEqualTo("ada");
    assertThat(app.runs.getJob(runId)).isPresent();
  }

  @Test
  void deleteRemovesTheFlow() {
    String id = app.createFlow(FLOW);
    assertThat(app.api("DELETE", "/v1/flows/" + id, null).status()).isEqualTo(204);
    assertThat(app.api("GET", "/v1/flows/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void webhookSecretIsMaskedInAnswers() {
    String id =
        app.createFlow(
            "{\"name\": \"s\", \"trigger\": {\"type\": \"webhook\", \"secret\": \"abc\"},"
                + " \"steps\": []}");
    assertThat(
            app.api("GET", "/v1/flows/" + id, null)
                .body()
                .at("/definition/trigger/secret")
                .asText())
        .isEqualTo("****");
    assertThat(app.send("GET", "/v1/flows/" + id, null, Map.of()).status()).isEqualTo(401);
  }
}
