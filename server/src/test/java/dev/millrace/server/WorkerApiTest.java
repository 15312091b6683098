package dev.millrace.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.JobState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerApiTest {
  static final String FLOW =
      """
      {"name": "three", "trigger": {"type": "webhook"}, "steps": [
        {"name": "a", "type": "piece", "piece": "text", "action": "upper", "input": {"text": "a"}},
        {"name": "b", "type": "piece", "piece": "text", "action": "upper", "input": {"text": "b"}}]}
      """;

  static TestApp app;
  static String flowId;

  @BeforeAll
  static void start() {
    app = new TestApp();
    flowId = app.createFlow(FLOW);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String newRun() {
    return app.api("POST", "/v1/flows/" + flowId + "/runs", "{\"payload\": {\"x\": 1}}")
        .body()
        .get("runId")
        .asText();
  }

  static JsonNode claim(String runId, String lockToken) {
    TestApp.Reply r =
        app.worker(
            "/v1/worker/runs/" + runId + "/claim",
            Map.of("lockToken", lockToken, "workerId", "test:1:0", "jobId", runId));
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  static String record(String path, String status) {
    return """
        {"path": "%s", "status": "%s", "output": {"v": "%s"}, "error": null, "attempts": 1,
         "startedAt": "2026-12-03T10:00:00.120Z", "finishedAt": "2026-12-03T10:00:00.180Z",
         "logs": ["hi"], "waitpoint": null}
        """
        .formatted(path, status, path);
  }

  static TestApp.Reply steps(String runId, String lease, String... records) {
    return app.worker(
        "/v1/worker/runs/" + runId + "/steps",
        "{\"leaseToken\": \"" + lease + "\", \"records\": [" + String.join(",", records) + "]}");
  }

  @Test
  void claimReturnsThePinnedFlowAndTheJournalOfCompletedSteps() {
    String runId = newRun();
    JsonNode first = claim(runId, "lock-1");
    assertThat(first.get("action").asText()).isEqualTo("run");
    assertThat(first.get("leaseToken").asText()).isEqualTo("lock-1");
    assertThat(first.at("/run/attempt").asInt()).isEqualTo(1);
    assertThat(first.at("/run/trigger/x").asInt()).isEqualTo(1);
    assertThat(first.at("/run/deadline").asText()).isNotBlank();
    assertThat(first.at("/flow/name").asText()).isEqualTo("three");
    assertThat(first.get("journal")).isEmpty();
    assertThat(steps(runId, "lock-1", record("a", "SUCCEEDED")).status()).isEqualTo(200);

    JsonNode second = claim(runId, "lock-2");
    assertThat(second.at("/run/attempt").asInt()).isEqualTo(2);
    assertThat(second.get("journal")).hasSize(1);
    assertThat(second.at("/journal/0/path").asText()).isEqualTo("a");
    assertThat(second.at("/journal/0/output/v").asText()).isEqualTo("a");
    assertThat(second.at("/journal/0/startedAt").asText()).isEqualTo("2026-12-03T10:00:00.120Z");
    assertThat(second.at("/journal/0/logs/0").asText()).isEqualTo("hi");
  }

  @Test
  void aRepeatedClaimWithTheSameLockTokenCountsOneAttempt() {
    String runId = newRun();
    claim(runId, "lock-1");
    JsonNode again = claim(runId, "lock-1");
    assertThat(again.get("action").asText()).isEqualTo("run");
    assertThat(again.at("/run/attempt").asInt()).isEqualTo(1);
    assertThat(again.get("leaseToken").asText()).isEqualTo("lock-1");
  }

  @Test
  void repeatedStepWritesChangeNothing() {
    String runId = newRun();
    claim(runId, "lock-1");
    steps(runId, "lock-1", record("a", "SUCCEEDED"), record("b", "SUCCEEDED"));
    steps(runId, "lock-1", record("a", "SUCCEEDED"));
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    assertThat(run.get("steps")).hasSize(2);
    assertThat(run.get("steps").findValuesAsText("path")).containsExactly("a", "b");
    assertThat(run.at("/steps/0/attempts").asInt()).isEqualTo(1);
  }

  @Test
  void zombieWorkerCannotWriteAfterLeaseSuperseded() {
    String runId = newRun();
    claim(runId, "old");
    claim(runId, "new");
    assertThat(steps(runId, "old", record("a", "SUCCEEDED")).status()).isEqualTo(409);
    assertThat(
            app.worker("/v1/worker/runs/" + runId + "/heartbeat", Map.of("leaseToken", "old"))
                .status())
        .isEqualTo(409);
    assertThat(
            app.worker(
                    "/v1/worker/runs/" + runId + "/finish",
                    Map.of("leaseToken", "old", "status", "SUCCEEDED"))
                .status())
        .isEqualTo(409);
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("steps")).isEmpty();
  }

  @Test
  void finishCommitsTheEndAndAClaimOfAFinishedRunIsSkipped() {
    String runId = newRun();
    claim(runId, "lock-1");
    TestApp.Reply fin =
        app.worker(
            "/v1/worker/runs/" + runId + "/finish",
            "{\"leaseToken\": \"lock-1\", \"status\": \"SUCCEEDED\", \"output\": {\"done\": true},"
                + " \"records\": ["
                + record("a", "SUCCEEDED")
                + "]}");
    assertThat(fin.status()).isEqualTo(204);
    // repeating it is harmless
    assertThat(
            app.worker(
                    "/v1/worker/runs/" + runId + "/finish",
                    Map.of("leaseToken", "lock-1", "status", "SUCCEEDED"))
                .status())
        .isEqualTo(204);
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.at("/output/done").asBoolean()).isTrue();
    assertThat(run.get("finishedAt").asText()).isNotBlank();
    assertThat(run.get("steps")).hasSize(1);

    JsonNode again = claim(runId, "lock-2");
    assertThat(again.get("action").asText()).isEqualTo("skip");
    assertThat(again.get("reason").asText()).contains("SUCCEEDED");
  }

  @Test
  void claimOfAnUnknownRunIs404AndBadTokensAre401() {
    assertThat(
            app.worker(
                    "/v1/worker/runs/00000000-0000-0000-0000-000000000000/claim",
                    Map.of("lockToken", "x"))
                .status())
        .isEqualTo(404);
    TestApp.Reply noToken =
        app.send(
            "POST", "/v1/worker/runs/" + newRun() + "/claim", "{\"lockToken\":\"x\"}", Map.of());
    assertThat(noToken.status()).isEqualTo(401);
    TestApp.Reply apiKey =
        app.api("POST", "/v1/worker/runs/" + newRun() + "/claim", "{\"lockToken\":\"x\"}");
    assertThat(apiKey.status()).isEqualTo(401);
  }

  @Test
  void cancelIsSeenOnTheNextStepWriteAndHeartbeat() {
    String runId = newRun();
    claim(runId, "lock-1");
    assertThat(app.api("POST", "/v1/runs/" + runId + "/cancel", null).status()).isEqualTo(200);
    assertThat(steps(runId, "lock-1", record("a", "SUCCEEDED")).body().get("cancel").asBoolean())
        .isTrue();
    assertThat(
            app.worker("/v1/worker/runs/" + runId + "/heartbeat", Map.of("leaseToken", "lock-1"))
                .body()
                .get("cancel")
                .asBoolean())
        .isTrue();
    app.worker(
        "/v1/worker/runs/" + runId + "/finish",
        Map.of("leaseToken", "lock-1", "status", "CANCELLED"));
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("status").asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void aDelayPauseAddsTheDelayedResumeJob() {
    String runId = newRun();
    claim(runId, "lock-1");
    String resumeAt = Instant.now().plusSeconds(3600).toString();
    TestApp.Reply paused =
        app.worker(
            "/v1/worker/runs/" + runId + "/pause",
            "{\"leaseToken\": \"lock-1\", \"waitpoint\": {\"stepPath\": \"wait\", \"kind\":"
                + " \"DELAY\", \"resumeAt\": \""
                + resumeAt
                + "\", \"data\": {}}, \"records\": [{\"path\": \"wait\", \"status\": \"PAUSED\","
                + " \"attempts\": 1}]}");
    assertThat(paused.status()).isEqualTo(204);
    assertThat(app.runs.getState(runId + "-r1")).contains(JobState.DELAYED);
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    assertThat(run.get("status").asText()).isEqualTo("PAUSED");
    assertThat(run.at("/waitpoint/kind").asText()).isEqualTo("DELAY");
    assertThat(run.at("/waitpoint/resumeUrl").isMissingNode()).isTrue();

    // the resume job claims the run; the first job, if it ran again, is told to skip
    JsonNode resumed =
        app.worker(
                "/v1/worker/runs/" + runId + "/claim",
                Map.of("lockToken", "lock-2", "jobId", runId + "-r1"))
            .body();
    assertThat(resumed.get("action").asText()).isEqualTo("run");
    assertThat(resumed.get("journal").findValuesAsText("status")).containsExactly("PAUSED");
  }

  @Test
  void anApprovalResumesThroughItsSignedUrlOnce() {
    String runId = newRun();
    claim(runId, "lock-1");
    app.worker(
        "/v1/worker/runs/" + runId + "/pause",
        "{\"leaseToken\": \"lock-1\", \"waitpoint\": {\"stepPath\": \"approve\", \"kind\":"
            + " \"RESUME\", \"resumeAt\": null, \"data\": {\"message\": \"ok?\"}}}");
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    String url = run.at("/waitpoint/resumeUrl").asText();
    assertThat(url).startsWith(app.url("/v1/resume/" + runId));
    String path = url.substring(app.url("").length());

    TestApp.Reply forged =
        app.send("POST", path.replaceAll("sig=[0-9a-f]+", "sig=00"), "{}", Map.of());
    assertThat(forged.status()).isEqualTo(403);

    TestApp.Reply ok = app.send("POST", path, "{\"approved\": true}", Map.of());
    assertThat(ok.status()).isEqualTo(202);
    assertThat(app.runs.getJob(runId + "-r1")).isPresent();
    assertThat(app.send("POST", path, "{\"approved\": true}", Map.of()).status()).isEqualTo(403);

    JsonNode claimed =
        app.worker(
                "/v1/worker/runs/" + runId + "/claim",
                Map.of("lockToken", "lock-2", "jobId", runId + "-r1"))
            .body();
    assertThat(claimed.at("/run/resume/stepPath").asText()).isEqualTo("approve");
    assertThat(claimed.at("/run/resume/payload/approved").asBoolean()).isTrue();
  }

  @Test
  void storeOperationsAreScopedByTheRunToken() {
    String runId = newRun();
    String token = claim(runId, "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"k\"}").isNull()).isTrue();
    store(h, "{\"op\": \"put\", \"scope\": \"FLOW\", \"key\": \"k\", \"value\": {\"a\": 1}}");
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"FLOW\", \"key\": \"k\"}").get("a").asInt())
        .isEqualTo(1);
    store(h, "{\"op\": \"increment\", \"scope\": \"PROJECT\", \"key\": \"n\", \"delta\": 2}");
    assertThat(
            store(
                    h,
                    "{\"op\": \"increment\", \"scope\": \"PROJECT\", \"key\": \"n\", \"delta\": 3}")
                .asInt())
        .isEqualTo(5);
    store(h, "{\"op\": \"append\", \"scope\": \"RUN\", \"key\": \"l\", \"value\": 1}");
    assertThat(store(h, "{\"op\": \"append\", \"scope\": \"RUN\", \"key\": \"l\", \"value\": 2}"))
        .hasSize(2);
    assertThat(store(h, "{\"op\": \"delete\", \"scope\": \"RUN\", \"key\": \"l\"}").asBoolean())
        .isTrue();

    // another run's RUN scope is its own
    String other = claim(newRun(), "lock-x").get("runToken").asText();
    Map<String, String> h2 = storeHeaders(other);
    store(h, "{\"op\": \"put\", \"scope\": \"RUN\", \"key\": \"mine\", \"value\": 1}");
    assertThat(store(h2, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"mine\"}").isNull())
        .isTrue();
    Map<String, String> noRun = storeHeaders("nope");
    assertThat(
            app.send("POST", "/v1/worker/store", "{\"op\": \"get\", \"key\": \"k\"}", noRun)
                .status())
        .isEqualTo(401);
    String keyedPut =
        "{\"op\": \"put\", \"key\": \"k\", \"value\": 1, \"leaseToken\": \"l\","
            + " \"idempotencyKey\": \"x:y\"}";
    assertThat(app.send("POST", "/v1/worker/store", keyedPut, noRun).status())
        .as("a keyed write with a run token of no run")
        .isEqualTo(401);
  }

  @Test
  void concurrentIncrementsAndAppendsLoseNothing() {
    String token = claim(newRun(), "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    java.util.stream.IntStream.range(0, 20)
        .parallel()
        .forEach(
            i -> {
              store(h, "{\"op\": \"increment\", \"scope\": \"RUN\", \"key\": \"n\"}");
              store(
                  h,
                  "{\"op\": \"append\", \"scope\": \"RUN\", \"key\": \"l\", \"value\": " + i + "}");
            });
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"n\"}").asInt())
        .isEqualTo(20);
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"l\"}")).hasSize(20);
  }

  @Test
  void incrementAddsExactlyAndRefusesWhatIsNotANumber() {
    String token = claim(newRun(), "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    String inc = "{\"op\": \"increment\", \"scope\": \"RUN\", \"key\": \"%s\", \"delta\": %s}";
    assertThat(store(h, inc.formatted("d", "0.1")).decimalValue()).isEqualByComparingTo("0.1");
    assertThat(store(h, inc.formatted("d", "0.2")).decimalValue()).isEqualByComparingTo("0.3");
    store(
        h,
        "{\"op\": \"put\", \"scope\": \"RUN\", \"key\": \"big\", \"value\": 9223372036854775807}");
    assertThat(store(h, inc.formatted("big", "1")).bigIntegerValue())
        .isEqualTo(new java.math.BigInteger("9223372036854775808"));
    store(h, "{\"op\": \"put\", \"scope\": \"RUN\", \"key\": \"nothing\", \"value\": null}");
    assertThat(store(h, inc.formatted("nothing", "2")).asInt()).isEqualTo(2);

    store(h, "{\"op\": \"put\", \"scope\": \"RUN\", \"key\": \"s\", \"value\": \"text\"}");
    TestApp.Reply refused = app.send("POST", "/v1/worker/store", inc.formatted("s", "1"), h);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.raw().body()).contains("not a number");
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"s\"}").asText())
        .isEqualTo("text");
  }

  @Test
  void aKeyedStoreWriteHappensOnceAndCommitsTheRecordsItCarries() {
    String runId = newRun();
    String token = claim(runId, "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    String write =
        """
        {"op": "increment", "scope": "RUN", "key": "n", "delta": 5, "leaseToken": "lock-1",
         "idempotencyKey": "%s:count", "records": [%s]}
        """
            .formatted(runId, record("shape", "SUCCEEDED"));
    assertThat(store(h, write).asInt()).isEqualTo(5);
    // the same step again (its record was lost with a crashed worker): the first answer, no write
    assertThat(store(h, write).asInt()).isEqualTo(5);
    assertThat(store(h, write.replace(":count", ":count2")).asInt()).isEqualTo(10);
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"n\"}").asInt())
        .isEqualTo(10);
    JsonNode run = app.api("GET", "/v1/runs/" + runId, null).body();
    assertThat(run.get("steps").findValuesAsText("path")).containsExactly("shape");
  }

  @Test
  void keyedAppendsAndDeletesAnswerWhatTheyFirstDidWhenRepeated() {
    String runId = newRun();
    String token = claim(runId, "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    String keyed =
        """
        {"op": "%s", "scope": "RUN", "key": "l", "value": 1, "leaseToken": "lock-1",
         "idempotencyKey": "%s:%s", "records": []}
        """;
    String append = keyed.formatted("append", runId, "a");
    assertThat(store(h, append).toString()).isEqualTo("[1]");
    assertThat(store(h, append).toString()).isEqualTo("[1]");
    String delete = keyed.formatted("delete", runId, "d");
    assertThat(store(h, delete).asBoolean()).isTrue();
    assertThat(store(h, delete).asBoolean()).as("the first answer, not a second delete").isTrue();
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"l\"}").isNull()).isTrue();
  }

  @Test
  void aKeyedWriteOfNullIsKeptAndARunsKeptAnswersGoWhenItFinishes() throws Exception {
    String runId = newRun();
    String token = claim(runId, "lock-1").get("runToken").asText();
    Map<String, String> h = storeHeaders(token);
    String write =
        """
        {"op": "put", "scope": "RUN", "key": "k", "value": null, "leaseToken": "lock-1",
         "idempotencyKey": "%s:p", "records": []}
        """
            .formatted(runId);
    assertThat(store(h, write).isNull()).isTrue();
    assertThat(store(h, write).isNull()).isTrue(); // repeated: the kept answer
    assertThat(keptAnswers(runId)).isEqualTo(1);
    TestApp.Reply fin =
        app.worker(
            "/v1/worker/runs/" + runId + "/finish",
            Map.of("leaseToken", "lock-1", "status", "SUCCEEDED"));
    assertThat(fin.status()).isEqualTo(204);
    assertThat(keptAnswers(runId)).isZero();
  }

  private static long keptAnswers(String runId) throws SQLException {
    try (Connection c = DriverManager.getConnection(TestServices.DATABASE_URL);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM " + app.schema + ".store_writes WHERE run_id = ?::uuid")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void zombieWorkerCannotWriteTheStore() {
    String runId = newRun();
    String token = claim(runId, "old").get("runToken").asText();
    claim(runId, "new");
    Map<String, String> h = storeHeaders(token);
    String write =
        """
        {"op": "put", "scope": "RUN", "key": "k", "value": 1, "leaseToken": "old",
         "idempotencyKey": "%s:put", "records": [%s]}
        """
            .formatted(runId, record("a", "SUCCEEDED"));
    assertThat(app.send("POST", "/v1/worker/store", write, h).status()).isEqualTo(409);
    assertThat(store(h, "{\"op\": \"get\", \"scope\": \"RUN\", \"key\": \"k\"}").isNull()).isTrue();
    assertThat(app.api("GET", "/v1/runs/" + runId, null).body().get("steps")).isEmpty();
    String bad = write.replace("\"old\"", "\"new\"").replace(runId + ":put", " ");
    assertThat(app.send("POST", "/v1/worker/store", bad, h).status()).isEqualTo(400);
  }

  /** The headers of a store call for the run behind {@code runToken}. */
  static Map<String, String> storeHeaders(String runToken) {
    return Map.of(
        "Authorization", "Bearer " + TestApp.WORKER_TOKEN, "X-Millrace-Run-Token", runToken);
  }

  static JsonNode store(Map<String, String> headers, String body) {
    TestApp.Reply r = app.send("POST", "/v1/worker/store", body, headers);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.body().get("value");
  }
}
