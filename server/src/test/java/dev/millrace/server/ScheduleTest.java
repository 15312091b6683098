package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.Queue;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScheduleTest {
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
  void anIntervalScheduleBecomesRunsUntilTheFlowIsDisabled() {
    String flowId =
        app.createFlow(
            "{\"name\": \"tick\", \"trigger\": {\"type\": \"schedule\", \"everySeconds\": 1},"
                + " \"steps\": []}");
    JsonNode run =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> app.api("GET", "/v1/runs?flowId=" + flowId, null).body().get("runs"),
                runs -> runs.size() >= 2);
    String runId = run.get(0).get("id").asText();
    assertThat(app.runs.getJob(runId)).isPresent();
    assertThat(run.get(0).at("/trigger/firedAt").asText()).isNotBlank();

    app.api("POST", "/v1/flows/" + flowId + "/disable", null);
    try (Queue schedules = new Queue(app.redis, "schedules", app.prefix)) {
      assertThat(schedules.getJobSchedulers()).isEmpty();
    }
  }

  @Test
  void aCronScheduleWithATimeZoneIsRegistered() {
    String flowId =
        app.createFlow(
            "{\"name\": \"nightly\", \"trigger\": {\"type\": \"schedule\", \"cron\": \"0 3 * * *\","
                + " \"timezone\": \"Europe/Paris\"}, \"steps\": []}");
    try (Queue schedules = new Queue(app.redis, "schedules", app.prefix)) {
      assertThat(schedules.getJobSchedulers()).containsKey("flow-" + flowId);
    }
  }

  @Test
  void aBadCronOrTimeZoneIsAnInvalidFlow() {
    TestApp.Reply r =
        app.api(
            "POST",
            "/v1/flows",
            "{\"definition\": {\"name\": \"bad\", \"trigger\": {\"type\": \"schedule\", \"cron\":"
                + " \"0 3 * *\", \"timezone\": \"Mars/Olympus\"}, \"steps\": []}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("problems").get(0).asText()).startsWith("trigger.");
  }
}
