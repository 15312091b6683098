package dev.millrace.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.queue.JobState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunWorkerTest {
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

  private String http(String name, String path) {
    return """
        {"name": "%s", "type": "piece", "piece": "http", "action": "request",
         "input": {"method": "POST", "url": "%s"}}"""
        .formatted(name, f.sink.url(path));
  }

  private static String pure(String name, String value) {
    return """
        {"name": "%s", "type": "piece", "piece": "test", "action": "pure", "input": {"value": %s}}"""
        .formatted(name, value);
  }

  private static String gate(String name, String gate) {
    return """
        {"name": "%s", "type": "piece", "piece": "test", "action": "gate", "input": {"name": "%s"}}"""
        .formatted(name, gate);
  }

  private static String flow(String... steps) {
    return """
        {"name": "t", "trigger": {"type": "webhook", "mode": "async"}, "steps": [%s]}"""
        .formatted(String.join(",", steps));
  }

  private static JsonNode json(String text) {
    try {
      return AppStandIn.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void awaitStatus(String runId, String status) {
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(f.app.run(runId).status()).isEqualTo(status));
  }

  private Optional<JobState> jobState(String jobId) {
    return f.queue.getState(jobId);
  }

  @Test
  void threeStepRunClaimsJournalsEachStepAndFinishes() {
    f.startWorker(1);
    String runId =
        f.enqueue(flow(http("one", "/one"), http("two", "/two"), http("three", "/three")), null);

    awaitStatus(runId, "SUCCEEDED");
    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));

    assertThat(f.app.endpoints(runId))
        .containsExactly("claim", "steps", "steps", "steps", "finish");
    assertThat(f.app.stepBatches(runId))
        .containsExactly(List.of("one"), List.of("two"), List.of("three"));
    assertThat(f.app.run(runId).journalPaths()).containsExactly("one", "two", "three");
    assertThat(f.sink.count("/one")).isEqualTo(1);
    assertThat(f.sink.count("/three")).isEqualTo(1);
    JsonNode finish = f.app.run(runId).finish();
    assertThat(finish.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(finish.path("output").path("status").asInt()).isEqualTo(200);
  }

  @Test
  void effectFreeStepsAreBatchedBeforeTheNextEffectfulStep() {
    f.startWorker(1);
    String runId =
        f.enqueue(
            flow(pure("p1", "1"), pure("p2", "\"{{p1}}\""), http("e3", "/e3"), pure("p4", "4")),
            null);

    awaitStatus(runId, "SUCCEEDED");

    List<List<String>> batches = f.app.stepBatches(runId);
    // p1 and p2 travel together, before e3's effect; e3 alone, right after it.
    assertThat(batches.get(0)).containsExactly("p1", "p2");
    assertThat(batches.get(1)).containsExactly("e3");
    List<String> all = new java.util.ArrayList<>();
    batches.forEach(all::addAll);
    f.app.run(runId).finish().path("records").forEach(r -> all.add(r.path("path").asText()));
    assertThat(all).containsExactly("p1", "p2", "e3", "p4");
    assertThat(f.app.run(runId).journalPaths()).containsExactly("p1", "p2", "e3", "p4");
  }

  @Test
  void replayReusesJournaledStepsWithoutRunningThemAgain() {
    f.startWorker(1);
    String flow =
        flow(
            http("step1", "/step1"),
            pure("step2", "\"{{step1.body.path}}\""),
            http("step3", "/step3"));
    String runId = UUID.randomUUID().toString();
    f.app.addRun(runId, flow, null);
    f.app.seed(
        runId,
        json(
            """
            {"path": "step1", "status": "SUCCEEDED", "output": {"status": 200, "body": {"path": "/recorded"}},
             "error": null, "attempts": 1, "startedAt": "2026-12-03T10:00:00Z",
             "finishedAt": "2026-12-03T10:00:01Z", "logs": [], "waitpoint": null}"""));
    f.addJob(runId, "{\"runId\":\"" + runId + "\"}", 3);

    awaitStatus(runId, "SUCCEEDED");

    assertThat(f.sink.count("/step1")).isZero();
    assertThat(f.sink.count("/step3")).isEqualTo(1);
    assertThat(f.app.run(runId).step("step2").path("output").asText()).isEqualTo("/recorded");
  }

  @Test
  void supersededLeaseStopsTheRunWithNoFurtherWrites() throws Exception {
    f.startWorker(1);
    String gateName = "lease-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId =
        f.enqueue(flow(http("one", "/one"), gate("two", gateName), http("three", "/three")), null);
    gate.awaitEntered();

    // Another worker took the job over: its lock token is in Redis and is the run's lease now.
    String otherToken = "other-worker:1";
    try (var connection = f.redis.connect()) {
      connection.sync().set(f.prefix + ":runs:" + runId + ":lock", otherToken);
    }
    f.app.supersede(runId, otherToken);
    gate.open();

    await().atMost(WAIT).until(() -> f.app.calls(runId).stream().anyMatch(c -> c.status() == 409));
    await().atMost(WAIT).until(() -> f.startedWorkerIdle());
    long refusedAt =
        f.app.calls(runId).stream().filter(c -> c.status() == 409).findFirst().orElseThrow().seq();
    // Only a write already on its way when the first 409 arrived may follow it, refused as well.
    assertThat(f.app.calls(runId).stream().filter(c -> c.seq() > refusedAt))
        .hasSizeLessThanOrEqualTo(1)
        .allMatch(c -> c.status() == 409);
    assertThat(f.sink.count("/three")).isZero();
    assertThat(f.app.run(runId).finish()).isNull();
    assertThat(f.app.run(runId).journalPaths()).containsExactly("one");
    // The queue's finish was refused by the lock check: the job stays with its new owner.
    assertThat(jobState(runId)).contains(JobState.ACTIVE);
  }

  @Test
  void appBrieflyDownLosesNoStepAndDuplicatesNone() throws Exception {
    f.startWorker(1);
    String gateName = "down-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId =
        f.enqueue(flow(http("one", "/one"), gate("two", gateName), http("three", "/three")), null);
    gate.awaitEntered();

    f.app.stop();
    gate.open();
    // The app stays down while the worker tries to report step two (retried with backoff).
    Thread.sleep(1500);
    f.app.restart();

    awaitStatus(runId, "SUCCEEDED");
    assertThat(f.sink.count("/one")).isEqualTo(1);
    assertThat(f.sink.count("/three")).isEqualTo(1);
    assertThat(f.app.run(runId).journalPaths()).containsExactly("one", "two", "three");
    List<String> written = f.app.stepBatches(runId).stream().flatMap(List::stream).toList();
    assertThat(written).containsExactly("one", "two", "three");
    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));
  }

  @Test
  void terminalRunIsSkippedAndItsJobCompletedWithoutWork() {
    f.startWorker(1);
    String runId = UUID.randomUUID().toString();
    f.app.addRun(runId, flow(http("one", "/one")), null);
    f.app.markTerminal(runId, "SUCCEEDED");
    f.addJob(runId, "{\"runId\":\"" + runId + "\"}", 3);

    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));
    assertThat(f.app.endpoints(runId)).containsExactly("claim");
    assertThat(f.sink.count("/one")).isZero();
  }

  @Test
  void poisonJobsFailWithAReasonAndTheWorkerCarriesOn() {
    f.startWorker(1);
    f.addJob("unknown-run", "{\"runId\":\"" + UUID.randomUUID() + "\"}", 3);
    f.addJob("no-run-id", "{\"hello\":1}", 3);
    String runId = f.enqueue(flow(http("one", "/one")), null);

    awaitStatus(runId, "SUCCEEDED");
    await().atMost(WAIT).until(() -> jobState("unknown-run").equals(Optional.of(JobState.FAILED)));
    await().atMost(WAIT).until(() -> jobState("no-run-id").equals(Optional.of(JobState.FAILED)));
    var unknown = f.queue.getJob("unknown-run").orElseThrow();
    assertThat(unknown.failedReason()).contains("no such run");
    assertThat(unknown.attemptsMade()).isEqualTo(1); // no retry for poison
    assertThat(f.queue.getJob("no-run-id").orElseThrow().failedReason()).contains("no runId");
  }

  @Test
  void aWrongWorkerTokenIsADeploymentFaultNotAPoisonJob() {
    f.startWorker(1, java.util.Map.of("MILLRACE_WORKER_TOKEN", "wrong"));
    String runId = f.enqueue(flow(http("one", "/one")), null);

    await()
        .atMost(WAIT)
        .until(() -> f.queue.getJob(runId).map(j -> j.attemptsMade() >= 1).orElse(false));
    var job = f.queue.getJob(runId).orElseThrow();
    assertThat(job.failedReason()).contains("401");
    // Retried with the queue's backoff, not failed for good.
    assertThat(jobState(runId)).isNotEqualTo(Optional.of(JobState.FAILED));
  }

  @Test
  void aRunPastItsDeadlineEndsTimedOut() {
    f.startWorker(1);
    String runId = UUID.randomUUID().toString();
    f.app.addRun(runId, flow(http("one", "/one")), null).deadline =
        java.time.Instant.now().minusSeconds(1);
    f.addJob(runId, "{\"runId\":\"" + runId + "\"}", 3);

    awaitStatus(runId, "TIMED_OUT");
    assertThat(f.sink.count("/one")).isZero();
    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));
  }

  @Test
  void invalidFlowFinishesTheRunFailedWithItsProblems() {
    f.startWorker(1);
    String runId =
        f.enqueue(
            flow(
                """
                {"name": "bad", "type": "piece", "piece": "nope", "action": "x", "input": {}}"""),
            null);

    awaitStatus(runId, "FAILED");
    assertThat(f.app.run(runId).finish().path("error").asText()).contains("bad").contains("nope");
    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));
  }

  @Test
  void cancelSeenInAStepsReplyStopsTheRunAsCancelled() throws Exception {
    f.startWorker(1);
    String gateName = "cancel-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId = f.enqueue(flow(gate("one", gateName), http("two", "/two")), null);
    gate.awaitEntered();
    f.app.run(runId).cancel = true;
    gate.open();

    awaitStatus(runId, "CANCELLED");
    assertThat(f.sink.count("/two")).isZero();
    await().atMost(WAIT).until(() -> jobState(runId).equals(Optional.of(JobState.COMPLETED)));
  }

  @Test
  void drainLetsAnInFlightRunFinishAndReadinessGoesFalse() throws Exception {
    RunWorker worker = f.startWorker(2);
    assertThat(healthStatus(worker, "/health/ready")).isEqualTo(200);
    String gateName = "drain-" + UUID.randomUUID();
    var gate = TestPiece.gate(gateName);
    String runId = f.enqueue(flow(gate("one", gateName), http("two", "/two")), null);
    gate.awaitEntered();
    int port = worker.healthPort();

    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(worker::drain);
    await().atMost(WAIT).until(() -> !worker.ready());
    assertThat(healthStatus(port, "/health/ready")).isEqualTo(503);
    assertThat(healthStatus(port, "/health/live")).isEqualTo(200);
    // Fetching stopped: a job added now waits for another worker.
    String later = f.enqueue(flow(http("x", "/x")), null);
    gate.open();

    assertThat(drained.get()).isTrue();
    assertThat(f.app.run(runId).status()).isEqualTo("SUCCEEDED");
    assertThat(jobState(runId)).contains(JobState.COMPLETED);
    assertThat(jobState(later)).contains(JobState.WAITING);
    assertThat(f.app.endpoints(later)).isEmpty();
  }

  @Test
  void fiveSlotsRunFiveSlowRunsAtOnce() {
    f.startWorker(5);
    String barrier = "five-" + UUID.randomUUID();
    TestPiece.barrier(barrier, 5);
    String step =
        """
        {"name": "meet", "type": "piece", "piece": "test", "action": "barrier", "input": {"name": "%s"}}"""
            .formatted(barrier);
    List<String> runs =
        java.util.stream.IntStream.range(0, 5).mapToObj(i -> f.enqueue(flow(step), null)).toList();

    runs.forEach(r -> awaitStatus(r, "SUCCEEDED"));
    // Each barrier step waited for the other four: all five ran at once.
    runs.forEach(
        r -> assertThat(f.app.run(r).step("meet").path("status").asText()).isEqualTo("SUCCEEDED"));
  }

  private static int healthStatus(RunWorker worker, String path) throws Exception {
    return healthStatus(worker.healthPort(), path);
  }

  private static int healthStatus(int port, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
