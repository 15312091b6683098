package dev.millrace.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pauses, the store, and what the heartbeat carries back (cancel, a superseded lease). */
class RunReportsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private WorkerFixture f;

  @BeforeEach
  void setUp() {
    f = new WorkerFixture();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static String flow(String... steps) {
    return """
        {"name": "t", "trigger": {"type": "webhook", "mode": "async"}, "steps": [%s]}"""
        .formatted(String.join(",", steps));
  }

  private void awaitStatus(String runId, String status) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(f.app.run(runId).status()).isEqualTo(status));
  }

  @Test
  void aDelayPausesTheRunWithItsWaitpointAndAResumeJobFinishesIt() {
    f.startWorker(1);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "p1", "type": "piece", "piece": "test", "action": "pure", "input": {"value": 1}}""",
                """
                {"name": "wait", "type": "piece", "piece": "delay", "action": "for", "input": {"seconds": 1}}""",
                """
                {"name": "p3", "type": "piece", "piece": "test", "action": "pure", "input": {"value": 3}}"""),
            null);

    awaitStatus(runId, "PAUSED");
    JsonNode pause = f.app.run(runId).pause;
    assertThat(pause.path("waitpoint").path("kind").asText()).isEqualTo("DELAY");
    assertThat(pause.path("waitpoint").path("stepPath").asText()).isEqualTo("wait");
    Instant resumeAt = Instant.parse(pause.path("waitpoint").path("resumeAt").asText());
    assertThat(resumeAt).isAfter(Instant.now().minusSeconds(5));
    assertThat(f.app.run(runId).journalPaths()).containsExactly("p1", "wait");
    await()
        .atMost(WAIT)
        .until(() -> f.queue.getState(runId).equals(Optional.of(JobState.COMPLETED)));

    // The app adds the resume job <runId>-r1, delayed until the waitpoint's resumeAt.
    await().atMost(WAIT).until(() -> Instant.now().isAfter(resumeAt));
    f.addJob(runId + "-r1", "{\"runId\":\"" + runId + "\"}", 3);
    awaitStatus(runId, "SUCCEEDED");
    assertThat(f.app.run(runId).journalPaths()).containsExactly("p1", "wait", "p3");
    assertThat(f.app.run(runId).step("wait").path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void anAppDownForLongerThanTheRetryBudgetFailsTheAttemptAndTheQueueRetriesIt() {
    f.startWorker(1, java.util.Map.of("MILLRACE_WORKER_REPORT_RETRY_SECONDS", "1"));
    f.app.stop();
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "one", "type": "piece", "piece": "http", "action": "request",
                 "input": {"method": "POST", "url": "%s"}}"""
                    .formatted(f.sink.url("/one"))),
            null);

    // The claim gives up after the budget: an infrastructure error, so the attempt fails and the
    // queue schedules the next one with its backoff.
    await()
        .atMost(WAIT)
        .until(() -> f.queue.getJob(runId).map(j -> j.attemptsMade() >= 1).orElse(false));
    assertThat(f.queue.getJob(runId).orElseThrow().failedReason()).contains("did not answer");
    f.app.restart();

    awaitStatus(runId, "SUCCEEDED");
    assertThat(f.sink.count("/one")).isEqualTo(1);
    await()
        .atMost(WAIT)
        .until(() -> f.queue.getState(runId).equals(Optional.of(JobState.COMPLETED)));
  }

  @Test
  void aStepWriteThatNeverReachesTheAppDoesNotMakeTheEngineRepeatTheStep() throws Exception {
    f.startWorker(1, java.util.Map.of("MILLRACE_WORKER_REPORT_RETRY_SECONDS", "1"));
    String gateName = "broken-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "one", "type": "piece", "piece": "test", "action": "gate", "input": {"name": "%s"}}"""
                    .formatted(gateName),
                """
                {"name": "two", "type": "piece", "piece": "http", "action": "request",
                 "input": {"method": "POST", "url": "%s"},
                 "retry": {"attempts": 3, "backoff": "fixed", "delayMs": 100}}"""
                    .formatted(f.sink.url("/two"))),
            null);
    gate.awaitEntered();
    gate.open();
    // Step one is journaled; take the app down before step two's record can be written.
    await().atMost(WAIT).until(() -> f.app.run(runId).journalPaths().contains("one"));
    f.app.stop();
    await()
        .atMost(WAIT)
        .until(() -> f.queue.getJob(runId).map(j -> j.attemptsMade() >= 1).orElse(false));
    f.app.restart();

    awaitStatus(runId, "SUCCEEDED");
    // Once in the attempt whose write was lost, once in the next: the step's own retries did not
    // repeat the effect because of the failed write.
    assertThat(f.sink.count("/two")).isEqualTo(2);
    assertThat(f.app.run(runId).step("two").path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void storeStepsGoToTheAppWithTheRunToken() {
    f.startWorker(1);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "put", "type": "piece", "piece": "store", "action": "put",
                 "input": {"key": "n", "value": 41, "scope": "run"}}""",
                """
                {"name": "inc", "type": "piece", "piece": "store", "action": "increment",
                 "input": {"key": "n", "delta": 1, "scope": "run"}}""",
                """
                {"name": "get", "type": "piece", "piece": "store", "action": "get",
                 "input": {"key": "n", "scope": "run"}}"""),
            null);

    awaitStatus(runId, "SUCCEEDED");
    assertThat(f.app.run(runId).finish().path("output").toString()).contains("42");
    assertThat(f.app.endpoints(runId)).contains("store");
  }

  @Test
  void eachStoreWriteOfAStepHasItsOwnIdempotencyKey() {
    f.startWorker(1);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "both", "type": "piece", "piece": "test", "action": "twoPuts", "input": {}}"""),
            null);

    awaitStatus(runId, "SUCCEEDED");
    assertThat(
            f.app.calls(runId).stream()
                .filter(c -> c.endpoint().equals("store"))
                .map(c -> c.body().path("idempotencyKey").asText()))
        .containsExactly(runId + ":both", runId + ":both#2");
  }

  @Test
  void aLeaseSupersededWhileAStepRunsIsSeenByTheHeartbeatAndNothingMoreIsWritten()
      throws Exception {
    f.startWorker(1);
    String gateName = "beat-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "one", "type": "piece", "piece": "test", "action": "gate", "input": {"name": "%s"}}"""
                    .formatted(gateName),
                """
                {"name": "two", "type": "piece", "piece": "http", "action": "request",
                 "input": {"method": "POST", "url": "%s"}}"""
                    .formatted(f.sink.url("/two"))),
            null);
    gate.awaitEntered();
    String otherToken = "other-worker:7";
    try (var connection = f.redis.connect()) {
      connection.sync().set(f.prefix + ":runs:" + runId + ":lock", otherToken);
    }
    f.app.supersede(runId, otherToken);

    // Heartbeats come every lockDuration/4 (500 ms here); the first after the takeover gets 409.
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.app.calls(runId).stream()
                    .anyMatch(c -> c.endpoint().equals("heartbeat") && c.status() == 409));
    gate.open();
    await().atMost(WAIT).until(f::startedWorkerIdle);

    long refusedAt =
        f.app.calls(runId).stream().filter(c -> c.status() == 409).findFirst().orElseThrow().seq();
    // A write already on its way when the heartbeat's 409 arrived is refused too; nothing after.
    assertThat(f.app.calls(runId).stream().filter(c -> c.seq() > refusedAt))
        .hasSizeLessThanOrEqualTo(1)
        .allMatch(c -> c.status() == 409);
    assertThat(f.app.run(runId).journalPaths()).isEmpty();
    assertThat(f.sink.count("/two")).isZero();
    assertThat(f.queue.getState(runId)).contains(JobState.ACTIVE);
  }

  @Test
  void aCancelInAHeartbeatReplyStopsTheRunAtTheNextBoundary() throws Exception {
    f.startWorker(1);
    String gateName = "cancel-beat-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "one", "type": "piece", "piece": "test", "action": "gate", "input": {"name": "%s"}}"""
                    .formatted(gateName),
                """
                {"name": "two", "type": "piece", "piece": "http", "action": "request",
                 "input": {"method": "POST", "url": "%s"}}"""
                    .formatted(f.sink.url("/two"))),
            null);
    gate.awaitEntered();
    long before = f.app.calls(runId).size();
    f.app.run(runId).cancel = true;
    await()
        .atMost(WAIT)
        .until(
            () ->
                f.app.calls(runId).stream()
                    .skip(before)
                    .anyMatch(c -> c.endpoint().equals("heartbeat")));
    gate.open();

    awaitStatus(runId, "CANCELLED");
    assertThat(f.sink.count("/two")).isZero();
  }
}
