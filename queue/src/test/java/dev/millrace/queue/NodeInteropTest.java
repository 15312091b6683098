package dev.millrace.queue;

import static dev.millrace.queue.NodeInterop.NodeProcess.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java library and the real npm bullmq 6.x on the same Redis, in both directions. */
class NodeInteropTest {
  private final RedisCommands<String, String> redis = TestRedis.redis();
  private final List<Worker> workers = new ArrayList<>();
  private final List<NodeInterop.NodeProcess> processes = new ArrayList<>();
  private String name;
  private String base;
  private Queue queue;

  /** One job of the interop matrix, in Node's option shape and in ours. */
  record Case(String name, String dataJson, String nodeOpts, JobOptions opts) {}

  private static final List<Case> MATRIX =
      List.of(
          new Case("standard", "{\"k\":1}", "{}", JobOptions.DEFAULT),
          new Case(
              "delayed",
              "{\"k\":2}",
              "{\"delay\":300}",
              JobOptions.builder().delay(Duration.ofMillis(300)).build()),
          new Case(
              "prioritized",
              "{\"k\":3}",
              "{\"priority\":2}",
              JobOptions.builder().priority(2).build()),
          new Case("lifo", "{\"k\":4}", "{\"lifo\":true}", JobOptions.builder().lifo(true).build()),
          new Case(
              "custom-id",
              "{\"k\":5}",
              "{\"jobId\":\"custom-42\"}",
              JobOptions.builder().jobId("custom-42").build()),
          new Case(
              "dedup",
              "{\"k\":6}",
              "{\"deduplication\":{\"id\":\"dd-1\",\"ttl\":60000}}",
              JobOptions.builder()
                  .deduplication(Deduplication.of("dd-1", Duration.ofMinutes(1)))
                  .build()),
          new Case(
              "dedup",
              "{\"k\":7}",
              "{\"deduplication\":{\"id\":\"dd-1\",\"ttl\":60000}}",
              JobOptions.builder()
                  .deduplication(Deduplication.of("dd-1", Duration.ofMinutes(1)))
                  .build()),
          new Case(
              "retried",
              "{\"failTimes\":2}",
              "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":50}}",
              JobOptions.builder()
                  .attempts(3)
                  .backoff(Backoff.exponential(Duration.ofMillis(50)))
                  .build()),
          new Case(
              "removed",
              "{\"k\":9}",
              "{\"removeOnComplete\":true}",
              JobOptions.builder().removeOnComplete(true).build()));

  @BeforeEach
  void setUp() {
    NodeInterop.require();
    name = TestRedis.randomQueueName();
    base = "bull:" + name + ":";
    queue = new Queue(TestRedis.client(), name);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
    processes.forEach(NodeInterop.NodeProcess::close);
    if (queue != null) {
      queue.close();
      TestRedis.deleteQueue(name);
    }
  }

  private Worker javaWorker(Processor processor) {
    Worker w =
        new Worker(
            TestRedis.client(),
            name,
            processor,
            WorkerOptions.builder().concurrency(4).drainDelay(Duration.ofMillis(300)).build());
    workers.add(w);
    return w.start();
  }

  private NodeInterop.NodeProcess node(String script, String... args) {
    NodeInterop.NodeProcess p = NodeInterop.start(script, args);
    processes.add(p);
    return p;
  }

  private static Object javaResult(Job job) throws Exception {
    JsonNode data = job.data();
    if (data.path("failTimes").asInt(0) > job.attemptsMade()) {
      throw new IllegalStateException("boom " + job.attemptsMade());
    }
    return Map.of("by", "java", "name", job.name());
  }

  private static String nodeJobsJson() {
    StringBuilder sb = new StringBuilder("[");
    for (Case c : MATRIX) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append("{\"name\":\"")
          .append(c.name())
          .append("\",\"data\":")
          .append(c.dataJson())
          .append(",\"opts\":")
          .append(c.nodeOpts())
          .append('}');
    }
    return sb.append(']').toString();
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(n -> ids.add(n.asText()));
    return ids;
  }

  /** Checks the outcome of the matrix, whoever added and whoever processed. */
  private void assertMatrixOutcome(List<String> ids, String processedBy) {
    Map<String, String> idByCase = new LinkedHashMap<>();
    for (int i = 0; i < MATRIX.size(); i++) {
      idByCase.putIfAbsent(MATRIX.get(i).name(), ids.get(i));
    }
    assertThat(ids.get(6)).as("second dedup add returns the first job").isEqualTo(ids.get(5));
    assertThat(idByCase.get("custom-id")).isEqualTo("custom-42");
    for (String c :
        List.of("standard", "delayed", "prioritized", "lifo", "custom-id", "dedup", "retried")) {
      String id = idByCase.get(c);
      JsonNode nodeView = NodeInterop.run("admin.js", name, "getJob", id);
      assertThat(nodeView.path("state").asText()).as(c).isEqualTo("completed");
      assertThat(nodeView.path("returnvalue").path("by").asText()).as(c).isEqualTo(processedBy);
      assertThat(nodeView.path("name").asText()).isEqualTo(c);
    }
    String retried = idByCase.get("retried");
    assertThat(queue.getJob(retried).orElseThrow().attemptsMade()).isEqualTo(3);
    assertThat(queue.getJob(retried).orElseThrow().failedReason()).isEqualTo("boom 1");
    Job delayed = queue.getJob(idByCase.get("delayed")).orElseThrow();
    assertThat(delayed.processedOn()).isGreaterThanOrEqualTo(delayed.timestamp() + 300);
    assertThat(redis.exists(base + idByCase.get("removed"))).isZero();
    // with a ttl, deduplication is a throttle: Node keeps the key until the ttl ends
    assertThat(redis.pttl(base + "de:dd-1")).as("dedup key kept for its ttl").isPositive();
    assertThat(redis.llen(base + "active")).isZero();
  }

  @Test
  void nodeAddsJavaProcessesEveryOption() {
    JsonNode added = NodeInterop.run("producer.js", name, nodeJobsJson());
    List<String> ids = ids(added.get("ids"));
    AtomicInteger completed = new AtomicInteger();
    javaWorker(NodeInteropTest::javaResult)
        .addListener(
            new WorkerListener() {
              @Override
              public void completed(Job job, String returnValueJson) {
                completed.incrementAndGet();
              }
            });

    await().atMost(Duration.ofSeconds(15)).until(() -> completed.get() == 8);
    assertMatrixOutcome(ids, "java");
  }

  @Test
  void javaAddsNodeProcessesEveryOption() {
    List<String> ids = new ArrayList<>();
    for (Case c : MATRIX) {
      ids.add(queue.add(c.name(), c.dataJson(), c.opts()));
    }
    NodeInterop.NodeProcess worker = node("worker.js", name, "{\"concurrency\":4,\"expect\":8}");
    worker.awaitExit(Duration.ofSeconds(20));

    assertThat(worker.exitCode()).isZero();
    assertThat(worker.lines(event("failed"))).hasSize(2);
    assertMatrixOutcome(ids, "node");
    JsonNode retried = NodeInterop.run("admin.js", name, "getJob", ids.get(7));
    assertThat(retried.path("opts").path("backoff").path("type").asText()).isEqualTo("exponential");
    assertThat(retried.path("attemptsMade").asInt()).isEqualTo(3);
  }

  @Test
  void nodeQueueEventsAndWaitUntilFinishedSeeTheJavaWorker() {
    javaWorker(
        job -> {
          if (job.name().equals("bad")) {
            throw new UnrecoverableError("java says no");
          }
          job.updateProgress(50);
          return Map.of("sum", 14);
        });
    NodeInterop.NodeProcess observer =
        node(
            "observer.js",
            name,
            "{\"add\":{\"name\":\"obs\",\"data\":{\"a\":7}},\"timeout\":10000}");

    JsonNode finished =
        observer.awaitLine(
            n -> n.has("finished") || n.has("finishedError"), Duration.ofSeconds(15));
    assertThat(finished.path("finished").path("sum").asInt()).as(finished.toString()).isEqualTo(14);
    String id = finished.path("id").asText();
    assertThat(observer.awaitLine(event("active", id), Duration.ofSeconds(5)).path("prev").asText())
        .isEqualTo("waiting");
    assertThat(
            observer.awaitLine(event("progress", id), Duration.ofSeconds(5)).path("data").asInt())
        .isEqualTo(50);
    assertThat(
            observer
                .awaitLine(event("completed", id), Duration.ofSeconds(5))
                .path("returnvalue")
                .path("sum")
                .asInt())
        .isEqualTo(14);

    String bad = queue.add("bad", "{}");
    assertThat(
            observer
                .awaitLine(event("failed", bad), Duration.ofSeconds(10))
                .path("failedReason")
                .asText())
        .isEqualTo("java says no");
  }

  @Test
  void countsPauseResumeAndObliterateAgreeAcrossLanguages() {
    queue.add("w", "{}");
    queue.add("d", "{}", JobOptions.builder().delay(Duration.ofHours(1)).build());
    queue.add("p", "{}", JobOptions.builder().priority(4).build());

    JsonNode nodeCounts = NodeInterop.run("admin.js", name, "counts");
    Map<String, Long> fromNode = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = nodeCounts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      fromNode.put(e.getKey(), e.getValue().asLong());
    }
    assertThat(queue.getJobCounts()).isEqualTo(fromNode);

    NodeInterop.run("admin.js", name, "pause");
    assertThat(queue.isPaused()).isTrue();
    AtomicInteger processed = new AtomicInteger();
    javaWorker(
        job -> {
          processed.incrementAndGet();
          return null;
        });
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(2))
        .until(() -> processed.get() == 0);
    NodeInterop.run("admin.js", name, "resume");
    await().atMost(Duration.ofSeconds(5)).until(() -> processed.get() == 2);

    queue.pause();
    assertThat(NodeInterop.run("admin.js", name, "isPaused").path("paused").asBoolean()).isTrue();
    queue.resume();
    assertThat(NodeInterop.run("admin.js", name, "isPaused").path("paused").asBoolean()).isFalse();

    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
    NodeInterop.run("admin.js", name, "obliterate");
    assertThat(redis.keys(base + "*")).isEmpty();
  }

  @Test
  void javaQueueEventsAndWaitUntilFinishedSeeTheNodeWorker() throws Exception {
    List<QueueEvent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    QueueEvents events = new QueueEvents(TestRedis.client(), name).addListener(seen::add).start();
    try {
      String id = queue.add("from-java", "{\"progress\":33}");
      String failing = queue.add("failing", "{\"failTimes\":1}");
      node("worker.js", name, "{\"expect\":2}");

      assertThatThrownBy(() -> events.waitUntilFinished(failing, Duration.ofSeconds(15)))
          .isInstanceOf(JobFailedException.class)
          .hasMessage("boom 0");

      String value = events.waitUntilFinished(id, Duration.ofSeconds(15));
      assertThat(NodeInterop.JSON.readTree(value).path("by").asText()).isEqualTo("node");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .filteredOn(e -> id.equals(e.jobId()))
                      .extracting(QueueEvent::event)
                      .contains("active", "progress", "completed"));
      assertThat(seen)
          .filteredOn(e -> e.event().equals("progress"))
          .first()
          .satisfies(e -> assertThat(e.fields()).containsEntry("data", "33"));
    } finally {
      events.close();
    }
  }

  @Test
  void jobOfAKilledNodeWorkerIsRecoveredByJava() {
    String id = queue.add("hang", "{\"hang\":true}");
    NodeInterop.NodeProcess nodeWorker =
        node("worker.js", name, "{\"lockDuration\":1000,\"stalledInterval\":500}");
    nodeWorker.awaitLine(event("processing"), Duration.ofSeconds(15));
    nodeWorker.kill();

    Worker w =
        new Worker(
            TestRedis.client(),
            name,
            job -> Map.of("by", "java"),
            WorkerOptions.builder()
                .stalledInterval(Duration.ofMillis(500))
                .lockDuration(Duration.ofSeconds(1))
                .drainDelay(Duration.ofMillis(200))
                .build());
    workers.add(w.start());

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> queue.getState(id).orElseThrow() == JobState.COMPLETED);
    Job job = queue.getJob(id).orElseThrow();
    assertThat(job.returnValueJson()).isEqualTo("{\"by\":\"java\"}");
    assertThat(job.stalledCounter()).isEqualTo(1);
  }

  @Test
  void jobOfAKilledJavaWorkerProcessIsRecoveredByNode() {
    String id = queue.add("hang", "{\"hangJava\":true}");
    try (ChildProcess child =
        ChildProcess.java(
            WorkerMain.class, TestRedis.url(), name, "1", "1000", "effects:" + name, "500")) {
      child.awaitLines("processing ", 1, Duration.ofSeconds(20));
      child.kill();
    } finally {
      redis.del("effects:" + name);
    }
    NodeInterop.NodeProcess nodeWorker =
        node("worker.js", name, "{\"lockDuration\":1000,\"stalledInterval\":500,\"expect\":1}");
    nodeWorker.awaitExit(Duration.ofSeconds(20));

    JsonNode view = NodeInterop.run("admin.js", name, "getJob", id);
    assertThat(view.path("state").asText()).isEqualTo("completed");
    assertThat(view.path("returnvalue").path("by").asText()).isEqualTo("node");
    assertThat(redis.hget(base + id, "stc")).isEqualTo("1");
  }

  @Test
  void schedulerUpsertedByJavaIsRunAndRescheduledByNode() {
    queue.upsertJobScheduler(
        "tick", Schedule.every(Duration.ofMillis(400)), "tick", "{\"k\":1}", JobOptions.DEFAULT);
    NodeInterop.NodeProcess nodeWorker = node("worker.js", name, "{\"expect\":3}");
    nodeWorker.awaitExit(Duration.ofSeconds(20));

    List<JsonNode> done = nodeWorker.lines(event("completed"));
    assertThat(done).hasSize(3);
    assertThat(done).allSatisfy(n -> assertThat(n.path("id").asText()).startsWith("repeat:tick:"));
  }

  @Test
  void schedulerUpsertedByNodeIsRunAndRescheduledByJava() {
    NodeInterop.run(
        "scheduler.js", name, "tock", "{\"every\":400}", "{\"name\":\"tock\",\"data\":{\"k\":2}}");
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    javaWorker(
        job -> {
          ids.add(job.id());
          return null;
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> ids.size() >= 3);
    assertThat(ids).allSatisfy(id -> assertThat(id).startsWith("repeat:tock:"));
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void workersOfBothLanguagesAreListedOnBothSides() {
    Worker w =
        new Worker(
            TestRedis.client(),
            name,
            job -> null,
            WorkerOptions.builder().name("java-w").drainDelay(Duration.ofMillis(300)).build());
    workers.add(w.start());
    node("worker.js", name, "{}").awaitLine(event("ready"), Duration.ofSeconds(15));

    await().atMost(Duration.ofSeconds(5)).until(() -> queue.getWorkers().size() == 2);
    assertThat(queue.getWorkers()).anyMatch(n -> n.endsWith(":w:java-w"));
    // Node's getWorkers() reports each worker under the queue's name: both are there
    JsonNode fromNode = NodeInterop.run("admin.js", name, "workers");
    assertThat(fromNode.size()).isEqualTo(2);
  }
}
