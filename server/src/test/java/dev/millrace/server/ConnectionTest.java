package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectionTest {
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
  void secretsAreEncryptedAtRestMaskedInAnswersAndReadableByARun() throws Exception {
    TestApp.Reply created =
        app.api(
            "POST",
            "/v1/connections",
            "{\"name\": \"stripe\", \"type\": \"api-key\", \"secret\": {\"key\": \"sk_live_42\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw().body()).doesNotContain("sk_live_42");
    assertThat(created.body().get("secret").asText()).isEqualTo("****");
    String id = created.body().get("id").asText();

    assertThat(app.api("GET", "/v1/connections", null).raw().body())
        .contains("stripe")
        .doesNotContain("sk_live_42");
    assertThat(app.api("GET", "/v1/connections/" + id, null).body().get("type").asText())
        .isEqualTo("api-key");
    assertThat(app.api("POST", "/v1/connections", "{\"name\": \"stripe\", \"secret\": 1}").status())
        .isEqualTo(409);

    // at rest: only sealed bytes
    try (var c = java.sql.DriverManager.getConnection(TestServices.DATABASE_URL);
        var ps =
            c.prepareStatement("SELECT secret FROM " + app.schema + ".connections WHERE id = ?")) {
      ps.setObject(1, UUID.fromString(id));
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1))
            .doesNotContain("sk_live_42");
      }
    }

    // a worker with a run token of the project reads it back
    String flowId =
        app.createFlow("{\"name\": \"c\", \"trigger\": {\"type\": \"manual\"}, \"steps\": []}");
    String runId =
        app.api("POST", "/v1/flows/" + flowId + "/runs", "{}").body().get("runId").asText();
    String token =
        app.worker("/v1/worker/runs/" + runId + "/claim", Map.of("lockToken", "l"))
            .body()
            .get("runToken")
            .asText();
    JsonNode revealed =
        app.send(
                "POST",
                "/v1/worker/connections",
                "{\"name\": \"stripe\"}",
                Map.of(
                    "Authorization",
                    "Bearer " + TestApp.WORKER_TOKEN,
                    "X-Millrace-Run-Token",
                    token))
            .body();
    assertThat(revealed.at("/secret/key").asText()).isEqualTo("sk_live_42");

    assertThat(app.api("DELETE", "/v1/connections/" + id, null).status()).isEqualTo(204);
    assertThat(app.api("GET", "/v1/connections/" + id, null).status()).isEqualTo(404);
  }
}
